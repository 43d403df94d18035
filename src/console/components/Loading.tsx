import { Center, Loader } from '@mantine/core';

/** A centered spinner that screen readers announce. */
export function Loading({ label = 'Loading' }: { label?: string }) {
  return (
    <Center py="xl" role="status" aria-label={label}>
      <Loader />
    </Center>
  );
}

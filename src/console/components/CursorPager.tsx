import { Button, Group, Text } from '@mantine/core';
import { IconChevronLeft, IconChevronRight } from '@tabler/icons-react';
import type { CursorPages } from '../lib/use-cursor-pages';

/** Previous / next over a cursor-paginated list (the API has no page numbers, only "what comes next"). */
export function CursorPager({ pages, nextCursor, label }: { pages: CursorPages; nextCursor: string | null | undefined; label: string }) {
  if (pages.index === 0 && !nextCursor) return null;
  return (
    <Group justify="flex-end" gap="xs" mt="sm" role="navigation" aria-label={`${label} pages`}>
      <Text size="sm" c="dimmed">Page {pages.index + 1}</Text>
      <Button variant="default" size="xs" leftSection={<IconChevronLeft size={14} />} disabled={pages.index === 0} onClick={pages.previous}>
        Previous
      </Button>
      <Button variant="default" size="xs" rightSection={<IconChevronRight size={14} />} disabled={!nextCursor} onClick={() => nextCursor && pages.next(nextCursor)}>
        Next
      </Button>
    </Group>
  );
}

import { Button } from '@mantine/core';
import { IconMapQuestion } from '@tabler/icons-react';
import { Link } from 'react-router';
import { FullPageMessage } from '../components/FullPageMessage';

export function NotFoundPage() {
  return (
    <FullPageMessage icon={<IconMapQuestion />} color="gray" title="Page not found" actions={<Button component={Link} to="/">Go to the console</Button>}>
      There is nothing at this address.
    </FullPageMessage>
  );
}

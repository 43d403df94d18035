import { Button } from '@mantine/core';
import { IconBug } from '@tabler/icons-react';
import { useRouteError } from 'react-router';
import { FullPageMessage } from '../components/FullPageMessage';
import { errorMessage } from '../lib/notify';

/** A render error anywhere below the router: say so instead of a blank page. */
export function RouteError() {
  const error = useRouteError();
  return (
    <FullPageMessage
      icon={<IconBug />}
      color="red"
      title="Something broke on this page"
      actions={<Button onClick={() => window.location.reload()}>Reload</Button>}
    >
      {errorMessage(error)}
    </FullPageMessage>
  );
}

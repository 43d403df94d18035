import { Alert, Button, Group, Text } from '@mantine/core';
import { IconCircleCheck } from '@tabler/icons-react';
import { Link } from 'react-router';
import type { WizardResult } from '../api';

export function CompletedStep({ result }: { result: WizardResult }) {
  const { organization: org, owner } = result;
  return (
    <>
      <Alert color="green" icon={<IconCircleCheck />} title={`${org.name} was created`} role="status">
        <Text size="sm">
          Owner: {owner.name} &lt;{owner.email}&gt;{owner.created ? ' (new account; they were sent an email)' : ''}. Status: {org.status}.
        </Text>
      </Alert>
      <Group mt="md">
        <Button component={Link} to={`/admin/organizations/${org.id}`}>Open organization</Button>
        <Button component={Link} to="/admin" variant="default">Back to the directory</Button>
      </Group>
    </>
  );
}

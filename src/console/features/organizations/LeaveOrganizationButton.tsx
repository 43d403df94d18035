import { Button, Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import { IconDoorExit } from '@tabler/icons-react';
import { useNavigate } from 'react-router';
import { notifyError, notifySuccess } from '../../lib/notify';
import { useLeaveOrganization } from './api';

export function LeaveOrganizationButton({ slug, name }: { slug: string; name: string }) {
  const leave = useLeaveOrganization(slug);
  const navigate = useNavigate();
  const confirm = () =>
    modals.openConfirmModal({
      title: `Leave ${name}?`,
      children: <Text size="sm">You lose access right away. To come back, someone has to invite you again.</Text>,
      labels: { confirm: 'Leave organization', cancel: 'Stay' },
      confirmProps: { color: 'red' },
      onConfirm: () =>
        leave.mutate(undefined, {
          onSuccess: () => {
            notifySuccess(`You left ${name}`);
            navigate('/', { replace: true });
          },
          onError: (e) => notifyError(e, 'Could not leave'),
        }),
    });
  return (
    <Button variant="light" color="red" leftSection={<IconDoorExit size={16} />} onClick={confirm} loading={leave.isPending}>
      Leave organization
    </Button>
  );
}

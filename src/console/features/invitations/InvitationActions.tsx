import { Button, Group, Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import { useOrg } from '../../lib/org-context';
import { notifyError, notifySuccess } from '../../lib/notify';
import { useResendInvitation, useRevokeInvitation, type Invitation } from './api';

/** Resend (a new link; the old one stops working) and revoke, for pending invitations only. */
export function InvitationActions({ invitation }: { invitation: Invitation }) {
  const { slug, can } = useOrg();
  const resend = useResendInvitation(slug);
  const revoke = useRevokeInvitation(slug);
  if (invitation.status !== 'PENDING') return null;
  const confirmRevoke = () =>
    modals.openConfirmModal({
      title: 'Revoke invitation?',
      children: <Text size="sm">The link sent to {invitation.email} stops working.</Text>,
      labels: { confirm: 'Revoke', cancel: 'Keep it' },
      confirmProps: { color: 'red' },
      onConfirm: () => revoke.mutate(invitation.id, { onSuccess: () => notifySuccess('Invitation revoked'), onError: (e) => notifyError(e) }),
    });
  return (
    <Group gap={4} justify="flex-end" wrap="nowrap">
      {can('invitations:create') && (
        <Button
          size="compact-sm"
          variant="subtle"
          loading={resend.isPending}
          aria-label={`Resend invitation to ${invitation.email}`}
          onClick={() => resend.mutate(invitation.id, { onSuccess: () => notifySuccess(`Sent again to ${invitation.email}`), onError: (e) => notifyError(e) })}
        >
          Resend
        </Button>
      )}
      {can('invitations:revoke') && (
        <Button size="compact-sm" variant="subtle" color="red" aria-label={`Revoke invitation to ${invitation.email}`} onClick={confirmRevoke}>
          Revoke
        </Button>
      )}
    </Group>
  );
}

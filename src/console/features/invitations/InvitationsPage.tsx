import { useState } from 'react';
import { Badge, Button, SegmentedControl, VisuallyHidden } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { IconMailPlus } from '@tabler/icons-react';
import { DataTable } from 'mantine-datatable';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { StatusBadge } from '../../components/StatusBadge';
import { useOrg } from '../../lib/org-context';
import { INVITATION_STATUSES, invitationsQuery, type InvitationStatus } from './api';
import { InvitationActions } from './InvitationActions';
import { InviteModal } from './InviteModal';

export function InvitationsPage() {
  const { slug, can } = useOrg();
  const [status, setStatus] = useState<InvitationStatus>('PENDING');
  const invitations = useQuery(invitationsQuery(slug, status));
  const [inviting, invite] = useDisclosure(false);

  return (
    <>
      <PageHeader
        title="Invitations"
        description="Invitations expire after their validity; each link works once."
        actions={can('invitations:create') && <Button leftSection={<IconMailPlus size={16} />} onClick={invite.open}>Invite</Button>}
      />
      <SegmentedControl
        mb="sm"
        aria-label="Invitation status"
        value={status}
        onChange={(v) => setStatus(v as InvitationStatus)}
        data={INVITATION_STATUSES.map((s) => ({ value: s, label: s.charAt(0) + s.slice(1).toLowerCase() }))}
        style={{ maxWidth: '100%', overflowX: 'auto' }}
      />
      {invitations.isError ? (
        <QueryError error={invitations.error} onRetry={() => invitations.refetch()} />
      ) : (
        <DataTable
          aria-label="Invitations"
          withTableBorder
          borderRadius="md"
          minHeight={invitations.data?.length ? undefined : 180}
          fetching={invitations.isFetching}
          records={invitations.data ?? []}
          noRecordsText={`No ${status.toLowerCase()} invitations`}
          columns={[
            { accessor: 'email' },
            { accessor: 'role', render: (i) => <Badge variant="outline" tt="none">{i.role}</Badge> },
            { accessor: 'status', render: (i) => <StatusBadge status={i.status} /> },
            { accessor: 'expiresAt', title: 'Expires', visibleMediaQuery: '(min-width: 48em)', render: (i) => new Date(i.expiresAt).toLocaleDateString() },
            { accessor: 'actions', title: <VisuallyHidden>Actions</VisuallyHidden>, textAlign: 'right', render: (i) => <InvitationActions invitation={i} /> },
          ]}
        />
      )}
      <InviteModal opened={inviting} onClose={invite.close} />
    </>
  );
}

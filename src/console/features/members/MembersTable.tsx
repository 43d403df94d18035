import { Badge, Stack, Text, VisuallyHidden } from '@mantine/core';
import { DataTable } from 'mantine-datatable';
import { StatusBadge } from '../../components/StatusBadge';
import type { Member } from '../../lib/org';
import { roleLabel, type Role } from '../../lib/org-catalog';
import { useOrg } from '../../lib/org-context';
import { actionsFor } from './member-actions';
import { MemberActions } from './MemberActions';

type Props = { members: Member[]; fetching: boolean; roles: Role[]; onChangeRole: (m: Member) => void };

export function MembersTable({ members, fetching, roles, onChangeRole }: Props) {
  const { slug, membership, can } = useOrg();
  const me = { membershipId: membership.membership.id, role: membership.role, can };
  return (
    <DataTable
      aria-label="Members"
      withTableBorder
      borderRadius="md"
      highlightOnHover
      minHeight={members.length ? undefined : 180}
      fetching={fetching}
      records={members}
      noRecordsText="No members match these filters"
      columns={[
        {
          accessor: 'name',
          title: 'Member',
          render: (m) => (
            <Stack gap={0}>
              <Text size="sm" fw={500}>{m.name}{m.id === me.membershipId ? ' (you)' : ''}</Text>
              <Text size="xs" c="dimmed">{m.email}</Text>
            </Stack>
          ),
        },
        { accessor: 'role', render: (m) => <Badge variant="outline" tt="none">{roleLabel(roles, m.role)}</Badge> },
        { accessor: 'status', render: (m) => <StatusBadge status={m.status} /> },
        { accessor: 'createdAt', title: 'Since', visibleMediaQuery: '(min-width: 48em)', render: (m) => new Date(m.createdAt).toLocaleDateString() },
        {
          accessor: 'actions',
          title: <VisuallyHidden>Actions</VisuallyHidden>,
          textAlign: 'right',
          render: (m) => <MemberActions slug={slug} member={m} actions={actionsFor(m, me)} onChangeRole={onChangeRole} />,
        },
      ]}
    />
  );
}

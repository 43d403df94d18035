import { useState } from 'react';
import { Button, Group, Text, VisuallyHidden } from '@mantine/core';
import { modals } from '@mantine/modals';
import { useQuery } from '@tanstack/react-query';
import { IconPlus } from '@tabler/icons-react';
import { DataTable } from 'mantine-datatable';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { teamsQuery, type Team } from '../../lib/org-catalog';
import { useOrg } from '../../lib/org-context';
import { notifyError, notifySuccess } from '../../lib/notify';
import { useDeleteTeam } from './api';
import { TeamDrawer } from './TeamDrawer';
import { TeamFormModal } from './TeamFormModal';

export function TeamsPage() {
  const { slug, can } = useOrg();
  const teams = useQuery(teamsQuery(slug));
  const remove = useDeleteTeam(slug);
  const [editing, setEditing] = useState<Team | null | undefined>(undefined);
  const [open, setOpen] = useState<Team | null>(null);

  const confirmDelete = (team: Team) =>
    modals.openConfirmModal({
      title: `Delete team ${team.name}?`,
      children: <Text size="sm">Its members stay in the organization.</Text>,
      labels: { confirm: 'Delete team', cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: () => remove.mutate(team.id, { onSuccess: () => notifySuccess(`Team ${team.name} deleted`), onError: (e) => notifyError(e) }),
    });

  return (
    <>
      <PageHeader
        title="Teams"
        description="Groups of members inside the organization."
        actions={can('teams:create') && <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing(null)}>New team</Button>}
      />
      {teams.isError ? (
        <QueryError error={teams.error} onRetry={() => teams.refetch()} />
      ) : (
        <DataTable
          aria-label="Teams"
          withTableBorder
          borderRadius="md"
          highlightOnHover
          minHeight={teams.data?.length ? undefined : 180}
          fetching={teams.isFetching}
          records={teams.data ?? []}
          noRecordsText="No teams yet"
          onRowClick={({ record }) => setOpen(record)}
          columns={[
            { accessor: 'name', render: (t) => <Text size="sm" fw={500}>{t.name}</Text> },
            { accessor: 'description', visibleMediaQuery: '(min-width: 48em)', render: (t) => <Text size="sm" c="dimmed" lineClamp={1}>{t.description}</Text> },
            { accessor: 'memberCount', title: 'Members' },
            {
              accessor: 'actions',
              title: <VisuallyHidden>Actions</VisuallyHidden>,
              textAlign: 'right',
              render: (t) => (
                // Row clicks open the team; the buttons must not also trigger that.
                <Group gap={4} justify="flex-end" wrap="nowrap" onClick={(e) => e.stopPropagation()}>
                  <Button size="compact-sm" variant="subtle" onClick={() => setOpen(t)} aria-label={`Open team ${t.name}`}>Open</Button>
                  {can('teams:update') && <Button size="compact-sm" variant="subtle" onClick={() => setEditing(t)} aria-label={`Edit team ${t.name}`}>Edit</Button>}
                  {can('teams:delete') && <Button size="compact-sm" variant="subtle" color="red" onClick={() => confirmDelete(t)} aria-label={`Delete team ${t.name}`}>Delete</Button>}
                </Group>
              ),
            },
          ]}
        />
      )}
      <TeamFormModal team={editing} onClose={() => setEditing(undefined)} />
      <TeamDrawer team={open} onClose={() => setOpen(null)} />
    </>
  );
}

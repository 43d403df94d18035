import { ActionIcon, Drawer, EmptyState, Group, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { IconX } from '@tabler/icons-react';
import { Loading } from '../../components/Loading';
import { QueryError } from '../../components/QueryError';
import type { Team } from '../../lib/org-catalog';
import { useOrg } from '../../lib/org-context';
import { notifyError } from '../../lib/notify';
import { teamMembersQuery, useRemoveTeamMember } from './api';
import { AddTeamMember } from './AddTeamMember';

/** One team's members; people with teams:manage_members add and remove them here. */
export function TeamDrawer({ team, onClose }: { team: Team | null; onClose: () => void }) {
  const { slug, can } = useOrg();
  const members = useQuery({ ...teamMembersQuery(slug, team?.id ?? ''), enabled: !!team });
  const remove = useRemoveTeamMember(slug, team?.id ?? '');
  const manage = can('teams:manage_members');

  return (
    <Drawer opened={!!team} onClose={onClose} position="right" title={team?.name} size="md">
      {team && (
        <Stack>
          {team.description && <Text size="sm" c="dimmed">{team.description}</Text>}
          {manage && <AddTeamMember teamId={team.id} exclude={members.data?.map((m) => m.membershipId) ?? []} />}
          {members.isPending ? (
            <Loading label="Loading team members" />
          ) : members.isError ? (
            <QueryError error={members.error} onRetry={() => members.refetch()} />
          ) : members.data.length === 0 ? (
            <EmptyState size="sm" title="No members yet" description={manage ? 'Add organization members above.' : undefined} />
          ) : (
            <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label={`Members of ${team.name}`}>
              {members.data.map((m) => (
                <Group key={m.membershipId} component="li" justify="space-between" wrap="nowrap">
                  <div>
                    <Text size="sm" fw={500}>{m.name}</Text>
                    <Text size="xs" c="dimmed">{m.email} · {m.role}</Text>
                  </div>
                  {manage && (
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      aria-label={`Remove ${m.name} from ${team.name}`}
                      onClick={() => remove.mutate(m.membershipId, { onError: (e) => notifyError(e) })}
                    >
                      <IconX size={16} />
                    </ActionIcon>
                  )}
                </Group>
              ))}
            </Stack>
          )}
        </Stack>
      )}
    </Drawer>
  );
}

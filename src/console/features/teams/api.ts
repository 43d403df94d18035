// Teams and their members. The team list is lib/org-catalog's teamsQuery (the invite form picks from
// it too); everything here invalidates under ['org', slug, 'teams'].
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api, orgPath } from '../../lib/api';
import { orgKey } from '../../lib/org';
import type { Team } from '../../lib/org-catalog';

export type TeamMember = { membershipId: string; userId: string; name: string; email: string; role: string; addedAt: string };
export type TeamInput = { name: string; description: string | null };

export const teamMembersQuery = (slug: string, teamId: string) =>
  queryOptions({
    queryKey: orgKey(slug, 'teams', teamId, 'members'),
    queryFn: ({ signal }) => api.get<{ items: TeamMember[] }>(orgPath(slug, `/teams/${teamId}/members`), { signal }).then((r) => r.items),
  });

function useTeamMutation<I, R>(slug: string, fn: (input: I) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => queryClient.invalidateQueries({ queryKey: orgKey(slug, 'teams') }) });
}

export const useCreateTeam = (slug: string) => useTeamMutation(slug, (input: TeamInput) => api.post<Team>(orgPath(slug, '/teams'), input));
export const useUpdateTeam = (slug: string) =>
  useTeamMutation(slug, ({ id, ...input }: TeamInput & { id: string }) => api.patch<Team>(orgPath(slug, `/teams/${id}`), input));
export const useDeleteTeam = (slug: string) => useTeamMutation(slug, (id: string) => api.delete(orgPath(slug, `/teams/${id}`)));
export const useAddTeamMember = (slug: string, teamId: string) =>
  useTeamMutation(slug, (membershipId: string) => api.post(orgPath(slug, `/teams/${teamId}/members`), { membershipId }));
export const useRemoveTeamMember = (slug: string, teamId: string) =>
  useTeamMutation(slug, (membershipId: string) => api.delete(orgPath(slug, `/teams/${teamId}/members/${membershipId}`)));

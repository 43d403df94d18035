// Members of the current organization: the filtered, cursor-paged list, ownership transfers, and the
// membership transitions. Every change refreshes everything under ['org', slug, 'members'] (the list and
// the pickers), role member counts, and my own membership (my role may be what changed).
import { keepPreviousData, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api, orgPath, type Page } from '../../lib/api';
import { orgKey, type Member } from '../../lib/org';

export type MemberFilters = { q: string; status: string | null; role: string | null; cursor?: string };
export type MemberAction = 'suspend' | 'reinstate' | 'approve' | 'reject';

export type OwnershipTransfer = {
  id: string;
  fromMembershipId: string;
  toMembershipId: string;
  status: 'PENDING' | 'ACCEPTED' | 'DECLINED' | 'CANCELLED';
  createdAt: string;
  respondedAt: string | null;
};

export const membersQuery = (slug: string, filters: MemberFilters) =>
  queryOptions({
    queryKey: orgKey(slug, 'members', 'list', filters),
    queryFn: ({ signal }) =>
      api.get<Page<Member>>(orgPath(slug, '/members'), {
        signal,
        query: { q: filters.q, status: filters.status, role: filters.role, cursor: filters.cursor, limit: 25 },
      }),
    // Paging and filtering keep the previous rows on screen (dimmed) instead of flashing empty.
    placeholderData: keepPreviousData,
  });

export const transfersQuery = (slug: string) =>
  queryOptions({
    queryKey: orgKey(slug, 'members', 'ownership-transfers'),
    queryFn: ({ signal }) => api.get<{ items: OwnershipTransfer[] }>(orgPath(slug, '/ownership-transfers'), { signal }).then((r) => r.items),
  });

function useRefreshMembers(slug: string) {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: orgKey(slug, 'members') }),
      queryClient.invalidateQueries({ queryKey: orgKey(slug, 'roles') }),
      queryClient.invalidateQueries({ queryKey: orgKey(slug, 'teams') }),
      queryClient.invalidateQueries({ queryKey: orgKey(slug, 'me') }),
    ]);
}

export function useMemberTransition(slug: string) {
  const refresh = useRefreshMembers(slug);
  return useMutation({
    mutationFn: ({ id, action }: { id: string; action: MemberAction }) => api.post<Member>(orgPath(slug, `/members/${id}/${action}`)),
    onSuccess: refresh,
  });
}

export function useChangeRole(slug: string) {
  const refresh = useRefreshMembers(slug);
  return useMutation({
    mutationFn: ({ id, role }: { id: string; role: string }) => api.patch<Member>(orgPath(slug, `/members/${id}`), { role }),
    onSuccess: refresh,
  });
}

export function useRemoveMember(slug: string) {
  const refresh = useRefreshMembers(slug);
  return useMutation({
    mutationFn: (id: string) => api.delete<Member>(orgPath(slug, `/members/${id}`)),
    onSuccess: refresh,
  });
}

export function useOfferOwnership(slug: string) {
  const refresh = useRefreshMembers(slug);
  return useMutation({
    mutationFn: (toMembershipId: string) => api.post<OwnershipTransfer>(orgPath(slug, '/ownership-transfers'), { toMembershipId }),
    onSuccess: refresh,
  });
}

export function useAnswerTransfer(slug: string) {
  const refresh = useRefreshMembers(slug);
  return useMutation({
    mutationFn: ({ id, answer }: { id: string; answer: 'accept' | 'decline' | 'cancel' }) =>
      api.post<OwnershipTransfer>(orgPath(slug, `/ownership-transfers/${id}/${answer}`)),
    onSuccess: refresh,
  });
}

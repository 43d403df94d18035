// Invitations: the organization's list by status, sending, resending (new token) and revoking; and the
// public side reached from the email link, which works before the visitor has an account.
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api, orgPath } from '../../lib/api';
import { myOrganizationsQuery, orgKey } from '../../lib/org';

export type InvitationStatus = 'PENDING' | 'ACCEPTED' | 'REJECTED' | 'REVOKED' | 'EXPIRED';
export const INVITATION_STATUSES: InvitationStatus[] = ['PENDING', 'ACCEPTED', 'REJECTED', 'REVOKED', 'EXPIRED'];

export type Invitation = {
  id: string;
  email: string;
  role: string;
  teamId: string | null;
  message: string | null;
  status: InvitationStatus;
  expiresAt: string;
  invitedBy: string;
  respondedAt: string | null;
  createdAt: string;
};

export type InviteInput = { email: string; role: string; teamId: string | null; expiresInDays: number; message: string | null };

export type PublicInvitation = {
  organization: { name: string; slug: string; logoUrl: string | null };
  inviter: { name: string };
  email: string;
  role: string;
  message: string | null;
  expiresAt: string;
};

export type AcceptResult = { organization: { id: string; slug: string; name: string }; membershipId: string; status: 'ACTIVE' | 'PENDING' | 'ALREADY_ACCEPTED' };

export const invitationsQuery = (slug: string, status: InvitationStatus) =>
  queryOptions({
    queryKey: orgKey(slug, 'invitations', status),
    queryFn: ({ signal }) => api.get<{ items: Invitation[] }>(orgPath(slug, '/invitations'), { signal, query: { status } }).then((r) => r.items),
  });

function useInvitationMutation<I>(slug: string, fn: (input: I) => Promise<unknown>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => queryClient.invalidateQueries({ queryKey: orgKey(slug, 'invitations') }) });
}

export const useInvite = (slug: string) => useInvitationMutation(slug, (input: InviteInput) => api.post<Invitation>(orgPath(slug, '/invitations'), input));
export const useResendInvitation = (slug: string) =>
  useInvitationMutation(slug, (id: string) => api.post<Invitation>(orgPath(slug, `/invitations/${id}/resend`)));
export const useRevokeInvitation = (slug: string) =>
  useInvitationMutation(slug, (id: string) => api.post<Invitation>(orgPath(slug, `/invitations/${id}/revoke`)));

export const publicInvitationQuery = (token: string) =>
  queryOptions({
    queryKey: ['invitation', token],
    queryFn: ({ signal }) => api.get<PublicInvitation>(`/api/v1/invitations/${encodeURIComponent(token)}`, { signal }),
  });

export function useAcceptInvitation(token: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<AcceptResult>(`/api/v1/invitations/${encodeURIComponent(token)}/accept`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: myOrganizationsQuery.queryKey }),
  });
}

export function useDeclineInvitation(token: string) {
  return useMutation({ mutationFn: () => api.post<{ rejected: true }>(`/api/v1/invitations/${encodeURIComponent(token)}/reject`) });
}

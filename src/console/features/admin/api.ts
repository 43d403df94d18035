// Operator (platform admin) calls under /api/v1/admin. Not org-scoped: keys start with ['admin'].
// Lifecycle changes also refresh my own organization list (an operator can be a member too).
import { keepPreviousData, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api, type Page } from '../../lib/api';
import { myOrganizationsQuery, type Member, type Organization, type OrgStatus } from '../../lib/org';

export type AdminOrganization = Organization & { memberCount: number };
export type HistoryEntry = {
  action: string;
  fromStatus: string | null;
  toStatus: string | null;
  reason: string | null;
  actorUserId: string | null;
  actorKind: string;
  createdAt: string;
};
export type OrganizationDetail = { organization: Organization; members: Member[]; history: HistoryEntry[] };
export type AdminUser = {
  id: string;
  name: string;
  email: string;
  emailVerified: boolean;
  role: string | null;
  isOperator: boolean;
  organizationCount: number;
  createdAt: string;
};

export type DirectoryParams = {
  q: string;
  status: OrgStatus | null;
  deleted: 'exclude' | 'include' | 'only';
  sort: 'createdAt' | 'name' | 'slug';
  order: 'asc' | 'desc';
  cursor?: string;
};

export type LifecycleAction = 'approve' | 'reject' | 'suspend' | 'reactivate' | 'delete' | 'restore' | 'purge';

export const directoryQuery = (params: DirectoryParams) =>
  queryOptions({
    queryKey: ['admin', 'organizations', 'list', params],
    queryFn: ({ signal }) => api.get<Page<AdminOrganization>>('/api/v1/admin/organizations', { signal, query: { ...params, limit: 25 } }),
    placeholderData: keepPreviousData,
  });

export const organizationDetailQuery = (id: string) =>
  queryOptions({
    queryKey: ['admin', 'organizations', 'detail', id],
    queryFn: ({ signal }) => api.get<OrganizationDetail>(`/api/v1/admin/organizations/${id}`, { signal }),
  });

export const usersQuery = (q: string, cursor: string | undefined) =>
  queryOptions({
    queryKey: ['admin', 'users', q, cursor],
    queryFn: ({ signal }) => api.get<Page<AdminUser>>('/api/v1/admin/users', { signal, query: { q, cursor, limit: 25 } }),
    placeholderData: keepPreviousData,
  });

export function useLifecycle(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ action, reason }: { action: LifecycleAction; reason?: string }) =>
      api.post<unknown>(`/api/v1/admin/organizations/${id}/${action}`, reason ? { reason } : undefined),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: ['admin'] }),
        queryClient.invalidateQueries({ queryKey: myOrganizationsQuery.queryKey }),
      ]),
  });
}

export type WizardOwner = { mode: 'existing'; userId: string } | { mode: 'new'; email: string; name: string; password?: string };
export type WizardInput = {
  owner: WizardOwner;
  organization: { name: string; slug?: string; contactEmail?: string | null; language?: string; timezone?: string; currency?: string | null; joinApproval?: boolean };
  initialStatus: 'ACTIVE' | 'PENDING';
  dryRun: boolean;
};
export type WizardResult = { dryRun: boolean; organization: Organization; owner: { id: string; email: string; name: string; created: boolean } };

/** The creation wizard's one atomic call; `dryRun: true` is the review step (same checks, nothing written). */
export function useCreationWizard() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: WizardInput) => api.post<WizardResult>('/api/v1/admin/organizations', input),
    onSuccess: (result) => (result.dryRun ? undefined : queryClient.invalidateQueries({ queryKey: ['admin'] })),
  });
}

// The operator's platform-wide views: the audit log of operator actions (every organization, plus the
// actions on no organization such as purges) and the security events (refused attempts). Not org-scoped:
// keys start with ['admin', 'audit'].
import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { api, type Page } from '../../lib/api';
import type { ActorType, AuditEntry } from '../../lib/audit';

export type { ActorType } from '../../lib/audit';

export type PlatformAuditEntry = AuditEntry & { organizationId?: string | null };

export type SecurityEvent = {
  id: string;
  kind: string;
  userId: string | null;
  method: string;
  route: string;
  code: string;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  createdAt: string;
};

export type PlatformAuditFilters = {
  actorType: ActorType | null;
  action: string;
  targetType: string;
  targetId: string;
  organizationId: string | null;
  fromDay: string;
  toDay: string;
};

export const emptyFilters: PlatformAuditFilters = { actorType: null, action: '', targetType: '', targetId: '', organizationId: null, fromDay: '', toDay: '' };

/** A local calendar day ('YYYY-MM-DD') as the instant it starts or ends, in ISO 8601 as the API wants. */
function dayBound(day: string, end: boolean): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const at = end ? new Date(y, m - 1, d, 23, 59, 59, 999) : new Date(y, m - 1, d);
  return Number.isNaN(at.getTime()) ? undefined : at.toISOString();
}

export const platformAuditQuery = (f: PlatformAuditFilters, cursor: string | undefined) =>
  queryOptions({
    queryKey: ['admin', 'audit', 'log', f, cursor],
    queryFn: ({ signal }) =>
      api.get<Page<PlatformAuditEntry>>('/api/v1/admin/audit', {
        signal,
        query: {
          actorType: f.actorType,
          action: f.action.trim(),
          targetType: f.targetType.trim(),
          targetId: f.targetId.trim(),
          organizationId: f.organizationId,
          from: dayBound(f.fromDay, false),
          to: dayBound(f.toDay, true),
          cursor,
          limit: 25,
        },
      }),
    placeholderData: keepPreviousData,
  });

export const securityEventsQuery = (cursor: string | undefined) =>
  queryOptions({
    queryKey: ['admin', 'audit', 'security-events', cursor],
    queryFn: ({ signal }) => api.get<Page<SecurityEvent>>('/api/v1/admin/security-events', { signal, query: { cursor, limit: 25 } }),
    placeholderData: keepPreviousData,
  });

type OrganizationSummary = { id: string; name: string; slug: string };

/** An organization's name for the log's links (a purged one answers 404: the id is all there is). */
export const organizationNameQuery = (id: string) =>
  queryOptions({
    queryKey: ['admin', 'audit', 'organization', id],
    queryFn: ({ signal }) =>
      api.get<{ organization: OrganizationSummary }>(`/api/v1/admin/organizations/${id}`, { signal }).then((r) => r.organization),
    staleTime: 5 * 60_000,
    retry: false,
  });

/** Organizations matching a search, to pick the one whose entries to show. */
export const organizationSearchQuery = (q: string) =>
  queryOptions({
    queryKey: ['admin', 'audit', 'organization-search', q],
    queryFn: async ({ signal }): Promise<OrganizationSummary[]> =>
      (await api.get<Page<OrganizationSummary>>('/api/v1/admin/organizations', { signal, query: { q, deleted: 'include', limit: 20 } })).items,
    placeholderData: keepPreviousData,
  });

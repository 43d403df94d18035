// The organization's audit log: a filtered, cursor-paged list (newest first) and the export links.
// Keys live under ['org', slug, 'audit'], so leaving the organization drops them with the rest.
import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { api, orgPath, type Page } from '../../lib/api';
import type { ActorType, AuditEntry } from '../../lib/audit';
import { orgKey } from '../../lib/org';

export type { ActorType, AuditEntry } from '../../lib/audit';

/** What the filter bar holds; dates are the inputs' 'YYYY-MM-DD' (the day, in the browser's zone). */
export type AuditFilters = {
  actorType: ActorType | null;
  action: string;
  targetType: string;
  targetId: string;
  fromDay: string;
  toDay: string;
};

export const emptyFilters: AuditFilters = { actorType: null, action: '', targetType: '', targetId: '', fromDay: '', toDay: '' };

/** A local calendar day as the instant it starts (or ends), in ISO 8601 UTC as the API wants. */
function dayBound(day: string, end: boolean): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const at = end ? new Date(y, m - 1, d, 23, 59, 59, 999) : new Date(y, m - 1, d, 0, 0, 0, 0);
  return Number.isNaN(at.getTime()) ? undefined : at.toISOString();
}

/** The API's query parameters for these filters (empty ones are dropped by the API client). */
export function auditQueryParams(f: AuditFilters) {
  return {
    actorType: f.actorType,
    action: f.action.trim(),
    targetType: f.targetType.trim(),
    targetId: f.targetId.trim(),
    from: dayBound(f.fromDay, false),
    to: dayBound(f.toDay, true),
  };
}

export const auditQuery = (slug: string, filters: AuditFilters, cursor: string | undefined) =>
  queryOptions({
    queryKey: orgKey(slug, 'audit', filters, cursor),
    queryFn: ({ signal }) =>
      api.get<Page<AuditEntry>>(orgPath(slug, '/audit'), { signal, query: { ...auditQueryParams(filters), cursor, limit: 25 } }),
    placeholderData: keepPreviousData,
  });

/**
 * The export is a plain same-origin link: the browser downloads the streamed file itself, with the
 * session cookie, so a large log never passes through JavaScript memory.
 */
export function exportUrl(slug: string, filters: AuditFilters, format: 'csv' | 'ndjson'): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...auditQueryParams(filters), format })) if (v) params.set(k, v);
  return `${orgPath(slug, '/audit/export')}?${params.toString()}`;
}

// Reading the audit log: filtered, cursor-paginated lists, streamed exports, and retention.
import { and, desc, eq, gte, lte, sql, type SQL } from 'drizzle-orm';
import type { Database, Tx } from '../../db/client.ts';
import { afterId, decodeCursor, page } from '../../http/pagination.ts';
import { requirePermission } from '../../tenancy/permissions.ts';
import { withPlatform, withTenant, type TenantContext } from '../../tenancy/with-tenant.ts';
import { iso } from '../organizations/view.ts';
import { auditLogs, platformAuditLogs, securityEvents } from './schema.ts';
import { csvRow } from './csv.ts';

export type AuditQuery = {
  actorId?: string;
  actorType?: 'user' | 'api_client' | 'operator' | 'system';
  action?: string;
  targetType?: string;
  targetId?: string;
  from?: string;
  to?: string;
  limit: number;
  cursor?: string;
};

type AuditTable = typeof auditLogs | typeof platformAuditLogs;

function filters(t: AuditTable, q: AuditQuery, scope?: string): SQL | undefined {
  const after = decodeCursor(q.cursor, scope);
  return and(
    q.actorId ? eq(t.actorId, q.actorId) : undefined,
    q.actorType ? eq(t.actorType, q.actorType) : undefined,
    // `member.` matches every member action; an exact action matches itself.
    q.action ? (q.action.endsWith('.') ? sql`${t.action} like ${q.action.replace(/[\\%_]/g, '\\$&') + '%'}` : eq(t.action, q.action)) : undefined,
    q.targetType ? eq(t.targetType, q.targetType) : undefined,
    q.targetId ? eq(t.targetId, q.targetId) : undefined,
    q.from ? gte(t.createdAt, new Date(q.from)) : undefined,
    q.to ? lte(t.createdAt, new Date(q.to)) : undefined,
    afterId(t.id, after, 'desc'),
  );
}

const entryView = (r: typeof auditLogs.$inferSelect | typeof platformAuditLogs.$inferSelect) => ({
  id: r.id,
  actorType: r.actorType,
  actorId: r.actorId,
  actorEmail: r.actorEmail,
  action: r.action,
  targetType: r.targetType,
  targetId: r.targetId,
  changes: r.changes ?? null,
  ip: r.ip,
  userAgent: r.userAgent,
  requestId: r.requestId,
  createdAt: iso(r.createdAt)!,
  ...('subjectOrganizationId' in r ? { organizationId: r.subjectOrganizationId } : {}),
});

export type AuditEntryView = ReturnType<typeof entryView>;

/** `scope` binds cursors to one organization's log (a cursor from another tenant's log is a 400). */
async function pageOf(tx: Tx, t: AuditTable, q: AuditQuery, extra?: SQL, scope?: string) {
  const rows = await tx
    .select()
    .from(t as typeof auditLogs)
    .where(and(filters(t, q, scope), extra))
    .orderBy(desc(t.id))
    .limit(q.limit + 1);
  const result = page(rows, q.limit, (r) => ({ k: 0, id: r.id }), scope);
  return { items: result.items.map(entryView), nextCursor: result.nextCursor };
}

export async function listAudit(db: Database, ctx: TenantContext, q: AuditQuery) {
  requirePermission(ctx.permissions, 'audit:read');
  return withTenant(db, ctx, (tx) => pageOf(tx, auditLogs, q, undefined, ctx.orgId));
}

export async function listPlatformAudit(db: Database, q: AuditQuery & { organizationId?: string }) {
  return withPlatform(db, 'operator platform audit log', (tx) =>
    pageOf(tx, platformAuditLogs, q, q.organizationId ? eq(platformAuditLogs.subjectOrganizationId, q.organizationId) : undefined),
  );
}

export async function listSecurityEvents(db: Database, q: { limit: number; cursor?: string }) {
  const after = decodeCursor(q.cursor);
  return withPlatform(db, 'operator security events', async (tx) => {
    const rows = await tx
      .select()
      .from(securityEvents)
      .where(afterId(securityEvents.id, after, 'desc'))
      .orderBy(desc(securityEvents.id))
      .limit(q.limit + 1);
    const result = page(rows, q.limit, (r) => ({ k: 0, id: r.id }));
    return { items: result.items.map((r) => ({ ...r, createdAt: iso(r.createdAt)! })), nextCursor: result.nextCursor };
  });
}

const CSV_COLUMNS = ['createdAt', 'actorType', 'actorId', 'actorEmail', 'action', 'targetType', 'targetId', 'changes', 'ip', 'userAgent', 'requestId', 'id'] as const;

/**
 * Streams the whole filtered log, a page (one short tenant transaction) at a time, so a large export
 * holds no long transaction and little memory.
 */
export function exportAudit(db: Database, ctx: TenantContext, q: Omit<AuditQuery, 'limit' | 'cursor'>, format: 'csv' | 'ndjson') {
  // Checked before the first byte is sent: a refusal must still be a problem+json 403.
  requirePermission(ctx.permissions, 'audit:export');
  return exportRows(db, ctx, q, format);
}

async function* exportRows(db: Database, ctx: TenantContext, q: Omit<AuditQuery, 'limit' | 'cursor'>, format: 'csv' | 'ndjson') {
  if (format === 'csv') yield csvRow([...CSV_COLUMNS]);
  let cursor: string | undefined;
  do {
    const chunk = await withTenant(db, ctx, (tx) => pageOf(tx, auditLogs, { ...q, limit: 500, cursor }, undefined, ctx.orgId));
    for (const e of chunk.items) {
      yield format === 'csv' ? csvRow(CSV_COLUMNS.map((c) => e[c])) : `${JSON.stringify(e)}\n`;
    }
    cursor = chunk.nextCursor ?? undefined;
  } while (cursor);
}

/**
 * Retention: deletes each organization's audit rows older than its audit_retention_days. The runtime
 * role cannot delete audit rows (append-only), so this is a platform job; the predicate names the
 * organization explicitly.
 */
export async function purgeExpiredAudit(db: Database): Promise<number> {
  return withPlatform(db, 'audit retention job', async (tx) => {
    const deleted = await tx
      .delete(auditLogs)
      .where(
        sql`audit_logs.created_at < (select now() - make_interval(days => o.audit_retention_days) from organizations o where o.id = audit_logs.organization_id)`,
      )
      .returning({ id: auditLogs.id });
    return deleted.length;
  });
}

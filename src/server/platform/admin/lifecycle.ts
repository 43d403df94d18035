// Organization lifecycle (T3), operator side. Each transition is one conditional UPDATE, so two
// operators acting at once cannot both succeed: the loser sees 409 invalid_transition.
import { and, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import { rowsOf, type Database, type Tx } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { withPlatform } from '../../tenancy/with-tenant.ts';
import { notifications } from '../notifications/schema.ts';
import { organizations, organizationStatusEvents, type OrganizationStatus } from '../organizations/schema.ts';
import { organizationView } from '../organizations/view.ts';
import { notifyOrganizationAdmins } from './notify.ts';
import { auditOperator } from '../audit/record.ts';
import { emitEvent } from '../events/emit.ts';

type StatusTransition = { from: OrganizationStatus[]; to: OrganizationStatus; reasonRequired: boolean; verb: string; event: string };

export const STATUS_TRANSITIONS = {
  approve: { from: ['PENDING'], to: 'ACTIVE', reasonRequired: false, verb: 'approved', event: 'TENANT_APPROVED' },
  reject: { from: ['PENDING'], to: 'REJECTED', reasonRequired: true, verb: 'rejected', event: 'TENANT_REJECTED' },
  suspend: { from: ['ACTIVE'], to: 'SUSPENDED', reasonRequired: true, verb: 'suspended', event: 'TENANT_SUSPENDED' },
  reactivate: { from: ['SUSPENDED'], to: 'ACTIVE', reasonRequired: false, verb: 'reactivated', event: 'TENANT_REACTIVATED' },
} as const satisfies Record<string, StatusTransition>;

export type StatusAction = keyof typeof STATUS_TRANSITIONS;

export type Operator = { userId: string; log?: Logger };

/** Lifecycle history, the audit log (organization's and platform's) and the domain event, together. */
async function recordEvent(
  tx: Tx,
  orgId: string,
  operator: Operator,
  e: { action: string; fromStatus?: string | null; toStatus?: string | null; reason?: string | null; event: string; slug: string },
) {
  await auditOperator(tx, orgId, {
    action: `organization.${e.action}`,
    targetType: 'organization',
    targetId: orgId,
    changes: { before: { status: e.fromStatus }, after: { status: e.toStatus, reason: e.reason ?? null } },
  });
  await emitEvent(tx, orgId, e.event, { organizationId: orgId, slug: e.slug, status: e.toStatus, reason: e.reason ?? null });
  await tx.insert(organizationStatusEvents).values({
    organizationId: orgId,
    action: e.action,
    fromStatus: e.fromStatus ?? null,
    toStatus: e.toStatus ?? null,
    reason: e.reason ?? null,
    actorUserId: operator.userId,
    actorKind: 'operator',
  });
}

/** 404 when the organization does not exist, otherwise 409 naming the state that refused the action. */
async function refuse(tx: Tx, orgId: string, action: string): Promise<never> {
  const [row] = await tx
    .select({ status: organizations.status, deletedAt: organizations.deletedAt })
    .from(organizations)
    .where(eq(organizations.id, orgId));
  if (!row) throw new AppError('not_found', 'Organization not found');
  const state = row.deletedAt ? `deleted (${row.status})` : row.status;
  throw new AppError('invalid_transition', `Cannot ${action} an organization that is ${state}`);
}

export async function changeStatus(db: Database, operator: Operator, orgId: string, action: StatusAction, reason?: string) {
  const t: StatusTransition = STATUS_TRANSITIONS[action];
  if (t.reasonRequired && !reason?.trim()) {
    throw new AppError('validation_failed', 'A reason is required', { errors: [{ path: 'body.reason', message: 'required' }] });
  }
  return withPlatform(db, `operator ${action}`, async (tx) => {
    const [before] = await tx
      .select({ status: organizations.status })
      .from(organizations)
      .where(and(eq(organizations.id, orgId), isNull(organizations.deletedAt)))
      .for('update');
    const [row] = await tx
      .update(organizations)
      .set({ status: t.to, statusReason: reason?.trim() || null, updatedAt: new Date() })
      .where(and(eq(organizations.id, orgId), inArray(organizations.status, t.from), isNull(organizations.deletedAt)))
      .returning();
    if (!row) return refuse(tx, orgId, action);
    await recordEvent(tx, orgId, operator, { action, fromStatus: before?.status, toStatus: t.to, reason, event: t.event, slug: row.slug });
    await notifyOrganizationAdmins(tx, operator.log, row, {
      kind: `organization_${t.verb}`,
      subject: `${row.name} was ${t.verb}`,
      text: `Your organization "${row.name}" (${row.slug}) was ${t.verb} by a platform operator.${reason ? `\nReason: ${reason}` : ''}`,
    });
    return organizationView(row);
  });
}

export async function softDelete(db: Database, operator: Operator, orgId: string, reason: string | undefined, restoreWindowDays: number) {
  return withPlatform(db, 'operator soft delete', async (tx) => {
    const [row] = await tx
      .update(organizations)
      .set({ deletedAt: new Date(), deletedBy: operator.userId, updatedAt: new Date() })
      .where(and(eq(organizations.id, orgId), isNull(organizations.deletedAt)))
      .returning();
    if (!row) return refuse(tx, orgId, 'delete');
    await recordEvent(tx, orgId, operator, { action: 'deleted', fromStatus: row.status, toStatus: row.status, reason, event: 'TENANT_DELETED', slug: row.slug });
    await notifyOrganizationAdmins(tx, operator.log, row, {
      kind: 'organization_deleted',
      subject: `${row.name} was deleted`,
      text: `Your organization "${row.name}" was deleted by a platform operator. It can be restored within ${restoreWindowDays} days.${reason ? `\nReason: ${reason}` : ''}`,
    });
    return organizationView(row);
  });
}

export async function restore(db: Database, operator: Operator, orgId: string, restoreWindowDays: number) {
  return withPlatform(db, 'operator restore', async (tx) => {
    const [row] = await tx
      .update(organizations)
      .set({ deletedAt: null, deletedBy: null, updatedAt: new Date() })
      .where(
        and(
          eq(organizations.id, orgId),
          isNotNull(organizations.deletedAt),
          sql`${organizations.deletedAt} > now() - make_interval(days => ${restoreWindowDays})`,
        ),
      )
      .returning();
    if (!row) {
      const [existing] = await tx.select({ deletedAt: organizations.deletedAt }).from(organizations).where(eq(organizations.id, orgId));
      if (existing?.deletedAt) throw new AppError('restore_window_expired', `Deleted organizations can be restored within ${restoreWindowDays} days`);
      return refuse(tx, orgId, 'restore');
    }
    await recordEvent(tx, orgId, operator, { action: 'restored', fromStatus: row.status, toStatus: row.status, event: 'TENANT_RESTORED', slug: row.slug });
    return organizationView(row);
  });
}

/**
 * Permanently removes a soft-deleted organization: every tenant table references organizations with
 * ON DELETE CASCADE. Afterwards each table with an organization_id column is counted for the id, and
 * anything left fails the whole purge (the transaction rolls back).
 */
export async function purge(db: Database, operator: Operator, orgId: string) {
  return withPlatform(db, 'operator purge', async (tx) => {
    const [row] = await tx
      .delete(organizations)
      .where(and(eq(organizations.id, orgId), isNotNull(organizations.deletedAt)))
      .returning({ id: organizations.id, slug: organizations.slug });
    if (!row) return refuse(tx, orgId, 'purge (delete it first)');
    await tx.delete(notifications).where(eq(notifications.aboutOrganizationId, orgId));
    const tables = await tenantTableNames(tx);
    const counts: Record<string, number> = {};
    for (const table of tables) {
      const [c] = await rowsOf<{ n: number }>(
        await tx.execute(sql`select count(*)::int as n from ${sql.identifier(table)} where organization_id = ${orgId}`),
      );
      counts[table] = c?.n ?? 0;
    }
    const left = Object.entries(counts).filter(([, n]) => n > 0);
    if (left.length) throw new AppError('conflict', `Purge incomplete, rows left in: ${left.map(([t]) => t).join(', ')}`);
    // The organization's own log is gone with it; the platform log keeps the fact.
    await auditOperator(tx, null, { action: 'organization.purged', targetType: 'organization', targetId: orgId, changes: { before: { slug: row.slug } } });
    operator.log?.warn({ organizationId: orgId, slug: row.slug, operator: operator.userId }, 'organization purged');
    return { id: orgId, purged: true as const, tablesChecked: tables };
  });
}

export async function tenantTableNames(tx: Tx): Promise<string[]> {
  const rows = rowsOf<{ table_name: string }>(
    await tx.execute(sql`select c.table_name from information_schema.columns c
      join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
      where c.table_schema = 'public' and c.column_name = 'organization_id' and t.table_type = 'BASE TABLE'
      order by 1`),
  );
  return rows.map((r) => r.table_name);
}

// Tenant-side organization use cases: self-service creation, my organizations, settings, members,
// and the session's active organization.
import { and, asc, eq, gt, ilike, or, sql } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import type { z } from '@hono/zod-openapi';
import type { Database, Tx } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { requirePermission } from '../../tenancy/permissions.ts';
import { assertUsable, findMembership } from '../../tenancy/resolve-tenant.ts';
import { withPlatform, withTenant, type TenantContext } from '../../tenancy/with-tenant.ts';
import { sessions, users } from '../../auth/schema.ts';
import { memberships } from '../members/schema.ts';
import { organizations, organizationStatusEvents, type OrganizationStatus } from './schema.ts';
import type { CreateOrganizationBody, UpdateSettingsBody } from './schemas.ts';
import { deriveSlug } from './slug.ts';
import { seedBuiltInRoles } from '../roles/service.ts';
import { organizationView, iso } from './view.ts';
import { audit, auditOperator, recordChange } from '../audit/record.ts';
import { diff } from '../audit/redact.ts';
import { emitEvent } from '../events/emit.ts';

/** The settings columns, as compared for the audit log's before/after. */
const settingsOf = (o: typeof organizations.$inferSelect) => {
  const { updatedAt: _u, createdAt: _c, ...rest } = o;
  return rest as Record<string, unknown>;
};
import { cursorTimestamp, decodeCursor, page, timestampKey } from '../../http/pagination.ts';
import type { Principal } from '../../http/env.ts';
import { memberFields } from '../members/fields.ts';

type CreateInput = z.infer<typeof CreateOrganizationBody>;

export type NewOrganization = CreateInput & { limits?: Record<string, number>; features?: Record<string, boolean> };

/**
 * Inserts an organization with its owner and first history entry inside the caller's transaction.
 * Shared by self-service creation and the operator wizard. A derived slug that collides gets a random
 * suffix (savepoint retry); an explicit slug that collides is a 409.
 */
export async function insertOrganization(
  tx: Tx,
  input: NewOrganization,
  owner: { userId: string },
  initial: { status: OrganizationStatus; actorUserId: string; actorKind: 'user' | 'operator' },
) {
  const id = uuidv7();
  const values = {
    id,
    name: input.name,
    contactEmail: input.contactEmail ?? null,
    address: input.address ?? null,
    language: input.language ?? 'en',
    timezone: input.timezone ?? 'UTC',
    currency: input.currency ?? null,
    logoUrl: input.logoUrl ?? null,
    theme: input.theme ?? {},
    metadata: input.metadata ?? {},
    limits: input.limits ?? {},
    features: input.features ?? {},
    status: initial.status,
    createdBy: initial.actorUserId,
  };
  let slug = input.slug ?? deriveSlug(input.name);
  for (let attempt = 0; ; attempt++) {
    const inserted = await tx
      .insert(organizations)
      .values({ ...values, slug })
      .onConflictDoNothing({ target: organizations.slug })
      .returning();
    if (inserted[0]) break;
    if (input.slug || attempt >= 4) throw new AppError('slug_taken', `The slug "${slug}" is already taken`);
    slug = deriveSlug(input.name, true);
  }
  await seedBuiltInRoles(tx, id);
  await tx.insert(memberships).values({ organizationId: id, userId: owner.userId, role: 'OWNER', status: 'ACTIVE' });
  await tx.insert(organizationStatusEvents).values({
    organizationId: id,
    action: 'created',
    toStatus: initial.status,
    actorUserId: initial.actorUserId,
    actorKind: initial.actorKind,
  });
  const [row] = await tx.select().from(organizations).where(eq(organizations.id, id));
  const entry = { action: 'organization.created', targetType: 'organization', targetId: id, changes: { after: { name: row!.name, slug: row!.slug, status: row!.status } } };
  if (initial.actorKind === 'operator') await auditOperator(tx, id, entry);
  else await audit(tx, id, entry);
  await emitEvent(tx, id, 'TENANT_CREATED', { organizationId: id, slug: row!.slug, name: row!.name, status: row!.status });
  if (initial.status === 'ACTIVE') await emitEvent(tx, id, 'TENANT_APPROVED', { organizationId: id, slug: row!.slug, automatic: initial.actorKind === 'user' });
  return row!;
}

export async function createOrganization(db: Database, principal: Principal, input: CreateInput, autoApprove: boolean) {
  // Platform context: the organization does not exist yet, so there is no tenant to scope to.
  const row = await withPlatform(db, 'self-service organization creation', (tx) =>
    insertOrganization(tx, input, { userId: principal.user.id }, {
      status: autoApprove ? 'ACTIVE' : 'PENDING',
      actorUserId: principal.user.id,
      actorKind: 'user',
    }),
  );
  return organizationView(row);
}

/** Every organization the user belongs to (any status), with their role: the console's switcher. */
export async function listMyOrganizations(db: Database, userId: string) {
  const rows = await withPlatform(db, "list the caller's own memberships", (tx) =>
    tx
      .select({
        id: organizations.id,
        slug: organizations.slug,
        name: organizations.name,
        status: organizations.status,
        statusReason: organizations.statusReason,
        logoUrl: organizations.logoUrl,
        role: memberships.role,
        membershipStatus: memberships.status,
      })
      .from(memberships)
      .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
      .where(
        and(
          eq(memberships.userId, userId),
          sql`${organizations.deletedAt} is null`,
          sql`${memberships.status} in ('ACTIVE', 'PENDING', 'SUSPENDED')`,
        ),
      )
      .orderBy(asc(organizations.name)),
  );
  return rows;
}

export async function getOrganization(db: Database, tenant: TenantContext) {
  requirePermission(tenant.permissions, 'organization:read');
  const [row] = await withTenant(db, tenant, (tx) => tx.select().from(organizations));
  if (!row) throw new AppError('not_found');
  return organizationView(row);
}

export async function updateSettings(db: Database, tenant: TenantContext, patch: z.infer<typeof UpdateSettingsBody>) {
  requirePermission(tenant.permissions, 'settings:update');
  const row = await withTenant(db, tenant, async (tx) => {
    // RLS limits both statements to the organization in context: no WHERE on the tenant id is needed.
    const [before] = await tx.select().from(organizations).for('update');
    const [after] = await tx.update(organizations).set({ ...patch, updatedAt: new Date() }).returning();
    if (!before || !after) throw new AppError('not_found');
    const changes = diff(settingsOf(before), settingsOf(after));
    await recordChange(tx, tenant.orgId, { action: 'organization.settings_updated', targetType: 'organization', targetId: tenant.orgId, changes }, {
      type: 'TENANT_UPDATED',
      payload: { organizationId: tenant.orgId, fields: Object.keys(changes.after as object) },
    });
    return after;
  });
  return organizationView(row);
}

export type MemberListQuery = { limit: number; cursor?: string; status?: string; role?: string; q?: string };

export async function listMembers(db: Database, tenant: TenantContext, query: MemberListQuery) {
  requirePermission(tenant.permissions, 'members:read');
  // The cursor is bound to this organization: one copied from another tenant's list is a 400.
  const after = decodeCursor(query.cursor, tenant.orgId);
  const afterCreated = after && cursorTimestamp(after);
  const rows = await withTenant(db, tenant, (tx) =>
    tx
      .select({
        ...memberFields,
        createdAtKey: timestampKey(memberships.createdAt),
      })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(
        and(
          query.status ? eq(memberships.status, query.status as 'ACTIVE') : undefined,
          query.role ? eq(memberships.role, query.role) : undefined,
          query.q ? or(ilike(users.name, `%${escapeLike(query.q)}%`), ilike(users.email, `%${escapeLike(query.q)}%`)) : undefined,
          after && afterCreated
            ? or(gt(memberships.createdAt, afterCreated), and(eq(memberships.createdAt, afterCreated), gt(memberships.id, after.id)))
            : undefined,
        ),
      )
      .orderBy(asc(memberships.createdAt), asc(memberships.id))
      .limit(query.limit + 1),
  );
  const result = page(rows, query.limit, (r) => ({ k: r.createdAtKey, id: r.id }), tenant.orgId);
  return {
    items: result.items.map(({ createdAtKey: _key, ...r }) => ({ ...r, createdAt: iso(r.createdAt)! })),
    nextCursor: result.nextCursor,
  };
}

export const escapeLike = (s: string) => s.replace(/[\\%_]/g, (m) => `\\${m}`);

/** Sets the session's active organization after the same checks as a tenant request. */
export async function setActiveOrganization(db: Database, principal: Principal, orgRef: string | null) {
  let orgId: string | null = null;
  if (orgRef !== null) {
    const row = await findMembership(db, orgRef, principal.user.id);
    assertUsable(row);
    orgId = row.id;
  }
  await withPlatform(db, 'update own session', (tx) =>
    tx.update(sessions).set({ activeOrganizationId: orgId, updatedAt: new Date() }).where(eq(sessions.id, principal.sessionId)),
  );
  return orgId ? getActiveOrganization(db, { ...principal, activeOrganizationId: orgId }) : null;
}

/** The active organization, re-validated; cleared from the session when it is no longer usable. */
export async function getActiveOrganization(db: Database, principal: Principal) {
  if (!principal.activeOrganizationId) return null;
  const row = await findMembership(db, principal.activeOrganizationId, principal.user.id);
  try {
    assertUsable(row);
  } catch {
    await withPlatform(db, 'clear stale active organization', (tx) =>
      tx.update(sessions).set({ activeOrganizationId: null }).where(eq(sessions.id, principal.sessionId)),
    );
    return null;
  }
  return { id: row.id, slug: row.slug, role: row.role };
}


// Roles (M2): the four built-ins plus custom roles per organization built from the permission table.
// Invariant: nobody creates or edits a role to hold a permission they do not hold themselves.
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Database, Tx } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import {
  BUILT_IN_ROLES,
  builtInPermissions,
  isBuiltInRole,
  isKnownPermission,
  missingFrom,
  permissionTable,
  requirePermission,
  type Permission,
} from '../../tenancy/permissions.ts';
import { withTenant, type TenantContext } from '../../tenancy/with-tenant.ts';
import { memberships } from '../members/schema.ts';
import { invitations } from '../invitations/schema.ts';
import { roles } from './schema.ts';
import { iso } from '../organizations/view.ts';
import { recordChange } from '../audit/record.ts';
import { diff } from '../audit/redact.ts';

const BUILT_IN_NAMES: Record<string, string> = { OWNER: 'Owner', ADMIN: 'Admin', MEMBER: 'Member', READ_ONLY: 'Read-only' };

export async function seedBuiltInRoles(tx: Tx, organizationId: string) {
  await tx
    .insert(roles)
    .values(BUILT_IN_ROLES.map((key) => ({ organizationId, key, name: BUILT_IN_NAMES[key]!, builtin: true })))
    .onConflictDoNothing();
}

export type RoleView = {
  key: string;
  name: string;
  description: string | null;
  builtin: boolean;
  permissions: string[];
  memberCount: number;
  createdAt: string;
};

function view(row: typeof roles.$inferSelect, memberCount: number): RoleView {
  return {
    key: row.key,
    name: row.name,
    description: row.description,
    builtin: row.builtin,
    permissions: isBuiltInRole(row.key) ? [...builtInPermissions(row.key)] : row.permissions,
    memberCount,
    createdAt: iso(row.createdAt)!,
  };
}

/** The permissions a role grants (built-in from code, custom from its row), or 404 when unknown here. */
export async function rolePermissions(tx: Tx, key: string): Promise<ReadonlySet<Permission>> {
  if (isBuiltInRole(key)) return builtInPermissions(key);
  const [row] = await tx.select({ permissions: roles.permissions }).from(roles).where(eq(roles.key, key));
  if (!row) throw new AppError('validation_failed', 'Unknown role', { errors: [{ path: 'body.role', message: `no role "${key}" in this organization` }] });
  return new Set(row.permissions.filter(isKnownPermission));
}

export function validatePermissions(list: string[]): Permission[] {
  const unknown = list.filter((p) => !isKnownPermission(p));
  if (unknown.length) {
    throw new AppError('validation_failed', 'Unknown permissions', {
      errors: unknown.map((p) => ({ path: 'body.permissions', message: `unknown permission ${p}` })),
    });
  }
  return [...new Set(list)] as Permission[];
}

function assertCanGrant(ctx: TenantContext, wanted: Iterable<Permission>) {
  const missing = missingFrom(ctx.permissions, wanted);
  if (missing.length) throw new AppError('forbidden', `You cannot grant permissions you do not hold: ${missing.join(', ')}`);
}

const memberCounts = (tx: Tx) =>
  tx
    .select({ role: memberships.role, n: sql<number>`count(*)::int` })
    .from(memberships)
    .where(sql`${memberships.status} <> 'REMOVED'`)
    .groupBy(memberships.role);

export async function listRoles(db: Database, ctx: TenantContext) {
  requirePermission(ctx.permissions, 'roles:read');
  return withTenant(db, ctx, async (tx) => {
    const rows = await tx.select().from(roles).orderBy(sql`${roles.builtin} desc`, asc(roles.createdAt));
    const counts = new Map((await memberCounts(tx)).map((c) => [c.role, Number(c.n)]));
    return { items: rows.map((r) => view(r, counts.get(r.key) ?? 0)), permissionTable: permissionTable() };
  });
}

export async function getRole(db: Database, ctx: TenantContext, key: string) {
  requirePermission(ctx.permissions, 'roles:read');
  return withTenant(db, ctx, async (tx) => {
    const [row] = await tx.select().from(roles).where(eq(roles.key, key));
    if (!row) throw new AppError('not_found', 'Role not found');
    const counts = new Map((await memberCounts(tx)).map((c) => [c.role, Number(c.n)]));
    return view(row, counts.get(key) ?? 0);
  });
}

export async function createRole(
  db: Database,
  ctx: TenantContext,
  input: { key: string; name: string; description?: string | null; permissions: string[] },
) {
  requirePermission(ctx.permissions, 'roles:create');
  const permissions = validatePermissions(input.permissions);
  assertCanGrant(ctx, permissions);
  return withTenant(db, ctx, async (tx) => {
    const [row] = await tx
      .insert(roles)
      .values({ organizationId: ctx.orgId, key: input.key, name: input.name, description: input.description ?? null, permissions })
      .onConflictDoNothing()
      .returning();
    if (!row) throw new AppError('conflict', `A role with key "${input.key}" already exists`);
    await recordChange(
      tx,
      ctx.orgId,
      { action: 'role.created', targetType: 'role', targetId: row.key, changes: { after: { name: row.name, permissions } } },
      { type: 'ROLE_CREATED', payload: { key: row.key, permissions } },
    );
    return view(row, 0);
  });
}

export async function updateRole(
  db: Database,
  ctx: TenantContext,
  key: string,
  patch: { name?: string; description?: string | null; permissions?: string[] },
) {
  requirePermission(ctx.permissions, 'roles:update');
  if (isBuiltInRole(key)) throw new AppError('forbidden', 'Built-in roles cannot be edited');
  const permissions = patch.permissions ? validatePermissions(patch.permissions) : undefined;
  return withTenant(db, ctx, async (tx) => {
    const [current] = await tx.select().from(roles).where(eq(roles.key, key)).for('update');
    if (!current) throw new AppError('not_found', 'Role not found');
    // Adding AND removing are both grants of power over the role: the editor must hold every
    // permission the role has before and after the change.
    assertCanGrant(ctx, [...(current.permissions as Permission[]), ...(permissions ?? [])]);
    if (ctx.role === key) throw new AppError('forbidden', 'You cannot edit the role you hold');
    const [row] = await tx
      .update(roles)
      .set({
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.description !== undefined ? { description: patch.description } : {}),
        ...(permissions ? { permissions } : {}),
        updatedAt: new Date(),
      })
      .where(eq(roles.key, key))
      .returning();
    await recordChange(
      tx,
      ctx.orgId,
      {
        action: 'role.updated',
        targetType: 'role',
        targetId: key,
        changes: diff({ name: current.name, description: current.description, permissions: current.permissions }, { name: row!.name, description: row!.description, permissions: row!.permissions }),
      },
      { type: 'ROLE_UPDATED', payload: { key, permissions: row!.permissions } },
    );
    const counts = new Map((await memberCounts(tx)).map((c) => [c.role, Number(c.n)]));
    return view(row!, counts.get(key) ?? 0);
  });
}

/** Refused while assigned unless `reassignTo` names another role, which then receives its members. */
export async function deleteRole(db: Database, ctx: TenantContext, key: string, reassignTo?: string) {
  requirePermission(ctx.permissions, 'roles:delete');
  if (isBuiltInRole(key)) throw new AppError('forbidden', 'Built-in roles cannot be deleted');
  return withTenant(db, ctx, async (tx) => {
    const [current] = await tx.select().from(roles).where(eq(roles.key, key)).for('update');
    if (!current) throw new AppError('not_found', 'Role not found');
    assertCanGrant(ctx, current.permissions as Permission[]);
    const assigned = await tx
      .select({ id: memberships.id })
      .from(memberships)
      .where(and(eq(memberships.role, key), sql`${memberships.status} <> 'REMOVED'`))
      .for('update');
    const pendingInvites = await tx
      .select({ id: invitations.id })
      .from(invitations)
      .where(and(eq(invitations.role, key), eq(invitations.status, 'PENDING')));
    if ((assigned.length || pendingInvites.length) && !reassignTo) {
      throw new AppError('conflict', `Role "${key}" is assigned to ${assigned.length} member(s) and ${pendingInvites.length} pending invitation(s); pass reassignTo`);
    }
    if (reassignTo !== undefined) {
      if (reassignTo === key || reassignTo === 'OWNER') throw new AppError('validation_failed', 'Invalid reassignment role', { errors: [{ path: 'query.reassignTo', message: 'choose another non-owner role' }] });
      assertCanGrant(ctx, await rolePermissions(tx, reassignTo));
    }
    // Removed memberships and finished invitations keep history but not the role reference.
    const target = reassignTo ?? 'MEMBER';
    await tx.update(memberships).set({ role: target, updatedAt: new Date() }).where(eq(memberships.role, key));
    await tx.update(invitations).set({ role: target, updatedAt: new Date() }).where(eq(invitations.role, key));
    await tx.delete(roles).where(eq(roles.key, key));
    await recordChange(
      tx,
      ctx.orgId,
      { action: 'role.deleted', targetType: 'role', targetId: key, changes: { before: { name: current.name, permissions: current.permissions }, after: { reassignedTo: target } } },
      { type: 'ROLE_DELETED', payload: { key, reassignedTo: target } },
    );
    return { deleted: key, reassignedTo: assigned.length || pendingInvites.length ? target : null, reassigned: assigned.length };
  });
}

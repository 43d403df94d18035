// Invariants of member management, checked inside the write transaction:
// - the actor's own role is re-read under lock (a concurrent demotion cannot be acted upon);
// - only an OWNER acts on an OWNER or makes an OWNER; no one acts on their own membership here;
// - no one assigns a role with permissions they lack;
// - the last ACTIVE OWNER is never removed, demoted, suspended or allowed to leave.
// Owners are locked in id order before any change that can touch one, so concurrent owner changes
// serialise instead of deadlocking, and the second sees the first's result.
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { missingFrom } from '../../tenancy/permissions.ts';
import type { TenantContext } from '../../tenancy/with-tenant.ts';
import { rolePermissions } from '../roles/service.ts';
import { memberships } from './schema.ts';

export type MembershipRow = typeof memberships.$inferSelect;

export async function lockActiveOwners(tx: Tx): Promise<string[]> {
  const rows = await tx
    .select({ id: memberships.id })
    .from(memberships)
    .where(and(eq(memberships.role, 'OWNER'), eq(memberships.status, 'ACTIVE')))
    .orderBy(asc(memberships.id))
    .for('update');
  return rows.map((r) => r.id);
}

/**
 * Loads the target membership for a change, locking owners first when the target or the actor is
 * an owner, and re-validating the actor. Answers 404 for ids outside this organization (RLS).
 */
export async function loadForChange(tx: Tx, ctx: TenantContext, membershipId: string) {
  const [peek] = await tx.select({ role: memberships.role }).from(memberships).where(eq(memberships.id, membershipId));
  if (!peek) throw new AppError('not_found', 'Member not found');
  const owners = peek.role === 'OWNER' || ctx.role === 'OWNER' ? await lockActiveOwners(tx) : [];
  const rows = await tx
    .select()
    .from(memberships)
    .where(inArray(memberships.id, [membershipId, ctx.membershipId]))
    .for('update');
  const target = rows.find((r) => r.id === membershipId);
  const actor = rows.find((r) => r.id === ctx.membershipId);
  if (!target) throw new AppError('not_found', 'Member not found');
  if (!actor || actor.status !== 'ACTIVE' || actor.role !== ctx.role) throw new AppError('stale_role');
  return { target, actor, owners };
}

/**
 * Nobody changes their own membership here, only an owner changes an owner, and nobody acts on a
 * member whose role holds permissions they lack (a custom role above their own).
 */
export async function assertMayActOn(tx: Tx, ctx: TenantContext, target: MembershipRow) {
  if (target.id === ctx.membershipId) throw new AppError('forbidden', 'You cannot change your own membership this way');
  if (target.role === 'OWNER' && ctx.role !== 'OWNER') throw new AppError('forbidden', 'Only an owner can change an owner');
  if (ctx.role !== 'OWNER' && missingFrom(ctx.permissions, await rolePermissions(tx, target.role)).length) {
    throw new AppError('forbidden', 'You cannot change a member whose role holds permissions you lack');
  }
}

export async function assertMayAssign(tx: Tx, ctx: TenantContext, role: string) {
  if (role === 'OWNER' && ctx.role !== 'OWNER') throw new AppError('forbidden', 'Only an owner can make an owner');
  const missing = missingFrom(ctx.permissions, await rolePermissions(tx, role));
  if (missing.length) throw new AppError('forbidden', `You cannot assign a role with permissions you lack: ${missing.join(', ')}`);
}

/** When `target` is an active owner who would stop being one, at least one other must remain. */
export function assertNotLastOwner(target: MembershipRow, owners: string[]) {
  if (target.role === 'OWNER' && target.status === 'ACTIVE' && owners.filter((id) => id !== target.id).length === 0) {
    throw new AppError('last_owner');
  }
}

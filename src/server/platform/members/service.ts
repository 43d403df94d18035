// Membership management (M1, M2 invariants): get, change role, status transitions, remove, leave, /me.
import { and, eq, sql } from 'drizzle-orm';
import type { Database, Tx } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { requirePermission, type Permission } from '../../tenancy/permissions.ts';
import { withTenant, type TenantContext } from '../../tenancy/with-tenant.ts';
import { users } from '../../auth/schema.ts';
import { organizations } from '../organizations/schema.ts';
import { iso } from '../organizations/view.ts';
import { teamMembers } from '../teams/schema.ts';
import { memberships, ownershipTransfers } from './schema.ts';
import { assertMayActOn, assertMayAssign, assertNotLastOwner, loadForChange, type MembershipRow } from './guards.ts';
import { nextStatus, type MembershipAction } from './transitions.ts';
import { recordChange } from '../audit/record.ts';
import { memberFields } from './fields.ts';

export type MemberView = {
  id: string;
  userId: string;
  name: string;
  email: string;
  role: string;
  status: string;
  createdAt: string;
};

async function memberView(tx: Tx, membershipId: string): Promise<MemberView> {
  const [row] = await tx
    .select(memberFields)
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.id, membershipId));
  if (!row) throw new AppError('not_found', 'Member not found');
  return { ...row, createdAt: iso(row.createdAt)! };
}

export async function getMember(db: Database, ctx: TenantContext, membershipId: string) {
  requirePermission(ctx.permissions, 'members:read');
  return withTenant(db, ctx, (tx) => memberView(tx, membershipId));
}

export async function changeRole(db: Database, ctx: TenantContext, membershipId: string, role: string) {
  requirePermission(ctx.permissions, 'members:update');
  return withTenant(db, ctx, async (tx) => {
    const { target, owners } = await loadForChange(tx, ctx, membershipId);
    await assertMayActOn(tx, ctx, target);
    if (target.role === role) return memberView(tx, target.id);
    await assertMayAssign(tx, ctx, role);
    if (role !== 'OWNER') assertNotLastOwner(target, owners);
    await tx.update(memberships).set({ role, updatedAt: new Date() }).where(eq(memberships.id, target.id));
    await recordChange(
      tx,
      ctx.orgId,
      { action: 'member.role_changed', targetType: 'membership', targetId: target.id, changes: { before: { role: target.role }, after: { role } } },
      { type: 'MEMBER_ROLE_CHANGED', payload: { membershipId: target.id, userId: target.userId, from: target.role, to: role } },
    );
    return memberView(tx, target.id);
  });
}

/** Leaving the organization or being removed ends team memberships and open ownership offers. */
async function detach(tx: Tx, target: MembershipRow) {
  await tx.delete(teamMembers).where(eq(teamMembers.membershipId, target.id));
  await tx
    .update(ownershipTransfers)
    .set({ status: 'CANCELLED', respondedAt: new Date() })
    .where(
      and(
        eq(ownershipTransfers.status, 'PENDING'),
        sql`(${ownershipTransfers.fromMembershipId} = ${target.id} or ${ownershipTransfers.toMembershipId} = ${target.id})`,
      ),
    );
}

const eventFor: Record<Exclude<MembershipAction, 'leave'>, string> = {
  approve: 'MEMBER_JOINED',
  reject: 'MEMBER_REMOVED',
  suspend: 'MEMBER_SUSPENDED',
  reinstate: 'MEMBER_REINSTATED',
  remove: 'MEMBER_REMOVED',
};

const permissionFor: Record<Exclude<MembershipAction, 'leave'>, Permission> = {
  approve: 'members:approve',
  reject: 'members:approve',
  suspend: 'members:update',
  reinstate: 'members:update',
  remove: 'members:remove',
};

export async function transitionMember(
  db: Database,
  ctx: TenantContext,
  membershipId: string,
  action: Exclude<MembershipAction, 'leave'>,
) {
  requirePermission(ctx.permissions, permissionFor[action]);
  return withTenant(db, ctx, async (tx) => {
    const { target, owners } = await loadForChange(tx, ctx, membershipId);
    await assertMayActOn(tx, ctx, target);
    const status = nextStatus(action, target.status);
    if (status !== 'ACTIVE') assertNotLastOwner(target, owners);
    await tx.update(memberships).set({ status, updatedAt: new Date() }).where(eq(memberships.id, target.id));
    if (status === 'REMOVED') await detach(tx, target);
    await recordChange(
      tx,
      ctx.orgId,
      { action: `member.${action}`, targetType: 'membership', targetId: target.id, changes: { before: { status: target.status }, after: { status } } },
      { type: eventFor[action], payload: { membershipId: target.id, userId: target.userId, role: target.role, status } },
    );
    return memberView(tx, target.id);
  });
}

export async function leave(db: Database, ctx: TenantContext) {
  return withTenant(db, ctx, async (tx) => {
    const { target, owners } = await loadForChange(tx, ctx, ctx.membershipId);
    const status = nextStatus('leave', target.status);
    assertNotLastOwner(target, owners);
    await tx.update(memberships).set({ status, updatedAt: new Date() }).where(eq(memberships.id, target.id));
    await detach(tx, target);
    await recordChange(
      tx,
      ctx.orgId,
      { action: 'member.left', targetType: 'membership', targetId: target.id, changes: { before: { status: target.status }, after: { status } } },
      { type: 'MEMBER_LEFT', payload: { membershipId: target.id, userId: target.userId } },
    );
    return { left: true as const };
  });
}

/** The caller's membership, role and effective permissions in this organization (the console's guide). */
export async function me(db: Database, ctx: TenantContext) {
  return withTenant(db, ctx, async (tx) => {
    const [org] = await tx
      .select({ id: organizations.id, slug: organizations.slug, name: organizations.name, status: organizations.status })
      .from(organizations);
    const membership = await memberView(tx, ctx.membershipId);
    return { organization: org!, membership, role: ctx.role, permissions: [...ctx.permissions].sort() };
  });
}


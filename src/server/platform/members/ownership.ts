// Ownership transfer with acceptance: an owner offers, the recipient accepts, and in one transaction
// the recipient becomes OWNER and the offering owner becomes ADMIN.
import { and, desc, eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { withTenant, type TenantContext } from '../../tenancy/with-tenant.ts';
import { iso } from '../organizations/view.ts';
import { lockActiveOwners } from './guards.ts';
import { recordChange } from '../audit/record.ts';
import { memberships, ownershipTransfers } from './schema.ts';

const view = (t: typeof ownershipTransfers.$inferSelect) => ({
  id: t.id,
  fromMembershipId: t.fromMembershipId,
  toMembershipId: t.toMembershipId,
  status: t.status,
  createdAt: iso(t.createdAt)!,
  respondedAt: iso(t.respondedAt),
});

export async function listTransfers(db: Database, ctx: TenantContext) {
  return withTenant(db, ctx, async (tx) => {
    const rows = await tx.select().from(ownershipTransfers).orderBy(desc(ownershipTransfers.createdAt)).limit(50);
    // Owners see every offer; others only the ones addressed to them.
    return { items: rows.filter((r) => ctx.role === 'OWNER' || r.toMembershipId === ctx.membershipId).map(view) };
  });
}

export async function offerTransfer(db: Database, ctx: TenantContext, toMembershipId: string) {
  if (ctx.role !== 'OWNER') throw new AppError('forbidden', 'Only an owner can transfer ownership');
  if (toMembershipId === ctx.membershipId) throw new AppError('validation_failed', 'Cannot transfer to yourself', { errors: [{ path: 'body.toMembershipId', message: 'choose another member' }] });
  return withTenant(db, ctx, async (tx) => {
    const [target] = await tx.select().from(memberships).where(eq(memberships.id, toMembershipId));
    if (!target) throw new AppError('not_found', 'Member not found');
    if (target.status !== 'ACTIVE') throw new AppError('invalid_transition', 'Ownership can only go to an active member');
    if (target.role === 'OWNER') throw new AppError('conflict', 'That member is already an owner');
    const [row] = await tx
      .insert(ownershipTransfers)
      .values({ organizationId: ctx.orgId, fromMembershipId: ctx.membershipId, toMembershipId })
      .onConflictDoNothing()
      .returning();
    if (!row) throw new AppError('conflict', 'An ownership transfer is already pending');
    await recordChange(tx, ctx.orgId, { action: 'ownership.offered', targetType: 'membership', targetId: toMembershipId });
    return view(row);
  });
}

export async function respondToTransfer(db: Database, ctx: TenantContext, transferId: string, answer: 'accept' | 'decline' | 'cancel') {
  return withTenant(db, ctx, async (tx) => {
    // Owners first (same order as every owner change), then the offer.
    await lockActiveOwners(tx);
    const [offer] = await tx
      .select()
      .from(ownershipTransfers)
      .where(and(eq(ownershipTransfers.id, transferId), eq(ownershipTransfers.status, 'PENDING')))
      .for('update');
    if (!offer) throw new AppError('not_found', 'No pending transfer with that id');
    const isRecipient = offer.toMembershipId === ctx.membershipId;
    if (answer === 'cancel' ? ctx.role !== 'OWNER' : !isRecipient) throw new AppError('not_found', 'No pending transfer with that id');
    if (answer !== 'accept') {
      const [row] = await tx
        .update(ownershipTransfers)
        .set({ status: answer === 'decline' ? 'DECLINED' : 'CANCELLED', respondedAt: new Date() })
        .where(eq(ownershipTransfers.id, offer.id))
        .returning();
      await recordChange(tx, ctx.orgId, { action: answer === 'decline' ? 'ownership.declined' : 'ownership.cancelled', targetType: 'ownership_transfer', targetId: offer.id });
      return view(row!);
    }
    const [from] = await tx.select().from(memberships).where(eq(memberships.id, offer.fromMembershipId)).for('update');
    const [to] = await tx.select().from(memberships).where(eq(memberships.id, offer.toMembershipId)).for('update');
    if (!from || from.role !== 'OWNER' || from.status !== 'ACTIVE' || !to || to.status !== 'ACTIVE') {
      throw new AppError('invalid_transition', 'The offer is no longer valid');
    }
    await tx.update(memberships).set({ role: 'OWNER', updatedAt: new Date() }).where(eq(memberships.id, to.id));
    await tx.update(memberships).set({ role: 'ADMIN', updatedAt: new Date() }).where(eq(memberships.id, from.id));
    const [row] = await tx
      .update(ownershipTransfers)
      .set({ status: 'ACCEPTED', respondedAt: new Date() })
      .where(eq(ownershipTransfers.id, offer.id))
      .returning();
    await recordChange(
      tx,
      ctx.orgId,
      { action: 'ownership.transferred', targetType: 'membership', targetId: to.id, changes: { before: { owner: from.id }, after: { owner: to.id } } },
      { type: 'OWNERSHIP_TRANSFERRED', payload: { fromMembershipId: from.id, toMembershipId: to.id } },
    );
    return view(row!);
  });
}

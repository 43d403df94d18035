// Invitations (M3), join approval and seat limits. An invitation is accepted only by the signed-in
// user whose VERIFIED email matches; acceptance is single-use and idempotent; the seat limit is
// checked under a lock on the organization row so parallel accepts never overshoot.
import { and, desc, eq, gt, inArray, lt, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Database, Tx } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { requirePermission } from '../../tenancy/permissions.ts';
import { withPlatform, withTenant, type TenantContext } from '../../tenancy/with-tenant.ts';
import type { Principal } from '../../http/env.ts';
import { users } from '../../auth/schema.ts';
import { enqueueNotification } from '../notifications/outbox.ts';
import { organizations } from '../organizations/schema.ts';
import { iso } from '../organizations/view.ts';
import { memberships } from '../members/schema.ts';
import { assertMayAssign } from '../members/guards.ts';
import { SEAT_STATUSES } from '../members/transitions.ts';
import { teamMembers, teams } from '../teams/schema.ts';
import { invitations } from './schema.ts';
import { hashToken, looksLikeToken, newInvitationToken } from './tokens.ts';
import { recordChange } from '../audit/record.ts';

export const DEFAULT_EXPIRY_DAYS = 7;

type InvitationRow = typeof invitations.$inferSelect;
export type InvitationStatusFilter = 'PENDING' | 'ACCEPTED' | 'REJECTED' | 'REVOKED' | 'EXPIRED';

const effectiveStatus = (r: InvitationRow, now = new Date()): InvitationStatusFilter =>
  r.status === 'PENDING' && r.expiresAt.getTime() <= now.getTime() ? 'EXPIRED' : r.status;

const view = (r: InvitationRow) => ({
  id: r.id,
  email: r.email,
  role: r.role,
  teamId: r.teamId,
  message: r.message,
  status: effectiveStatus(r),
  expiresAt: iso(r.expiresAt)!,
  invitedBy: r.invitedBy,
  respondedAt: iso(r.respondedAt),
  createdAt: iso(r.createdAt)!,
});

export type Deps = { db: Database; log?: Logger; consoleUrl: string };

async function seatCheck(tx: Tx, limit: number | undefined, extraPending: number) {
  if (limit === undefined) return;
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(memberships)
    .where(inArray(memberships.status, SEAT_STATUSES));
  if (Number(row?.n ?? 0) + extraPending >= limit) {
    throw new AppError('seat_limit_reached', `The organization has reached its limit of ${limit} members`);
  }
}

async function sendInvitationEmail(tx: Tx, deps: Deps, inv: InvitationRow, token: string, org: { name: string }, inviter: string) {
  const link = `${deps.consoleUrl}/invitations/${token}`;
  await enqueueNotification(tx, deps.log, {
    kind: 'invitation',
    to: inv.email,
    subject: `${inviter} invited you to ${org.name} on Tenantry`,
    text:
      `${inviter} invited you to join ${org.name} as ${inv.role}.` +
      (inv.message ? `\n\n"${inv.message}"` : '') +
      `\n\nAccept or decline: ${link}\nThis invitation expires on ${inv.expiresAt.toISOString()}.`,
    payload: { url: link, token, invitationId: inv.id },
    aboutOrganizationId: inv.organizationId,
  });
}

export async function createInvitation(
  deps: Deps,
  ctx: TenantContext,
  inviter: { name: string },
  input: { email: string; role: string; teamId?: string | null; expiresInDays?: number; message?: string | null },
) {
  requirePermission(ctx.permissions, 'invitations:create');
  const email = input.email.toLowerCase();
  return withTenant(deps.db, ctx, async (tx) => {
    await assertMayAssign(tx, ctx, input.role);
    // Lock the organization row: invitations and acceptances are counted against the limit one at a time.
    const [org] = await tx.select({ name: organizations.name, limits: organizations.limits }).from(organizations).for('update');
    if (input.teamId) {
      const [team] = await tx.select({ id: teams.id }).from(teams).where(eq(teams.id, input.teamId));
      if (!team) throw new AppError('validation_failed', 'Unknown team', { errors: [{ path: 'body.teamId', message: 'no such team' }] });
    }
    const [existing] = await tx
      .select({ status: memberships.status })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(eq(users.email, email));
    if (existing && existing.status !== 'REMOVED') throw new AppError('already_member', `${email} is already a member (${existing.status})`);
    // Re-inviting replaces the pending invitation (its token dies).
    const replaced = await tx
      .update(invitations)
      .set({ status: 'REVOKED', updatedAt: new Date() })
      .where(and(eq(invitations.email, email), eq(invitations.status, 'PENDING')))
      .returning({ id: invitations.id });
    const [pending] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(invitations)
      .where(and(eq(invitations.status, 'PENDING'), gt(invitations.expiresAt, new Date())));
    await seatCheck(tx, org!.limits.members, Number(pending?.n ?? 0));
    const token = newInvitationToken();
    const [row] = await tx
      .insert(invitations)
      .values({
        organizationId: ctx.orgId,
        email,
        role: input.role,
        teamId: input.teamId ?? null,
        message: input.message ?? null,
        tokenHash: hashToken(token),
        expiresAt: new Date(Date.now() + (input.expiresInDays ?? DEFAULT_EXPIRY_DAYS) * 86_400_000),
        invitedBy: ctx.userId,
      })
      .returning();
    await sendInvitationEmail(tx, deps, row!, token, org!, inviter.name);
    await recordChange(
      tx,
      ctx.orgId,
      { action: 'invitation.created', targetType: 'invitation', targetId: row!.id, changes: { after: { email, role: input.role, teamId: input.teamId ?? null } } },
      { type: 'MEMBER_INVITED', payload: { invitationId: row!.id, email, role: input.role } },
    );
    return { ...view(row!), replacedInvitationId: replaced[0]?.id ?? null };
  });
}

export async function listInvitations(
  db: Database,
  ctx: TenantContext,
  query: { status?: InvitationStatusFilter; limit: number },
) {
  requirePermission(ctx.permissions, 'invitations:read');
  const now = new Date();
  const rows = await withTenant(db, ctx, (tx) =>
    tx
      .select()
      .from(invitations)
      .where(
        query.status === 'EXPIRED'
          ? and(eq(invitations.status, 'PENDING'), lt(invitations.expiresAt, now))
          : query.status === 'PENDING'
            ? and(eq(invitations.status, 'PENDING'), gt(invitations.expiresAt, now))
            : query.status
              ? eq(invitations.status, query.status)
              : undefined,
      )
      .orderBy(desc(invitations.createdAt))
      .limit(query.limit),
  );
  return { items: rows.map(view) };
}

export async function resendInvitation(deps: Deps, ctx: TenantContext, inviter: { name: string }, invitationId: string) {
  requirePermission(ctx.permissions, 'invitations:create');
  return withTenant(deps.db, ctx, async (tx) => {
    const [current] = await tx.select().from(invitations).where(eq(invitations.id, invitationId)).for('update');
    if (!current) throw new AppError('not_found', 'Invitation not found');
    if (current.status !== 'PENDING') throw new AppError('invalid_transition', `Cannot resend an invitation that is ${current.status}`);
    await assertMayAssign(tx, ctx, current.role);
    const [org] = await tx.select({ name: organizations.name, limits: organizations.limits }).from(organizations).for('update');
    // An expired invitation held no seat; reviving it must fit under the limit again.
    if (current.expiresAt <= new Date()) {
      const [pending] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(invitations)
        .where(and(eq(invitations.status, 'PENDING'), gt(invitations.expiresAt, new Date())));
      await seatCheck(tx, org!.limits.members, Number(pending?.n ?? 0));
    }
    const token = newInvitationToken();
    const [row] = await tx
      .update(invitations)
      .set({ tokenHash: hashToken(token), expiresAt: new Date(Date.now() + DEFAULT_EXPIRY_DAYS * 86_400_000), updatedAt: new Date() })
      .where(eq(invitations.id, invitationId))
      .returning();
    await sendInvitationEmail(tx, deps, row!, token, org!, inviter.name);
    await recordChange(tx, ctx.orgId, { action: 'invitation.resent', targetType: 'invitation', targetId: row!.id });
    return view(row!);
  });
}

export async function revokeInvitation(db: Database, ctx: TenantContext, invitationId: string) {
  requirePermission(ctx.permissions, 'invitations:revoke');
  return withTenant(db, ctx, async (tx) => {
    const [row] = await tx
      .update(invitations)
      .set({ status: 'REVOKED', updatedAt: new Date() })
      .where(and(eq(invitations.id, invitationId), eq(invitations.status, 'PENDING')))
      .returning();
    if (row) {
      await recordChange(tx, ctx.orgId, { action: 'invitation.revoked', targetType: 'invitation', targetId: row.id });
      return view(row);
    }
    const [exists] = await tx.select({ status: invitations.status }).from(invitations).where(eq(invitations.id, invitationId));
    if (!exists) throw new AppError('not_found', 'Invitation not found');
    throw new AppError('invalid_transition', `Cannot revoke an invitation that is ${exists.status}`);
  });
}

const invalidToken = () => new AppError('not_found', 'Invitation not found or no longer valid');

/** Finds which organization a token belongs to: the one lookup that must precede any tenant. */
async function organizationOfToken(db: Database, token: string) {
  if (!looksLikeToken(token)) throw invalidToken();
  const [row] = await withPlatform(db, 'invitation token lookup', (tx) =>
    tx
      .select({ organizationId: invitations.organizationId })
      .from(invitations)
      .where(eq(invitations.tokenHash, hashToken(token))),
  );
  if (!row) throw invalidToken();
  return row.organizationId;
}

/** Public: what the invitation page shows. Expired, used, revoked and unknown tokens look the same. */
export async function lookupInvitation(db: Database, token: string) {
  const orgId = await organizationOfToken(db, token);
  return withTenant(db, { orgId, userId: null }, async (tx) => {
    const [row] = await tx
      .select({ inv: invitations, org: organizations })
      .from(invitations)
      .innerJoin(organizations, eq(organizations.id, invitations.organizationId))
      .where(eq(invitations.tokenHash, hashToken(token)));
    if (!row || effectiveStatus(row.inv) !== 'PENDING' || row.org.status !== 'ACTIVE' || row.org.deletedAt) throw invalidToken();
    // Visible under the users policy: the inviter has a membership row in this organization.
    const [inviter] = await tx.select({ name: users.name }).from(users).where(eq(users.id, row.inv.invitedBy));
    return {
      organization: { name: row.org.name, slug: row.org.slug, logoUrl: row.org.logoUrl },
      inviter: { name: inviter?.name ?? 'A member' },
      email: row.inv.email,
      role: row.inv.role,
      message: row.inv.message,
      expiresAt: iso(row.inv.expiresAt)!,
    };
  });
}

function assertRecipient(principal: Principal, inv: InvitationRow) {
  if (principal.user.email.toLowerCase() !== inv.email) throw new AppError('invitation_email_mismatch');
  if (!principal.user.emailVerified) throw new AppError('email_not_verified', 'Verify your email address before accepting invitations');
}

export async function acceptInvitation(db: Database, principal: Principal, token: string) {
  const orgId = await organizationOfToken(db, token);
  return withTenant(db, { orgId, userId: principal.user.id }, async (tx) => {
    // The organization row first (seat lock, same order as createInvitation), then the invitation.
    const [org] = await tx.select().from(organizations).for('update');
    const [inv] = await tx.select().from(invitations).where(eq(invitations.tokenHash, hashToken(token))).for('update');
    if (!inv || !org) throw invalidToken();
    if (inv.status === 'ACCEPTED' && inv.respondedBy === principal.user.id && inv.membershipId) {
      return { organization: { id: org.id, slug: org.slug, name: org.name }, membershipId: inv.membershipId, status: 'ALREADY_ACCEPTED' as const };
    }
    if (effectiveStatus(inv) !== 'PENDING' || org.deletedAt) throw invalidToken();
    if (org.status === 'SUSPENDED') throw new AppError('organization_suspended');
    if (org.status !== 'ACTIVE') throw new AppError('invalid_transition', 'This organization is not accepting members');
    assertRecipient(principal, inv);

    const [existing] = await tx.select().from(memberships).where(eq(memberships.userId, principal.user.id)).for('update');
    if (existing && existing.status !== 'REMOVED') throw new AppError('already_member');
    await seatCheck(tx, org.limits.members, 0);
    const status = org.joinApproval ? ('PENDING' as const) : ('ACTIVE' as const);
    let membershipId: string;
    if (existing) {
      await tx.update(memberships).set({ role: inv.role, status, updatedAt: new Date() }).where(eq(memberships.id, existing.id));
      membershipId = existing.id;
    } else {
      const [created] = await tx
        .insert(memberships)
        .values({ organizationId: org.id, userId: principal.user.id, role: inv.role, status })
        .returning({ id: memberships.id });
      membershipId = created!.id;
    }
    if (inv.teamId) {
      await tx.insert(teamMembers).values({ organizationId: org.id, teamId: inv.teamId, membershipId }).onConflictDoNothing();
    }
    await tx
      .update(invitations)
      .set({ status: 'ACCEPTED', respondedBy: principal.user.id, respondedAt: new Date(), membershipId, updatedAt: new Date() })
      .where(eq(invitations.id, inv.id));
    await recordChange(
      tx,
      org.id,
      { action: 'invitation.accepted', targetType: 'membership', targetId: membershipId, changes: { after: { role: inv.role, status } } },
      status === 'ACTIVE' ? { type: 'MEMBER_JOINED', payload: { membershipId, userId: principal.user.id, role: inv.role } } : undefined,
    );
    return { organization: { id: org.id, slug: org.slug, name: org.name }, membershipId, status };
  });
}

export async function rejectInvitation(db: Database, principal: Principal, token: string) {
  const orgId = await organizationOfToken(db, token);
  return withTenant(db, { orgId, userId: principal.user.id }, async (tx) => {
    const [inv] = await tx.select().from(invitations).where(eq(invitations.tokenHash, hashToken(token))).for('update');
    if (!inv || effectiveStatus(inv) !== 'PENDING') throw invalidToken();
    assertRecipient(principal, inv);
    await tx
      .update(invitations)
      .set({ status: 'REJECTED', respondedBy: principal.user.id, respondedAt: new Date(), updatedAt: new Date() })
      .where(eq(invitations.id, inv.id));
    await recordChange(tx, orgId, { action: 'invitation.rejected', targetType: 'invitation', targetId: inv.id });
    return { rejected: true as const };
  });
}

// Teams (M4): named groups of ACTIVE members inside one organization.
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { requirePermission } from '../../tenancy/permissions.ts';
import { withTenant, type TenantContext } from '../../tenancy/with-tenant.ts';
import { users } from '../../auth/schema.ts';
import { iso } from '../organizations/view.ts';
import { memberships } from '../members/schema.ts';
import { invitations } from '../invitations/schema.ts';
import { teamMembers, teams } from './schema.ts';
import { recordChange } from '../audit/record.ts';

// Qualified with the outer table: drizzle renders a bare column unqualified, which inside this subquery
// would resolve to team_members' own columns (tm.team_id = tm.id) and count nothing.
const memberCount = sql<number>`(select count(*)::int from team_members tm where tm.organization_id = ${teams}.organization_id and tm.team_id = ${teams}.id)`;

const view = (t: typeof teams.$inferSelect, count: number) => ({
  id: t.id,
  name: t.name,
  description: t.description,
  memberCount: Number(count),
  createdAt: iso(t.createdAt)!,
});

export async function listTeams(db: Database, ctx: TenantContext) {
  requirePermission(ctx.permissions, 'teams:read');
  const rows = await withTenant(db, ctx, (tx) => tx.select({ team: teams, count: memberCount }).from(teams).orderBy(asc(teams.name)));
  return { items: rows.map((r) => view(r.team, r.count)) };
}

export async function createTeam(db: Database, ctx: TenantContext, input: { name: string; description?: string | null }) {
  requirePermission(ctx.permissions, 'teams:create');
  return withTenant(db, ctx, async (tx) => {
    const [row] = await tx
      .insert(teams)
      .values({ organizationId: ctx.orgId, name: input.name, description: input.description ?? null })
      .onConflictDoNothing()
      .returning();
    if (!row) throw new AppError('conflict', `A team named "${input.name}" already exists`);
    await recordChange(tx, ctx.orgId, { action: 'team.created', targetType: 'team', targetId: row.id, changes: { after: { name: row.name } } }, {
      type: 'TEAM_CREATED',
      payload: { teamId: row.id, name: row.name },
    });
    return view(row, 0);
  });
}

export async function updateTeam(db: Database, ctx: TenantContext, teamId: string, patch: { name?: string; description?: string | null }) {
  requirePermission(ctx.permissions, 'teams:update');
  return withTenant(db, ctx, async (tx) => {
    const [row] = await tx
      .update(teams)
      .set({ ...patch, updatedAt: new Date() })
      .where(eq(teams.id, teamId))
      .returning();
    if (!row) throw new AppError('not_found', 'Team not found');
    await recordChange(tx, ctx.orgId, { action: 'team.updated', targetType: 'team', targetId: row.id, changes: { after: patch } }, {
      type: 'TEAM_UPDATED',
      payload: { teamId: row.id, name: row.name },
    });
    const [c] = await tx.select({ count: memberCount }).from(teams).where(eq(teams.id, teamId));
    return view(row, c?.count ?? 0);
  });
}

/** Deleting a team removes only team memberships (cascade) and the team from pending invitations. */
export async function deleteTeam(db: Database, ctx: TenantContext, teamId: string) {
  requirePermission(ctx.permissions, 'teams:delete');
  return withTenant(db, ctx, async (tx) => {
    await tx.update(invitations).set({ teamId: null, updatedAt: new Date() }).where(eq(invitations.teamId, teamId));
    const [row] = await tx.delete(teams).where(eq(teams.id, teamId)).returning({ id: teams.id });
    if (!row) throw new AppError('not_found', 'Team not found');
    await recordChange(tx, ctx.orgId, { action: 'team.deleted', targetType: 'team', targetId: row.id }, { type: 'TEAM_DELETED', payload: { teamId: row.id } });
    return { deleted: row.id };
  });
}

export async function listTeamMembers(db: Database, ctx: TenantContext, teamId: string) {
  requirePermission(ctx.permissions, 'teams:read');
  return withTenant(db, ctx, async (tx) => {
    const [team] = await tx.select({ id: teams.id }).from(teams).where(eq(teams.id, teamId));
    if (!team) throw new AppError('not_found', 'Team not found');
    const rows = await tx
      .select({
        membershipId: memberships.id,
        userId: memberships.userId,
        name: users.name,
        email: users.email,
        role: memberships.role,
        addedAt: teamMembers.createdAt,
      })
      .from(teamMembers)
      .innerJoin(memberships, and(eq(memberships.organizationId, teamMembers.organizationId), eq(memberships.id, teamMembers.membershipId)))
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(eq(teamMembers.teamId, teamId))
      .orderBy(asc(users.name));
    return { items: rows.map((r) => ({ ...r, addedAt: iso(r.addedAt)! })) };
  });
}

export async function addTeamMember(db: Database, ctx: TenantContext, teamId: string, membershipId: string) {
  requirePermission(ctx.permissions, 'teams:manage_members');
  return withTenant(db, ctx, async (tx) => {
    const [team] = await tx.select({ id: teams.id }).from(teams).where(eq(teams.id, teamId));
    if (!team) throw new AppError('not_found', 'Team not found');
    const [member] = await tx.select({ status: memberships.status }).from(memberships).where(eq(memberships.id, membershipId));
    if (!member) throw new AppError('not_found', 'Member not found');
    if (member.status !== 'ACTIVE') throw new AppError('invalid_transition', 'Only active members can join a team');
    await tx.insert(teamMembers).values({ organizationId: ctx.orgId, teamId, membershipId }).onConflictDoNothing();
    await recordChange(tx, ctx.orgId, { action: 'team.member_added', targetType: 'team', targetId: teamId, changes: { after: { membershipId } } });
    return { teamId, membershipId };
  });
}

export async function removeTeamMember(db: Database, ctx: TenantContext, teamId: string, membershipId: string) {
  requirePermission(ctx.permissions, 'teams:manage_members');
  return withTenant(db, ctx, async (tx) => {
    const [row] = await tx
      .delete(teamMembers)
      .where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.membershipId, membershipId)))
      .returning({ id: teamMembers.id });
    if (!row) throw new AppError('not_found', 'Not a member of this team');
    await recordChange(tx, ctx.orgId, { action: 'team.member_removed', targetType: 'team', targetId: teamId, changes: { before: { membershipId } } });
    return { removed: true as const };
  });
}

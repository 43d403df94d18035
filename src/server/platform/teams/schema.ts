// Teams inside an organization and their members (who must be members of the same organization).
import { foreignKey, index, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { tenantTable } from '../../tenancy/tenant-table.ts';
import { foreignKeyToOrganization } from '../organizations/schema.ts';
import { memberships } from '../members/schema.ts';

export const teams = tenantTable(
  'teams',
  {
    name: text('name').notNull(),
    description: text('description'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('teams_org_name_unique').on(t.organizationId, t.name), foreignKeyToOrganization('teams', t.organizationId)],
);

export const teamMembers = tenantTable(
  'team_members',
  {
    teamId: uuid('team_id').notNull(),
    membershipId: uuid('membership_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('team_members_unique').on(t.organizationId, t.teamId, t.membershipId),
    index('team_members_membership_idx').on(t.organizationId, t.membershipId),
    foreignKeyToOrganization('team_members', t.organizationId),
    foreignKey({ name: 'team_members_team_fk', columns: [t.organizationId, t.teamId], foreignColumns: [teams.organizationId, teams.id] }).onDelete('cascade'),
    foreignKey({
      name: 'team_members_membership_fk',
      columns: [t.organizationId, t.membershipId],
      foreignColumns: [memberships.organizationId, memberships.id],
    }).onDelete('cascade'),
  ],
);

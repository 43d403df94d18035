// Invitations. Composite foreign keys keep role, team and membership inside the organization
// (no ON DELETE SET NULL: it would null organization_id too; the team service clears team_id).
// Only a SHA-256 of the token is stored; the token itself exists in the email only.
import { sql } from 'drizzle-orm';
import { check, foreignKey, index, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { tenantTable } from '../../tenancy/tenant-table.ts';
import { foreignKeyToOrganization } from '../organizations/schema.ts';
import { roles } from '../roles/schema.ts';
import { teams } from '../teams/schema.ts';
import { memberships } from '../members/schema.ts';

export const INVITATION_STATUSES = ['PENDING', 'ACCEPTED', 'REJECTED', 'REVOKED'] as const;

export const invitations = tenantTable(
  'invitations',
  {
    email: text('email').notNull(),
    role: text('role').notNull(),
    teamId: uuid('team_id'),
    message: text('message'),
    tokenHash: text('token_hash').notNull(),
    status: text('status', { enum: INVITATION_STATUSES }).notNull().default('PENDING'),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    invitedBy: uuid('invited_by').notNull(),
    respondedBy: uuid('responded_by'),
    respondedAt: timestamp('responded_at', { withTimezone: true }),
    membershipId: uuid('membership_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // Looked up by token before any tenant is known; the hash of a 256-bit token is globally unique.
    uniqueIndex('invitations_token_hash_unique').on(t.tokenHash),
    // One pending invitation per email and organization: re-inviting replaces it.
    uniqueIndex('invitations_pending_email_unique').on(t.organizationId, t.email).where(sql`status = 'PENDING'`),
    index('invitations_org_status_idx').on(t.organizationId, t.status, t.createdAt),
    check('invitations_status_check', sql`${t.status} in ('PENDING','ACCEPTED','REJECTED','REVOKED')`),
    foreignKeyToOrganization('invitations', t.organizationId),
    foreignKey({ name: 'invitations_role_fk', columns: [t.organizationId, t.role], foreignColumns: [roles.organizationId, roles.key] }),
    foreignKey({ name: 'invitations_team_fk', columns: [t.organizationId, t.teamId], foreignColumns: [teams.organizationId, teams.id] }),
    foreignKey({
      name: 'invitations_membership_fk',
      columns: [t.organizationId, t.membershipId],
      foreignColumns: [memberships.organizationId, memberships.id],
    }),
  ],
);

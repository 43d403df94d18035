// Memberships are tenant data: a user's role and status inside one organization.
import { sql } from 'drizzle-orm';
import { check, foreignKey, index, text, timestamp, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { tenantTable } from '../../tenancy/tenant-table.ts';
import { foreignKeyToOrganization } from '../organizations/schema.ts';
import { roles } from '../roles/schema.ts';
import { users } from '../../auth/schema.ts';

export const MEMBERSHIP_STATUSES = ['INVITED', 'PENDING', 'ACTIVE', 'SUSPENDED', 'REMOVED'] as const;
export type MembershipStatus = (typeof MEMBERSHIP_STATUSES)[number];

export const memberships = tenantTable(
  'memberships',
  {
    userId: uuid('user_id').notNull(),
    /** A role key of the same organization: OWNER, ADMIN, MEMBER, READ_ONLY or a custom role's key. */
    role: text('role').notNull().default('MEMBER'),
    status: text('status', { enum: MEMBERSHIP_STATUSES }).notNull().default('ACTIVE'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('memberships_org_user_unique').on(t.organizationId, t.userId),
    index('memberships_user_idx').on(t.userId),
    index('memberships_org_created_idx').on(t.organizationId, t.createdAt, t.id),
    index('memberships_org_role_idx').on(t.organizationId, t.role),
    check('memberships_status_check', sql`${t.status} in ('INVITED','PENDING','ACTIVE','SUSPENDED','REMOVED')`),
    foreignKeyToOrganization('memberships', t.organizationId),
    foreignKey({ name: 'memberships_user_fk', columns: [t.userId], foreignColumns: [users.id] }).onDelete('cascade'),
    foreignKey({ name: 'memberships_role_fk', columns: [t.organizationId, t.role], foreignColumns: [roles.organizationId, roles.key] }),
  ],
);

export const TRANSFER_STATUSES = ['PENDING', 'ACCEPTED', 'DECLINED', 'CANCELLED'] as const;

/** Ownership transfer offers: the owner offers, the recipient accepts, roles swap atomically. */
export const ownershipTransfers = tenantTable(
  'ownership_transfers',
  {
    fromMembershipId: uuid('from_membership_id').notNull(),
    toMembershipId: uuid('to_membership_id').notNull(),
    status: text('status', { enum: TRANSFER_STATUSES }).notNull().default('PENDING'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    respondedAt: timestamp('responded_at', { withTimezone: true }),
  },
  (t) => [
    // At most one open offer per organization.
    uniqueIndex('ownership_transfers_one_pending').on(t.organizationId).where(sql`status = 'PENDING'`),
    check('ownership_transfers_status_check', sql`${t.status} in ('PENDING','ACCEPTED','DECLINED','CANCELLED')`),
    foreignKeyToOrganization('ownership_transfers', t.organizationId),
    foreignKey({
      name: 'ownership_transfers_from_fk',
      columns: [t.organizationId, t.fromMembershipId],
      foreignColumns: [memberships.organizationId, memberships.id],
    }).onDelete('cascade'),
    foreignKey({
      name: 'ownership_transfers_to_fk',
      columns: [t.organizationId, t.toMembershipId],
      foreignColumns: [memberships.organizationId, memberships.id],
    }).onDelete('cascade'),
  ],
);

// Memberships are tenant data: a user's role and status inside one organization.
import { sql } from 'drizzle-orm';
import { check, foreignKey, index, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { tenantTable } from '../../tenancy/tenant-table.ts';
import { foreignKeyToOrganization } from '../organizations/schema.ts';
import { users } from '../../auth/schema.ts';

export const MEMBERSHIP_ROLES = ['OWNER', 'ADMIN', 'MEMBER', 'READ_ONLY'] as const;
export type MembershipRole = (typeof MEMBERSHIP_ROLES)[number];
export const MEMBERSHIP_STATUSES = ['INVITED', 'PENDING', 'ACTIVE', 'SUSPENDED', 'REMOVED'] as const;
export type MembershipStatus = (typeof MEMBERSHIP_STATUSES)[number];

export const memberships = tenantTable(
  'memberships',
  {
    userId: uuid('user_id').notNull(),
    role: text('role').notNull().default('MEMBER'),
    status: text('status', { enum: MEMBERSHIP_STATUSES }).notNull().default('ACTIVE'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('memberships_org_user_unique').on(t.organizationId, t.userId),
    index('memberships_user_idx').on(t.userId),
    index('memberships_org_created_idx').on(t.organizationId, t.createdAt, t.id),
    check('memberships_status_check', sql`${t.status} in ('INVITED','PENDING','ACTIVE','SUSPENDED','REMOVED')`),
    foreignKeyToOrganization('memberships', t.organizationId),
    foreignKey({ name: 'memberships_user_fk', columns: [t.userId], foreignColumns: [users.id] }).onDelete('cascade'),
  ],
);

// Organizations are the tenants. The organizations row is readable and updatable by the runtime role
// only for the organization in context; creation, lifecycle transitions and the directory are platform
// (operator) operations. Lifecycle history is tenant data.
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  integer,
  foreignKey,
  index,
  jsonb,
  pgPolicy,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';
import { currentOrgId, runtimeRole, tenantTable } from '../../tenancy/tenant-table.ts';

export const ORGANIZATION_STATUSES = ['PENDING', 'ACTIVE', 'REJECTED', 'SUSPENDED'] as const;
export type OrganizationStatus = (typeof ORGANIZATION_STATUSES)[number];

export type Address = {
  line1?: string;
  line2?: string;
  city?: string;
  region?: string;
  postalCode?: string;
  country?: string;
};
export type Theme = { primaryColor?: string; accentColor?: string };

export const organizations = pgTable(
  'organizations',
  {
    id: uuid('id').primaryKey(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    status: text('status', { enum: ORGANIZATION_STATUSES }).notNull().default('PENDING'),
    statusReason: text('status_reason'),
    contactEmail: text('contact_email'),
    address: jsonb('address').$type<Address>(),
    language: text('language').notNull().default('en'),
    timezone: text('timezone').notNull().default('UTC'),
    currency: text('currency'),
    logoUrl: text('logo_url'),
    theme: jsonb('theme').$type<Theme>().notNull().default({}),
    /** New members wait as PENDING until an OWNER/ADMIN approves them. */
    joinApproval: boolean('join_approval').notNull().default(false),
    auditRetentionDays: integer('audit_retention_days').notNull().default(365),
    metadata: jsonb('metadata').$type<Record<string, unknown>>().notNull().default({}),
    limits: jsonb('limits').$type<Record<string, number>>().notNull().default({}),
    features: jsonb('features').$type<Record<string, boolean>>().notNull().default({}),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
    deletedBy: uuid('deleted_by'),
  },
  (t) => [
    uniqueIndex('organizations_slug_unique').on(t.slug),
    index('organizations_status_created_idx').on(t.status, t.createdAt, t.id),
    index('organizations_created_idx').on(t.createdAt, t.id),
    check('organizations_status_check', sql`${t.status} in ('PENDING','ACTIVE','REJECTED','SUSPENDED')`),
    pgPolicy('organizations_tenant_isolation', {
      for: 'all',
      to: runtimeRole,
      using: sql`${t.id} = ${currentOrgId}`,
      withCheck: sql`${t.id} = ${currentOrgId}`,
    }),
  ],
).enableRLS();

/** Every tenant table references its organization; purge cascades through these. */
export function foreignKeyToOrganization(table: string, column: AnyPgColumn) {
  return foreignKey({ name: `${table}_organization_fk`, columns: [column], foreignColumns: [organizations.id] }).onDelete(
    'cascade',
  );
}

/** Who changed an organization's lifecycle state, when, and why. */
export const organizationStatusEvents = tenantTable(
  'organization_status_events',
  {
    action: text('action').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status'),
    reason: text('reason'),
    actorUserId: uuid('actor_user_id'),
    actorKind: text('actor_kind', { enum: ['user', 'operator', 'system'] }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('organization_status_events_org_created_idx').on(t.organizationId, t.createdAt),
    foreignKeyToOrganization('organization_status_events', t.organizationId),
  ],
);


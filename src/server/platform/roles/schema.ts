// Roles per organization. The four built-in roles are rows too (builtin = true, permissions computed
// from code), so memberships and invitations reference a role of the SAME organization through one
// composite foreign key, built-in or custom.
import { boolean, index, jsonb, text, timestamp, unique } from 'drizzle-orm/pg-core';
import { tenantTable } from '../../tenancy/tenant-table.ts';
import { foreignKeyToOrganization } from '../organizations/schema.ts';

export const roles = tenantTable(
  'roles',
  {
    key: text('key').notNull(),
    name: text('name').notNull(),
    description: text('description'),
    builtin: boolean('builtin').notNull().default(false),
    /** Custom roles only; built-in roles' grants come from the permission table in code. */
    permissions: jsonb('permissions').$type<string[]>().notNull().default([]),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('roles_org_key_unique').on(t.organizationId, t.key),
    index('roles_org_name_idx').on(t.organizationId, t.name),
    foreignKeyToOrganization('roles', t.organizationId),
  ],
);

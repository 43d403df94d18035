// The one helper every tenant table is declared through. It adds `organization_id`, the composite
// primary key `(organization_id, id)` and the fail-closed policy for the runtime role, and enables RLS.
// FORCE RLS and grants are applied by the migration runner (Drizzle cannot express FORCE).
import { sql } from 'drizzle-orm';
import {
  pgPolicy,
  pgRole,
  pgTable,
  primaryKey,
  uuid,
  type PgColumnBuilderBase,
  type PgTableExtraConfigValue,
} from 'drizzle-orm/pg-core';
import type { BuildExtraConfigColumns } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';

/** The runtime role tenant queries run as: not superuser, not BYPASSRLS, not owner. */
export const RUNTIME_ROLE = 'tenantry_app';
export const runtimeRole = pgRole(RUNTIME_ROLE).existing();

/**
 * The tenant predicate. After a transaction ends the setting reads as '' (not NULL); nullif makes that
 * compare as NULL, so a query with no tenant context sees zero rows instead of erroring.
 */
export const currentOrgId = sql`nullif(current_setting('app.org_id', true), '')::uuid`;

export const tenantPolicy = (table: string, column = 'organization_id') =>
  pgPolicy(`${table}_tenant_isolation`, {
    as: 'permissive',
    for: 'all',
    to: runtimeRole,
    using: sql`${sql.identifier(column)} = ${currentOrgId}`,
    withCheck: sql`${sql.identifier(column)} = ${currentOrgId}`,
  });

const tenantColumns = () => ({
  organizationId: uuid('organization_id').notNull(),
  id: uuid('id').notNull().$defaultFn(() => uuidv7()),
});

type TenantColumns = ReturnType<typeof tenantColumns>;

export function tenantTable<TName extends string, TColumns extends Record<string, PgColumnBuilderBase>>(
  name: TName,
  columns: TColumns,
  extra?: (t: BuildExtraConfigColumns<TName, TenantColumns & TColumns, 'pg'>) => PgTableExtraConfigValue[],
) {
  return pgTable(name, { ...tenantColumns(), ...columns }, (t) => [
    primaryKey({ name: `${name}_pkey`, columns: [t.organizationId, t.id] }),
    tenantPolicy(name),
    ...(extra ? extra(t) : []),
  ]).enableRLS();
}

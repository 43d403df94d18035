// Which modules each organization has enabled. Disabling keeps the module's data.
import { boolean, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { tenantTable } from '../tenancy/tenant-table.ts';
import { foreignKeyToOrganization } from '../platform/organizations/schema.ts';

export const organizationModules = tenantTable(
  'organization_modules',
  {
    moduleId: text('module_id').notNull(),
    enabled: boolean('enabled').notNull().default(true),
    changedBy: uuid('changed_by'),
    enabledAt: timestamp('enabled_at', { withTimezone: true }),
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
  },
  (t) => [unique('organization_modules_unique').on(t.organizationId, t.moduleId), foreignKeyToOrganization('organization_modules', t.organizationId)],
);

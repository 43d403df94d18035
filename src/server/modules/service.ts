// Enabling and disabling modules per organization (X2). Enabling checks dependencies and activation
// requirements and answers 422 naming what is missing; disabling keeps the module's data and is
// refused while an enabled module depends on it.

import { eq } from 'drizzle-orm';
import type { Database, Tx } from '../db/client.ts';
import { AppError } from '../errors.ts';
import { requirePermission } from '../tenancy/permissions.ts';
import { withPlatform, withTenant, type TenantContext, type TenantScope } from '../tenancy/with-tenant.ts';
import { audit, auditOperator } from '../platform/audit/record.ts';
import { emitEvent } from '../platform/events/emit.ts';
import { organizations } from '../platform/organizations/schema.ts';
import { moduleById, modules } from './registry.ts';
import { organizationModules } from './schema.ts';
import type { OrganizationRow } from './types.ts';

/** Filters by the organization explicitly: operators run this in platform context, where RLS does not narrow. */
async function stateOf(tx: Tx, orgId: string) {
  const [org] = await tx.select().from(organizations).where(eq(organizations.id, orgId));
  if (!org) throw new AppError('not_found', 'Organization not found');
  const rows = await tx.select().from(organizationModules).where(eq(organizationModules.organizationId, orgId));
  return { org, enabled: new Set(rows.filter((r) => r.enabled).map((r) => r.moduleId)) };
}

function unmetOf(org: OrganizationRow, moduleId: string) {
  return (moduleById(moduleId)?.requirements ?? [])
    .filter((r) => !r.met(org))
    .map((r) => ({ key: r.key, description: r.description, settingsField: r.settingsField }));
}

export async function listModules(db: Database, ctx: TenantContext) {
  requirePermission(ctx.permissions, 'modules:read');
  const { org, enabled } = await withTenant(db, ctx, (tx) => stateOf(tx, ctx.orgId));
  return {
    items: modules.map((m) => ({
      id: m.id,
      name: m.name,
      description: m.description,
      enabled: enabled.has(m.id),
      dependencies: [...(m.dependencies ?? [])],
      missingDependencies: (m.dependencies ?? []).filter((d) => !enabled.has(d)),
      unmetRequirements: unmetOf(org, m.id),
      resources: Object.keys(m.permissions),
    })),
  };
}

/** Shared by tenants (OWNER/ADMIN via modules:manage) and operators (scope built by platform code). */
export async function setModuleEnabled(db: Database, scope: TenantScope, moduleId: string, enable: boolean, by: 'member' | 'operator' = 'member') {
  const module = moduleById(moduleId);
  if (!module) throw new AppError('not_found', `No module "${moduleId}"`);
  // An operator's change is also written to the platform-wide log, which only platform context may write.
  const run = <T>(fn: (tx: Tx) => Promise<T>) => (by === 'operator' ? withPlatform(db, 'operator module toggle', fn) : withTenant(db, scope, fn));
  return run(async (tx) => {
    // Lock the organization row: concurrent enable/disable of dependent modules serialise here.
    await tx.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, scope.orgId)).for('update');
    const { org, enabled } = await stateOf(tx, scope.orgId);
    if (enable) {
      const missingDependencies = (module.dependencies ?? []).filter((d) => !enabled.has(d));
      const unmet = unmetOf(org, moduleId);
      if (missingDependencies.length || unmet.length) {
        throw new AppError('unprocessable', `Cannot enable ${module.name}: ${[...missingDependencies.map((d) => `enable module "${d}" first`), ...unmet.map((u) => u.description)].join('; ')}`, {
          errors: [
            ...missingDependencies.map((d) => ({ path: `dependencies.${d}`, message: `module "${d}" must be enabled first` })),
            ...unmet.map((u) => ({ path: `settings.${u.settingsField}`, message: u.description })),
          ],
        });
      }
    } else {
      const dependants = [...enabled].filter((id) => moduleById(id)?.dependencies?.includes(moduleId));
      if (dependants.length) throw new AppError('conflict', `Disable ${dependants.join(', ')} first: they depend on ${moduleId}`);
    }
    if (enabled.has(moduleId) === enable) return { id: moduleId, enabled: enable, changed: false };
    const now = new Date();
    await tx
      .insert(organizationModules)
      .values({ organizationId: scope.orgId, moduleId, enabled: enable, changedBy: scope.userId, ...(enable ? { enabledAt: now } : { disabledAt: now }) })
      .onConflictDoUpdate({
        target: [organizationModules.organizationId, organizationModules.moduleId],
        set: { enabled: enable, changedBy: scope.userId, ...(enable ? { enabledAt: now } : { disabledAt: now }) },
      });
    const entry = { action: enable ? 'module.enabled' : 'module.disabled', targetType: 'module', targetId: moduleId };
    // An operator's change also goes to the platform-wide log.
    if (by === 'operator') await auditOperator(tx, scope.orgId, entry);
    else await audit(tx, scope.orgId, entry);
    await emitEvent(tx, scope.orgId, enable ? 'MODULE_ENABLED' : 'MODULE_DISABLED', { moduleId });
    return { id: moduleId, enabled: enable, changed: true };
  });
}

export async function toggleModule(db: Database, ctx: TenantContext, moduleId: string, enable: boolean) {
  requirePermission(ctx.permissions, 'modules:manage');
  return setModuleEnabled(db, ctx, moduleId, enable);
}


// Module management routes (tenant and operator) and the mounting of every module's own routes.
import { createRoute, z } from '@hono/zod-openapi';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Database } from '../db/client.ts';
import type { AppEnv } from '../http/env.ts';
import { errors, json, router } from '../http/openapi.ts';
import { principalOf } from '../http/middleware.ts';
import { OrgParam } from '../platform/organizations/schemas.ts';
import { requireModule } from './guard.ts';
import { modules } from './registry.ts';
import { listModules, setModuleEnabled, toggleModule } from './service.ts';

const tags = ['Modules'];
const ModuleId = z.string().regex(/^[a-z][a-z0-9-]{1,40}$/).openapi({ param: { name: 'moduleId', in: 'path' } });

const ModuleState = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    enabled: z.boolean(),
    dependencies: z.array(z.string()),
    missingDependencies: z.array(z.string()),
    unmetRequirements: z.array(z.object({ key: z.string(), description: z.string(), settingsField: z.string() })),
    resources: z.array(z.string()),
  })
  .openapi('ModuleState');
const Toggled = z.object({ id: z.string(), enabled: z.boolean(), changed: z.boolean() });
const refusals = { 401: errors[401], 403: errors[403], 404: errors[404], 409: errors[409], 422: { description: 'Unmet requirements or dependencies', content: errors[400].content } };

const list = createRoute({
  method: 'get', path: '/orgs/{org}/modules', tags, summary: 'Modules with their state, missing dependencies and unmet requirements',
  request: { params: OrgParam },
  responses: { 200: json(z.object({ items: z.array(ModuleState) }), 'Modules'), 401: errors[401], 403: errors[403], 404: errors[404] },
});
const toggle = (action: 'enable' | 'disable', path: string, summary: string, params: z.ZodObject) =>
  createRoute({ method: 'post', path, tags: path.startsWith('/admin') ? ['Operator'] : tags, summary, request: { params }, responses: { 200: json(Toggled, 'Done'), ...refusals } });

export function moduleManagementRoutes(db: Database) {
  const r = router().openapi(list, async (c) => c.json(await listModules(db, c.var.tenant), 200));
  for (const action of ['enable', 'disable'] as const) {
    r.openapi(toggle(action, `/orgs/{org}/modules/{moduleId}/${action}`, `${action === 'enable' ? 'Enable' : 'Disable (data is kept)'} a module`, OrgParam.extend({ moduleId: ModuleId })), async (c) =>
      c.json(await toggleModule(db, c.var.tenant, (c.req.valid('param') as { moduleId: string }).moduleId, action === 'enable'), 200),
    );
  }
  return r;
}

/** Operators enable or disable modules for any organization (audited like every operator action). */
export function operatorModuleRoutes(db: Database) {
  const r = router();
  const Params = z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }), moduleId: ModuleId });
  for (const action of ['enable', 'disable'] as const) {
    r.openapi(toggle(action, `/organizations/{id}/modules/{moduleId}/${action}`, `Operator: ${action} a module for an organization`, Params), async (c) => {
      const { id, moduleId } = c.req.valid('param') as { id: string; moduleId: string };
      return c.json(await setModuleEnabled(db, { orgId: id, userId: principalOf(c).user.id }, moduleId, action === 'enable', 'operator'), 200);
    });
  }
  return r;
}

/** Every module's routes under /api/v1/orgs/{org}/{module}, guarded by the module's enabled state. */
export function mountModules(app: OpenAPIHono<AppEnv>, db: Database) {
  for (const m of modules) {
    app.use(`/api/v1/orgs/:org/${m.id}/*`, requireModule(m.id));
    app.route('/api/v1', m.routes({ db }));
  }
}

// THE list of modules. Adding a module = adding it here (see docs/adding-a-module.md): its
// permissions join the permission table, its event types the webhook catalogue, its routes the API.
import { registerStatements } from '../tenancy/permissions.ts';
import { registerEventTypes } from '../platform/events/emit.ts';
import type { ModuleDefinition } from './types.ts';
import { billing } from './billing/module.ts';
import { school } from './school/module.ts';
import { projectsModule } from './projects/module.ts';
import { cooperative } from './cooperative/module.ts';

export const modules: readonly ModuleDefinition[] = [billing, school, projectsModule, cooperative];

const byId = new Map(modules.map((m) => [m.id, m]));
export const moduleById = (id: string) => byId.get(id);

for (const m of modules) {
  for (const [resource, statement] of Object.entries(m.permissions)) registerStatements(resource, statement);
  registerEventTypes(m.eventTypes ?? []);
}

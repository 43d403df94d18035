// Projects routes: the toolkit's standard routes for projects and participants, the project
// lifecycle (activate, complete, cancel) and a project's participants as a sub-resource.
import { createRoute, z } from '@hono/zod-openapi';
import { errors, json, router } from '../../http/openapi.ts';
import { OrgParam } from '../../platform/organizations/schemas.ts';
import type { ModuleDeps } from '../types.ts';
import type { ListQuery } from '../toolkit/resource.ts';
import { PARTICIPANT_ROLES } from './schema.ts';
import { participantResource, projectResource, TRANSITIONS, transitionProject, type ProjectAction } from './resources.ts';

const tags = ['projects: projects'];
const IdParams = OrgParam.extend({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) });
const refusals = { 401: errors[401], 403: errors[403], 404: errors[404], 409: errors[409] };

const summaries: Record<ProjectAction, string> = {
  activate: 'Start a PLANNED project (→ ACTIVE)',
  complete: 'Complete an ACTIVE project (→ COMPLETED)',
  cancel: 'Cancel a PLANNED or ACTIVE project (→ CANCELLED)',
};
const transition = (action: ProjectAction) =>
  createRoute({
    method: 'post', path: `/orgs/{org}/projects/projects/{id}/${action}`, tags, summary: summaries[action],
    request: { params: IdParams },
    responses: { 200: json(projectResource.spec.view, 'The project'), ...refusals },
  });

const ParticipantsQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(25),
    cursor: z.string().max(512).optional(),
    role: z.enum(PARTICIPANT_ROLES).optional(),
  })
  .strict();
const projectParticipants = createRoute({
  method: 'get', path: '/orgs/{org}/projects/projects/{id}/participants', tags, summary: "A project's participants (oldest first), optionally by role",
  request: { params: IdParams, query: ParticipantsQuery },
  responses: { 200: json(z.object({ items: z.array(participantResource.spec.view), nextCursor: z.string().nullable() }), 'A page'), 400: errors[400], ...refusals },
});

export function projectsRoutes({ db }: ModuleDeps) {
  const r = router();
  projectResource.register(r, db);
  participantResource.register(r, db);
  for (const action of Object.keys(TRANSITIONS) as ProjectAction[]) {
    r.openapi(transition(action), async (c) => c.json(await transitionProject(db, c.var.tenant, c.req.valid('param').id, action), 200));
  }
  r.openapi(projectParticipants, async (c) => {
    const { id } = c.req.valid('param');
    // 404 for a project that does not exist here (an empty list would hide a wrong id).
    await projectResource.get(db, c.var.tenant, id);
    const query = { ...c.req.valid('query'), projectId: id } as ListQuery;
    return c.json(await participantResource.list(db, c.var.tenant, query), 200);
  });
  return r;
}

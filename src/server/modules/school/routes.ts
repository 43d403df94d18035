// School routes: the toolkit's standard routes for students and guardians, plus activation and the
// student ↔ guardian links (from both sides).
import { createRoute, z } from '@hono/zod-openapi';
import { errors, json, jsonBody, router } from '../../http/openapi.ts';
import { OrgParam } from '../../platform/organizations/schemas.ts';
import type { ModuleDeps } from '../types.ts';
import { GuardianList, guardianResource, guardiansOf, Link, LinkInput, linkGuardian, setStudentActive, StudentList, studentResource, studentsOf, unlinkGuardian } from './resources.ts';

const tags = ['school: students'];
const IdParams = OrgParam.extend({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) });
const LinkParams = IdParams.extend({ guardianId: z.uuid().openapi({ param: { name: 'guardianId', in: 'path' } }) });
const refusals = { 401: errors[401], 403: errors[403], 404: errors[404], 409: errors[409] };

const activation = (action: 'activate' | 'deactivate', summary: string) =>
  createRoute({
    method: 'post', path: `/orgs/{org}/school/students/{id}/${action}`, tags, summary,
    request: { params: IdParams },
    responses: { 200: json(studentResource.spec.view, 'The student'), ...refusals },
  });
const studentGuardians = createRoute({
  method: 'get', path: '/orgs/{org}/school/students/{id}/guardians', tags, summary: "A student's guardians",
  request: { params: IdParams },
  responses: { 200: json(GuardianList, 'Guardians'), ...refusals },
});
const link = createRoute({
  method: 'post', path: '/orgs/{org}/school/students/{id}/guardians', tags, summary: 'Link a guardian (of the same organization) to a student',
  request: { params: IdParams, body: jsonBody(LinkInput) },
  responses: { 201: json(Link, 'Linked'), 400: errors[400], 415: errors[415], ...refusals },
});
const unlink = createRoute({
  method: 'delete', path: '/orgs/{org}/school/students/{id}/guardians/{guardianId}', tags, summary: 'Unlink a guardian from a student',
  request: { params: LinkParams },
  responses: { 200: json(z.object({ studentId: z.uuid(), guardianId: z.uuid(), unlinked: z.literal(true) }), 'Unlinked'), ...refusals },
});
const guardianStudents = createRoute({
  method: 'get', path: '/orgs/{org}/school/guardians/{id}/students', tags: ['school: guardians'], summary: "A guardian's students",
  request: { params: IdParams },
  responses: { 200: json(StudentList, 'Students'), ...refusals },
});

export function schoolRoutes({ db }: ModuleDeps) {
  const r = router();
  studentResource.register(r, db);
  guardianResource.register(r, db);
  r.openapi(activation('activate', 'Reactivate an inactive student'), async (c) => c.json(await setStudentActive(db, c.var.tenant, c.req.valid('param').id, true), 200))
    .openapi(activation('deactivate', 'Deactivate a student (kept, listed with active=false)'), async (c) => c.json(await setStudentActive(db, c.var.tenant, c.req.valid('param').id, false), 200))
    .openapi(studentGuardians, async (c) => c.json(await guardiansOf(db, c.var.tenant, c.req.valid('param').id), 200))
    .openapi(link, async (c) => c.json(await linkGuardian(db, c.var.tenant, c.req.valid('param').id, c.req.valid('json').guardianId), 201))
    .openapi(unlink, async (c) => {
      const { id, guardianId } = c.req.valid('param');
      return c.json(await unlinkGuardian(db, c.var.tenant, id, guardianId), 200);
    })
    .openapi(guardianStudents, async (c) => c.json(await studentsOf(db, c.var.tenant, c.req.valid('param').id), 200));
  return r;
}

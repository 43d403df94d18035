// Roles: built-in and custom, with the permission table for the matrix editor.
import { createRoute, z } from '@hono/zod-openapi';
import type { Database } from '../../db/client.ts';
import { errors, json, jsonBody, router } from '../../http/openapi.ts';
import { OrgParam } from '../organizations/schemas.ts';
import { CustomRoleKey, PermissionTableSchema, RoleKey, RoleSchema } from './schemas.ts';
import * as roles from './service.ts';

const tags = ['Roles'];
const RoleParams = OrgParam.extend({ role: RoleKey.openapi({ param: { name: 'role', in: 'path' } }) });
const refusals = { 401: errors[401], 403: errors[403], 404: errors[404], 409: errors[409] };
const Permissions = z.array(z.string().max(100)).max(500);

const list = createRoute({
  method: 'get', path: '/orgs/{org}/roles', tags, summary: 'Roles and the permission table',
  request: { params: OrgParam },
  responses: { 200: json(z.object({ items: z.array(RoleSchema), permissionTable: PermissionTableSchema }), 'Roles'), 401: errors[401], 403: errors[403], 404: errors[404] },
});
const get = createRoute({
  method: 'get', path: '/orgs/{org}/roles/{role}', tags, summary: 'Get a role',
  request: { params: RoleParams },
  responses: { 200: json(RoleSchema, 'Role'), ...refusals },
});
const create = createRoute({
  method: 'post', path: '/orgs/{org}/roles', tags, summary: 'Create a custom role (only with permissions you hold)',
  request: {
    params: OrgParam,
    body: jsonBody(
      z.object({ key: CustomRoleKey, name: z.string().trim().min(1).max(100), description: z.string().max(500).nullable().optional(), permissions: Permissions }).strict(),
    ),
  },
  responses: { 201: json(RoleSchema, 'Created'), 400: errors[400], 415: errors[415], ...refusals },
});
const update = createRoute({
  method: 'patch', path: '/orgs/{org}/roles/{role}', tags, summary: 'Update a custom role',
  request: {
    params: RoleParams,
    body: jsonBody(
      z.object({ name: z.string().trim().min(1).max(100), description: z.string().max(500).nullable(), permissions: Permissions }).partial().strict(),
    ),
  },
  responses: { 200: json(RoleSchema, 'Updated'), 400: errors[400], 415: errors[415], ...refusals },
});
const remove = createRoute({
  method: 'delete', path: '/orgs/{org}/roles/{role}', tags,
  summary: 'Delete a custom role; refused while assigned unless reassignTo names the role its members get',
  request: { params: RoleParams, query: z.object({ reassignTo: RoleKey.optional() }).strict() },
  responses: {
    200: json(z.object({ deleted: z.string(), reassignedTo: z.string().nullable(), reassigned: z.number().int() }), 'Deleted'),
    400: errors[400],
    ...refusals,
  },
});

export function roleRoutes(db: Database) {
  return router()
    .openapi(list, async (c) => c.json(await roles.listRoles(db, c.var.tenant), 200))
    .openapi(get, async (c) => c.json(await roles.getRole(db, c.var.tenant, c.req.valid('param').role), 200))
    .openapi(create, async (c) => c.json(await roles.createRole(db, c.var.tenant, c.req.valid('json')), 201))
    .openapi(update, async (c) => c.json(await roles.updateRole(db, c.var.tenant, c.req.valid('param').role, c.req.valid('json')), 200))
    .openapi(remove, async (c) =>
      c.json(await roles.deleteRole(db, c.var.tenant, c.req.valid('param').role, c.req.valid('query').reassignTo), 200),
    );
}

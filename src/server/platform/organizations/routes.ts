// Tenant-side organization routes. Everything under /orgs/{org} has passed the tenant middleware.
import { createRoute, z } from '@hono/zod-openapi';
import type { Database } from '../../db/client.ts';
import { errors, json, jsonBody, router } from '../../http/openapi.ts';
import { principalOf } from '../../http/middleware.ts';
import { PageQuery, pageOf } from '../../http/pagination.ts';
import { MEMBERSHIP_STATUSES } from '../members/schema.ts';
import {
  CreateOrganizationBody,
  MemberSchema,
  MyOrganizationSchema,
  OrganizationSchema,
  OrgParam,
  UpdateSettingsBody,
} from './schemas.ts';
import * as service from './service.ts';

const tags = ['Organizations'];

const createOrg = createRoute({
  method: 'post',
  path: '/orgs',
  tags,
  summary: 'Create an organization (starts PENDING unless auto-approve is on); the caller becomes OWNER',
  request: { body: jsonBody(CreateOrganizationBody) },
  responses: { 201: json(OrganizationSchema, 'Created'), 400: errors[400], 401: errors[401], 409: errors[409], 415: errors[415] },
});

const listMine = createRoute({
  method: 'get',
  path: '/orgs',
  tags,
  summary: 'My organizations, with my role and each organization\'s status',
  responses: { 200: json(z.object({ items: z.array(MyOrganizationSchema) }), 'My organizations'), 401: errors[401] },
});

const getOrg = createRoute({
  method: 'get',
  path: '/orgs/{org}',
  tags,
  summary: 'Get an organization',
  request: { params: OrgParam },
  responses: { 200: json(OrganizationSchema, 'The organization'), 401: errors[401], 403: errors[403], 404: errors[404] },
});

const updateOrg = createRoute({
  method: 'patch',
  path: '/orgs/{org}',
  tags,
  summary: 'Update organization settings (OWNER/ADMIN)',
  request: { params: OrgParam, body: jsonBody(UpdateSettingsBody) },
  responses: {
    200: json(OrganizationSchema, 'Updated'),
    400: errors[400],
    401: errors[401],
    403: errors[403],
    404: errors[404],
    409: errors[409],
    415: errors[415],
  },
});

const listMembers = createRoute({
  method: 'get',
  path: '/orgs/{org}/members',
  tags: ['Members'],
  summary: 'List members (read-only)',
  request: {
    params: OrgParam,
    query: z
      .object({
        ...PageQuery,
        status: z.enum(MEMBERSHIP_STATUSES).optional(),
        role: z.string().max(64).optional(),
        q: z.string().max(100).optional().openapi({ description: 'Search name or email' }),
      })
      .strict(),
  },
  responses: { 200: json(pageOf(MemberSchema), 'A page of members'), 400: errors[400], 401: errors[401], 403: errors[403], 404: errors[404] },
});

const ActiveOrganization = z.object({ id: z.uuid(), slug: z.string(), role: z.string() }).nullable().openapi('ActiveOrganization');

const getActive = createRoute({
  method: 'get',
  path: '/me/active-organization',
  tags: ['Session'],
  summary: "The session's active organization (cleared when no longer valid)",
  responses: { 200: json(z.object({ organization: ActiveOrganization }), 'Active organization'), 401: errors[401] },
});

const setActive = createRoute({
  method: 'put',
  path: '/me/active-organization',
  tags: ['Session'],
  summary: "Set the session's active organization (id or slug), or null to clear",
  request: { body: jsonBody(z.object({ organization: z.string().min(1).max(64).nullable() }).strict()) },
  responses: {
    200: json(z.object({ organization: ActiveOrganization }), 'Active organization'),
    400: errors[400],
    401: errors[401],
    403: errors[403],
    404: errors[404],
  },
});

export function organizationRoutes(db: Database, options: { autoApprove: boolean }) {
  return router()
    .openapi(createOrg, async (c) =>
      c.json(await service.createOrganization(db, principalOf(c), c.req.valid('json'), options.autoApprove), 201),
    )
    .openapi(listMine, async (c) => c.json({ items: await service.listMyOrganizations(db, principalOf(c).user.id) }, 200))
    .openapi(getOrg, async (c) => c.json(await service.getOrganization(db, c.var.tenant), 200))
    .openapi(updateOrg, async (c) => c.json(await service.updateSettings(db, c.var.tenant, c.req.valid('json')), 200))
    .openapi(listMembers, async (c) => c.json(await service.listMembers(db, c.var.tenant, c.req.valid('query')), 200))
    .openapi(getActive, async (c) => c.json({ organization: await service.getActiveOrganization(db, principalOf(c)) }, 200))
    .openapi(setActive, async (c) =>
      c.json({ organization: await service.setActiveOrganization(db, principalOf(c), c.req.valid('json').organization) }, 200),
    );
}

// Operator API under /api/v1/admin. Every route here has passed requireOperator.
import { createRoute, z } from '@hono/zod-openapi';
import type { Database } from '../../db/client.ts';
import { errors, json, jsonBody, router } from '../../http/openapi.ts';
import { principalOf } from '../../http/middleware.ts';
import { PageQuery, pageOf } from '../../http/pagination.ts';
import { ORGANIZATION_STATUSES } from '../organizations/schema.ts';
import { CreateOrganizationBody, FeaturesSchema, LimitsSchema, OrganizationSchema } from '../organizations/schemas.ts';
import { NameSchema } from '../organizations/schemas.ts';
import * as directory from './directory.ts';
import * as lifecycle from './lifecycle.ts';
import { runCreationWizard } from './wizard.ts';
import type { AppEnv } from '../../http/env.ts';
import type { Context } from 'hono';

const tags = ['Operator'];
const IdParam = z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) });
const Reason = z.string().trim().min(1).max(1000);

const DirectoryItem = OrganizationSchema.extend({ memberCount: z.number().int() }).openapi('DirectoryOrganization');
const AdminMember = z.object({
  id: z.uuid(),
  userId: z.uuid(),
  name: z.string(),
  email: z.string(),
  role: z.string(),
  status: z.string(),
  createdAt: z.string(),
});
const HistoryEntry = z.object({
  action: z.string(),
  fromStatus: z.string().nullable(),
  toStatus: z.string().nullable(),
  reason: z.string().nullable(),
  actorUserId: z.string().nullable(),
  actorKind: z.string(),
  createdAt: z.string(),
});
const AdminUser = z
  .object({
    id: z.uuid(),
    name: z.string(),
    email: z.string(),
    emailVerified: z.boolean(),
    role: z.string().nullable(),
    isOperator: z.boolean(),
    organizationCount: z.number().int(),
    createdAt: z.string(),
  })
  .openapi('AdminUser');

const listOrgs = createRoute({
  method: 'get',
  path: '/organizations',
  tags,
  summary: 'Organization directory: search, filter, sort, cursor pagination',
  request: {
    query: z
      .object({
        ...PageQuery,
        q: z.string().max(100).optional().openapi({ description: 'Search name, slug or contact email' }),
        status: z.enum(ORGANIZATION_STATUSES).optional(),
        createdFrom: z.iso.datetime({ offset: true }).optional(),
        createdTo: z.iso.datetime({ offset: true }).optional(),
        deleted: z.enum(['exclude', 'include', 'only']).default('exclude'),
        sort: z.enum(['createdAt', 'name', 'slug']).default('createdAt'),
        order: z.enum(['asc', 'desc']).default('desc'),
      })
      .strict(),
  },
  responses: { 200: json(pageOf(DirectoryItem), 'A page of organizations'), 400: errors[400], 401: errors[401], 403: errors[403] },
});

const getOrg = createRoute({
  method: 'get',
  path: '/organizations/{id}',
  tags,
  summary: 'Organization detail with members and lifecycle history',
  request: { params: IdParam },
  responses: {
    200: json(z.object({ organization: OrganizationSchema, members: z.array(AdminMember), history: z.array(HistoryEntry) }), 'Detail'),
    401: errors[401],
    403: errors[403],
    404: errors[404],
  },
});

const WizardBody = z
  .object({
    owner: z.discriminatedUnion('mode', [
      z.object({ mode: z.literal('existing'), userId: z.uuid() }).strict(),
      z
        .object({
          mode: z.literal('new'),
          email: z.email().max(254),
          name: NameSchema,
          password: z.string().min(10).max(128).optional(),
        })
        .strict(),
    ]),
    organization: CreateOrganizationBody.extend({ limits: LimitsSchema.optional(), features: FeaturesSchema.optional() }).strict(),
    initialStatus: z.enum(['ACTIVE', 'PENDING']).default('ACTIVE'),
    dryRun: z.boolean().default(false).openapi({ description: 'Validate everything, write nothing (the review step)' }),
  })
  .strict()
  .openapi('CreationWizard');

const WizardResult = z.object({
  dryRun: z.boolean(),
  organization: OrganizationSchema,
  owner: z.object({ id: z.uuid(), email: z.string(), name: z.string(), created: z.boolean() }),
});

const wizard = createRoute({
  method: 'post',
  path: '/organizations',
  tags,
  summary: 'Creation wizard: owner (existing or new user) + organization in one transaction; dryRun validates only',
  request: { body: jsonBody(WizardBody) },
  responses: {
    200: json(WizardResult, 'Dry run: what would be created'),
    201: json(WizardResult, 'Created'),
    400: errors[400],
    401: errors[401],
    403: errors[403],
    409: errors[409],
    415: errors[415],
  },
});

const transitionRoute = (action: string, summary: string, reason: 'required' | 'optional' | 'none') =>
  createRoute({
    method: 'post',
    path: `/organizations/{id}/${action}`,
    tags,
    summary,
    request: {
      params: IdParam,
      ...(reason === 'none'
        ? {}
        : {
            body: {
              required: reason === 'required',
              content: {
                'application/json': {
                  schema: z.object({ reason: reason === 'required' ? Reason : Reason.optional() }).strict(),
                },
              },
            },
          }),
    },
    responses: {
      200: json(OrganizationSchema, 'The organization after the transition'),
      400: errors[400],
      401: errors[401],
      403: errors[403],
      404: errors[404],
      409: errors[409],
    },
  });

const purgeRoute = createRoute({
  method: 'post',
  path: '/organizations/{id}/purge',
  tags,
  summary: 'Permanently remove a soft-deleted organization and everything it owns',
  request: { params: IdParam },
  responses: {
    200: json(z.object({ id: z.uuid(), purged: z.literal(true), tablesChecked: z.array(z.string()) }), 'Purged'),
    401: errors[401],
    403: errors[403],
    404: errors[404],
    409: errors[409],
  },
});

const listUsers = createRoute({
  method: 'get',
  path: '/users',
  tags,
  summary: 'Search users by email or name',
  request: { query: z.object({ ...PageQuery, q: z.string().max(100).optional() }).strict() },
  responses: { 200: json(pageOf(AdminUser), 'A page of users'), 400: errors[400], 401: errors[401], 403: errors[403] },
});

type Options = { restoreWindowDays: number; consoleUrl: string };

const operatorOf = (c: Context<AppEnv>) => ({ userId: principalOf(c).user.id, log: c.var.log });

/** Reads an optional {reason} body without failing on an empty body. */
async function reasonOf(c: Context<AppEnv>): Promise<string | undefined> {
  const valid = (c.req as unknown as { valid: (t: 'json') => { reason?: string } | undefined }).valid('json');
  return valid?.reason;
}

export function adminRoutes(db: Database, options: Options) {
  const r = router()
    .openapi(listOrgs, async (c) => c.json(await directory.listOrganizations(db, c.req.valid('query')), 200))
    .openapi(getOrg, async (c) => c.json(await directory.organizationDetail(db, c.req.valid('param').id), 200))
    .openapi(wizard, async (c) => {
      const result = await runCreationWizard(db, operatorOf(c), c.req.valid('json'), options.consoleUrl);
      return c.json(result, result.dryRun ? 200 : 201);
    })
    .openapi(listUsers, async (c) => c.json(await directory.searchUsers(db, c.req.valid('query')), 200))
    .openapi(purgeRoute, async (c) => c.json(await lifecycle.purge(db, operatorOf(c), c.req.valid('param').id), 200));

  for (const [action, reason] of [
    ['approve', 'optional'],
    ['reject', 'required'],
    ['suspend', 'required'],
    ['reactivate', 'optional'],
  ] as const) {
    r.openapi(transitionRoute(action, `${action[0]!.toUpperCase()}${action.slice(1)} an organization`, reason), async (c) =>
      c.json(await lifecycle.changeStatus(db, operatorOf(c), c.req.valid('param').id, action, await reasonOf(c)), 200),
    );
  }
  r.openapi(transitionRoute('delete', 'Soft-delete an organization (restorable within the window)', 'optional'), async (c) =>
    c.json(await lifecycle.softDelete(db, operatorOf(c), c.req.valid('param').id, await reasonOf(c), options.restoreWindowDays), 200),
  );
  r.openapi(transitionRoute('restore', 'Restore a soft-deleted organization within the window', 'none'), async (c) =>
    c.json(await lifecycle.restore(db, operatorOf(c), c.req.valid('param').id, options.restoreWindowDays), 200),
  );
  return r;
}

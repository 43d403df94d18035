// Audit log API: the organization's log (list, export) and the operator's platform-wide views.
import { createRoute, z } from '@hono/zod-openapi';
import { stream } from 'hono/streaming';
import type { Database } from '../../db/client.ts';
import { errors, json, router } from '../../http/openapi.ts';
import { PageQuery, pageOf } from '../../http/pagination.ts';
import { OrgParam } from '../organizations/schemas.ts';
import * as audit from './service.ts';

const tags = ['Audit'];
const AuditFilters = {
  actorId: z.uuid().optional(),
  actorType: z.enum(['user', 'api_client', 'operator', 'system']).optional(),
  action: z.string().max(100).optional().openapi({ description: 'Exact action, or a prefix ending in "." (e.g. member.)' }),
  targetType: z.string().max(50).optional(),
  targetId: z.string().max(100).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
};

export const AuditEntry = z
  .object({
    id: z.uuid(),
    actorType: z.string(),
    actorId: z.string().nullable(),
    actorEmail: z.string().nullable(),
    action: z.string(),
    targetType: z.string(),
    targetId: z.string().nullable(),
    changes: z.unknown().nullable(),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    requestId: z.string().nullable(),
    createdAt: z.string(),
    organizationId: z.string().nullable().optional(),
  })
  .openapi('AuditEntry');

const list = createRoute({
  method: 'get', path: '/orgs/{org}/audit', tags, summary: "The organization's audit log (newest first)",
  request: { params: OrgParam, query: z.object({ ...PageQuery, ...AuditFilters }).strict() },
  responses: { 200: json(pageOf(AuditEntry), 'A page of entries'), 400: errors[400], 401: errors[401], 403: errors[403], 404: errors[404] },
});

const exportRoute = createRoute({
  method: 'get', path: '/orgs/{org}/audit/export', tags, summary: 'Export the filtered log as CSV or NDJSON (streamed)',
  request: { params: OrgParam, query: z.object({ ...AuditFilters, format: z.enum(['csv', 'ndjson']).default('csv') }).strict() },
  responses: {
    200: { description: 'The export', content: { 'text/csv': { schema: z.string() }, 'application/x-ndjson': { schema: z.string() } } },
    400: errors[400],
    401: errors[401],
    403: errors[403],
    404: errors[404],
  },
});

const platformList = createRoute({
  method: 'get', path: '/audit', tags: ['Operator'], summary: 'Platform-wide audit log of operator actions',
  request: { query: z.object({ ...PageQuery, ...AuditFilters, organizationId: z.uuid().optional() }).strict() },
  responses: { 200: json(pageOf(AuditEntry), 'A page of entries'), 400: errors[400], 401: errors[401], 403: errors[403] },
});

const SecurityEvent = z.object({
  id: z.uuid(),
  kind: z.string(),
  userId: z.string().nullable(),
  method: z.string(),
  route: z.string(),
  code: z.string(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  requestId: z.string().nullable(),
  createdAt: z.string(),
});

const securityList = createRoute({
  method: 'get', path: '/security-events', tags: ['Operator'], summary: 'Refused attempts (permission denials, probes of unseen resources)',
  request: { query: z.object(PageQuery).strict() },
  responses: { 200: json(pageOf(SecurityEvent), 'A page of events'), 400: errors[400], 401: errors[401], 403: errors[403] },
});

export function auditRoutes(db: Database) {
  return router()
    .openapi(list, async (c) => c.json(await audit.listAudit(db, c.var.tenant, c.req.valid('query')), 200))
    .openapi(exportRoute, (c) => {
      const { format, ...filters } = c.req.valid('query');
      const rows = audit.exportAudit(db, c.var.tenant, filters, format);
      c.header('content-type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson');
      c.header('content-disposition', `attachment; filename="audit-${c.var.tenant.orgSlug}.${format === 'csv' ? 'csv' : 'ndjson'}"`);
      return stream(c, async (s) => {
        for await (const chunk of rows) await s.write(chunk);
      }) as never;
    });
}

export function platformAuditRoutes(db: Database) {
  return router()
    .openapi(platformList, async (c) => c.json(await audit.listPlatformAudit(db, c.req.valid('query')), 200))
    .openapi(securityList, async (c) => c.json(await audit.listSecurityEvents(db, c.req.valid('query')), 200));
}

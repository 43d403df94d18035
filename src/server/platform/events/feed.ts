// The organization's event feed: its domain events in order, with a cursor to follow along.
import { createRoute, z } from '@hono/zod-openapi';
import { and, asc, eq, gt } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { errors, json, router } from '../../http/openapi.ts';
import { decodeCursor, page, PageQuery, pageOf } from '../../http/pagination.ts';
import { requirePermission } from '../../tenancy/permissions.ts';
import { withTenant, type TenantContext } from '../../tenancy/with-tenant.ts';
import { OrgParam } from '../organizations/schemas.ts';
import { iso } from '../organizations/view.ts';
import { domainEvents } from './schema.ts';

export async function listEvents(db: Database, ctx: TenantContext, q: { limit: number; cursor?: string; type?: string }) {
  requirePermission(ctx.permissions, 'events:read');
  const after = decodeCursor(q.cursor, ctx.orgId);
  const rows = await withTenant(db, ctx, (tx) =>
    tx
      .select()
      .from(domainEvents)
      .where(and(q.type ? eq(domainEvents.type, q.type) : undefined, after ? gt(domainEvents.id, after.id) : undefined))
      .orderBy(asc(domainEvents.id))
      .limit(q.limit + 1),
  );
  const result = page(rows, q.limit, (r) => ({ k: 0, id: r.id }), ctx.orgId);
  return {
    items: result.items.map((e) => ({ id: e.id, type: e.type, payload: e.payload, createdAt: iso(e.createdAt)!, dispatchedAt: iso(e.dispatchedAt) })),
    nextCursor: result.nextCursor,
  };
}

const Event = z
  .object({ id: z.uuid(), type: z.string(), payload: z.record(z.string(), z.unknown()), createdAt: z.string(), dispatchedAt: z.string().nullable() })
  .openapi('DomainEvent');

const feed = createRoute({
  method: 'get', path: '/orgs/{org}/events', tags: ['Events'], summary: "The organization's domain events, oldest first; follow with the cursor",
  request: { params: OrgParam, query: z.object({ ...PageQuery, type: z.string().max(64).optional() }).strict() },
  responses: { 200: json(pageOf(Event), 'A page of events'), 400: errors[400], 401: errors[401], 403: errors[403], 404: errors[404] },
});

export function eventRoutes(db: Database) {
  return router().openapi(feed, async (c) => c.json(await listEvents(db, c.var.tenant, c.req.valid('query')), 200));
}

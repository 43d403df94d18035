// Operators read the notification outbox (in development, where there is no SMTP, this is where
// verification, reset and invitation links are found).
import { createRoute, z } from '@hono/zod-openapi';
import { and, desc, eq, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { errors, json, router } from '../../http/openapi.ts';
import { afterId, decodeCursor, page, PageQuery, pageOf } from '../../http/pagination.ts';
import { withPlatform } from '../../tenancy/with-tenant.ts';
import { iso } from '../organizations/view.ts';
import { renderHtml } from './html.ts';
import { notifications } from './schema.ts';

const Notification = z
  .object({
    id: z.uuid(),
    kind: z.string(),
    to: z.string(),
    subject: z.string(),
    text: z.string(),
    html: z.string(),
    organizationId: z.string().nullable(),
    createdAt: z.string(),
    sentAt: z.string().nullable(),
    attempts: z.number().int(),
    lastError: z.string().nullable(),
  })
  .openapi('Notification');

const list = createRoute({
  method: 'get', path: '/notifications', tags: ['Operator'], summary: 'The notification outbox, newest first',
  request: { query: z.object({ ...PageQuery, to: z.string().max(254).optional(), kind: z.string().max(64).optional() }).strict() },
  responses: { 200: json(pageOf(Notification), 'A page of messages'), 400: errors[400], 401: errors[401], 403: errors[403] },
});

export function notificationRoutes(db: Database) {
  return router().openapi(list, async (c) => {
    const q = c.req.valid('query');
    const where: (SQL | undefined)[] = [
      q.to ? eq(notifications.toEmail, q.to.toLowerCase()) : undefined,
      q.kind ? eq(notifications.kind, q.kind) : undefined,
      afterId(notifications.id, decodeCursor(q.cursor), 'desc'),
    ];
    const rows = await withPlatform(db, 'operator reads outbox', (tx) =>
      tx.select().from(notifications).where(and(...where)).orderBy(desc(notifications.id)).limit(q.limit + 1),
    );
    const result = page(rows, q.limit, (r) => ({ k: 0, id: r.id }));
    return c.json(
      {
        items: result.items.map((n) => ({
          id: n.id,
          kind: n.kind,
          to: n.toEmail,
          subject: n.subject,
          text: n.bodyText,
          html: renderHtml(n.kind, n.subject, n.bodyText, typeof n.payload.url === 'string' ? n.payload.url : undefined),
          organizationId: n.aboutOrganizationId,
          createdAt: iso(n.createdAt)!,
          sentAt: iso(n.sentAt),
          attempts: n.attempts,
          lastError: n.lastError,
        })),
        nextCursor: result.nextCursor,
      },
      200,
    );
  });
}

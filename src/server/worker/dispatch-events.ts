// Fans each organization's new domain events out to its subscribed webhook endpoints, in event
// order, inside that organization's tenant transaction. Fan-out and "dispatched" are one commit:
// a crash before it leaves the events undispatched (at-least-once), never half fanned out.
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { rowsOf } from '../db/client.ts';
import { withPlatform, withTenant } from '../tenancy/with-tenant.ts';
import { domainEvents } from '../platform/events/schema.ts';
import { webhookDeliveries, webhookEndpoints } from '../platform/webhooks/schema.ts';

const BATCH = 200;

/** Which organizations have undispatched events (ids only: no tenant data is read here). */
async function organizationsWithNewEvents(db: Database): Promise<string[]> {
  const rows = await withPlatform(db, 'find organizations with undispatched events', (tx) =>
    tx.execute(sql`select distinct organization_id as id from domain_events where dispatched_at is null limit 100`),
  );
  return rowsOf<{ id: string }>(rows).map((r) => r.id);
}

export async function dispatchEvents(db: Database): Promise<number> {
  let dispatched = 0;
  for (const orgId of await organizationsWithNewEvents(db)) {
    dispatched += await withTenant(db, { orgId, userId: null }, async (tx) => {
      // One dispatcher per organization at a time keeps its events in order across workers.
      const [lock] = rowsOf<{ ok: boolean }>(await tx.execute(sql`select pg_try_advisory_xact_lock(hashtext('tenantry:events'), hashtext(${orgId})) as ok`));
      if (!lock?.ok) return 0;
      const events = await tx.select().from(domainEvents).where(isNull(domainEvents.dispatchedAt)).orderBy(asc(domainEvents.id)).limit(BATCH);
      if (!events.length) return 0;
      const endpoints = await tx.select().from(webhookEndpoints).where(eq(webhookEndpoints.enabled, true));
      const deliveries = events.flatMap((e) =>
        endpoints
          .filter((ep) => ep.eventTypes.includes('*') || ep.eventTypes.includes(e.type))
          .map((ep) => ({
            organizationId: orgId,
            endpointId: ep.id,
            messageId: e.id,
            eventType: e.type,
            payload: { type: e.type, timestamp: e.createdAt.toISOString(), data: { organizationId: orgId, ...e.payload } },
          })),
      );
      if (deliveries.length) await tx.insert(webhookDeliveries).values(deliveries);
      const last = events[events.length - 1]!;
      await tx
        .update(domainEvents)
        .set({ dispatchedAt: new Date() })
        .where(and(isNull(domainEvents.dispatchedAt), sql`${domainEvents.id} <= ${last.id}`));
      return events.length;
    });
  }
  return dispatched;
}

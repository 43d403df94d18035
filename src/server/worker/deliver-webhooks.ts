// Delivers webhook messages: per endpoint strictly in order (a message waits while an older one to
// the same endpoint is still pending), signed per Standard Webhooks, retried with exponential backoff,
// and the endpoint is disabled after sustained failure. A delivery is claimed with a lease in one
// short transaction, sent with no transaction open, and its result recorded in another; a worker that
// dies in between leaves a lease that expires, so the message is sent again (at-least-once).
import { and, eq, inArray, lte, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Database } from '../db/client.ts';
import { rowsOf } from '../db/client.ts';
import { withPlatform, withTenant } from '../tenancy/with-tenant.ts';
import { webhookDeliveries, webhookEndpoints } from '../platform/webhooks/schema.ts';
import type { SecretBox } from '../platform/webhooks/secrets.ts';
import { signatureHeaders } from '../platform/webhooks/signing.ts';

export type DeliveryOptions = { retryBaseMs: number; maxAttempts: number; disableAfterFailures: number; timeoutMs?: number };

const LEASE_MS = 60_000;

async function organizationsWithDueDeliveries(db: Database): Promise<string[]> {
  const rows = await withPlatform(db, 'find organizations with due webhook deliveries', (tx) =>
    tx.execute(sql`select distinct organization_id as id from webhook_deliveries where status = 'PENDING' and next_attempt_at <= now() limit 100`),
  );
  return rowsOf<{ id: string }>(rows).map((r) => r.id);
}

type Claimed = { delivery: typeof webhookDeliveries.$inferSelect; endpoint: typeof webhookEndpoints.$inferSelect };

/** The oldest pending message of each enabled endpoint, when it is due; leased so no one else sends it. */
async function claim(db: Database, orgId: string): Promise<Claimed[]> {
  return withTenant(db, { orgId, userId: null }, async (tx) => {
    const heads = rowsOf<{ id: string }>(
      await tx.execute(sql`
        select distinct on (d.endpoint_id) d.id, d.next_attempt_at
        from webhook_deliveries d join webhook_endpoints e on e.organization_id = d.organization_id and e.id = d.endpoint_id
        where d.status = 'PENDING' and e.enabled
        order by d.endpoint_id, d.id`),
    ).map((r) => r.id);
    if (!heads.length) return [];
    // Re-checked at lock time: the heads above come from an earlier snapshot, and another worker may have
    // finished one of them since (a SUCCEEDED or FAILED row must never be claimed and sent again).
    const due = await tx
      .select()
      .from(webhookDeliveries)
      .where(and(inArray(webhookDeliveries.id, heads), eq(webhookDeliveries.status, 'PENDING'), lte(webhookDeliveries.nextAttemptAt, new Date())))
      .for('update', { skipLocked: true });
    if (!due.length) return [];
    await tx
      .update(webhookDeliveries)
      .set({ nextAttemptAt: new Date(Date.now() + LEASE_MS) })
      .where(inArray(webhookDeliveries.id, due.map((d) => d.id)));
    const endpoints = await tx.select().from(webhookEndpoints).where(inArray(webhookEndpoints.id, due.map((d) => d.endpointId)));
    return due.map((delivery) => ({ delivery, endpoint: endpoints.find((e) => e.id === delivery.endpointId)! }));
  });
}

async function send(c: Claimed, box: SecretBox, timeoutMs: number) {
  const secrets = [box.open(c.endpoint.secretEncrypted)];
  if (c.endpoint.previousSecretEncrypted && c.endpoint.previousSecretExpiresAt && c.endpoint.previousSecretExpiresAt > new Date()) {
    secrets.push(box.open(c.endpoint.previousSecretEncrypted));
  }
  const body = JSON.stringify(c.delivery.payload);
  const started = performance.now();
  try {
    const res = await fetch(c.endpoint.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'Tenantry-Webhooks/1', ...signatureHeaders(secrets, c.delivery.messageId, body) },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    await res.body?.cancel();
    return { ok: res.status >= 200 && res.status < 300, status: res.status, error: null, ms: Math.round(performance.now() - started) };
  } catch (e) {
    return { ok: false, status: null, error: e instanceof Error ? e.message.slice(0, 500) : 'request failed', ms: Math.round(performance.now() - started) };
  }
}

async function record(db: Database, orgId: string, c: Claimed, r: Awaited<ReturnType<typeof send>>, opts: DeliveryOptions, log: Logger) {
  await withTenant(db, { orgId, userId: null }, async (tx) => {
    const attempts = c.delivery.attempts + 1;
    const failed = !r.ok && attempts >= opts.maxAttempts;
    await tx
      .update(webhookDeliveries)
      .set({
        attempts,
        status: r.ok ? 'SUCCEEDED' : failed ? 'FAILED' : 'PENDING',
        lastStatusCode: r.status,
        lastError: r.ok ? null : (r.error ?? `HTTP ${r.status}`),
        lastDurationMs: r.ms,
        deliveredAt: r.ok ? new Date() : null,
        // 1×, 2×, 4×, … the base, with ±20% jitter so retries of many messages spread out.
        nextAttemptAt: new Date(Date.now() + opts.retryBaseMs * 2 ** (attempts - 1) * (0.8 + Math.random() * 0.4)),
      })
      .where(eq(webhookDeliveries.id, c.delivery.id));
    if (r.ok) {
      await tx.update(webhookEndpoints).set({ consecutiveFailures: 0, failingSince: null }).where(eq(webhookEndpoints.id, c.endpoint.id));
      return;
    }
    const [ep] = await tx
      .update(webhookEndpoints)
      .set({ consecutiveFailures: sql`${webhookEndpoints.consecutiveFailures} + 1`, failingSince: sql`coalesce(${webhookEndpoints.failingSince}, now())` })
      .where(eq(webhookEndpoints.id, c.endpoint.id))
      .returning();
    if (ep && ep.enabled && ep.consecutiveFailures >= opts.disableAfterFailures) {
      await tx
        .update(webhookEndpoints)
        .set({ enabled: false, disabledReason: `Disabled after ${ep.consecutiveFailures} consecutive failed deliveries` })
        .where(eq(webhookEndpoints.id, ep.id));
      log.warn({ organizationId: orgId, endpointId: ep.id }, 'webhook endpoint disabled after sustained failure');
    }
  });
}

export async function deliverWebhooks(db: Database, box: SecretBox, opts: DeliveryOptions, log: Logger): Promise<number> {
  let sent = 0;
  for (const orgId of await organizationsWithDueDeliveries(db)) {
    const claimed = await claim(db, orgId);
    await Promise.all(
      claimed.map(async (c) => {
        const result = await send(c, box, opts.timeoutMs ?? 10_000);
        await record(db, orgId, c, result, opts, log);
        sent++;
      }),
    );
  }
  return sent;
}


// Webhook endpoints (per organization): CRUD, secret rotation, test events and the delivery log.
// Secrets are shown once (on create and rotate) and stored encrypted.
import { and, desc, eq } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import type { Database, Tx } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { afterId, decodeCursor, page } from '../../http/pagination.ts';
import { requirePermission } from '../../tenancy/permissions.ts';
import { withTenant, type TenantContext } from '../../tenancy/with-tenant.ts';
import { recordChange } from '../audit/record.ts';
import { knownEventTypes } from '../events/emit.ts';
import { iso } from '../organizations/view.ts';
import { webhookDeliveries, webhookEndpoints } from './schema.ts';
import { newWebhookSecret, type SecretBox } from './secrets.ts';
import { assertDeliverable } from './url-policy.ts';

export type WebhookDeps = { db: Database; box: SecretBox; allowPrivate: boolean };

/** During rotation the previous secret keeps signing for a day, so receivers can switch over. */
const ROTATION_OVERLAP_MS = 24 * 3600 * 1000;

const view = (e: typeof webhookEndpoints.$inferSelect) => ({
  id: e.id,
  url: e.url,
  description: e.description,
  eventTypes: e.eventTypes,
  enabled: e.enabled,
  disabledReason: e.disabledReason,
  consecutiveFailures: e.consecutiveFailures,
  createdAt: iso(e.createdAt)!,
  updatedAt: iso(e.updatedAt)!,
});

function validateEventTypes(types: string[]): string[] {
  const known = new Set(knownEventTypes());
  const unknown = types.filter((t) => t !== '*' && !known.has(t));
  if (unknown.length) {
    throw new AppError('validation_failed', 'Unknown event types', { errors: unknown.map((t) => ({ path: 'body.eventTypes', message: `unknown event type ${t}` })) });
  }
  return [...new Set(types)];
}

async function load(tx: Tx, id: string) {
  const [row] = await tx.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id));
  if (!row) throw new AppError('not_found', 'Webhook endpoint not found');
  return row;
}

export async function listEndpoints(deps: WebhookDeps, ctx: TenantContext) {
  requirePermission(ctx.permissions, 'webhooks:read');
  const rows = await withTenant(deps.db, ctx, (tx) => tx.select().from(webhookEndpoints).orderBy(desc(webhookEndpoints.createdAt)));
  return { items: rows.map(view), eventTypes: knownEventTypes() };
}

export async function getEndpoint(deps: WebhookDeps, ctx: TenantContext, id: string) {
  requirePermission(ctx.permissions, 'webhooks:read');
  return view(await withTenant(deps.db, ctx, (tx) => load(tx, id)));
}

export async function createEndpoint(
  deps: WebhookDeps,
  ctx: TenantContext,
  input: { url: string; description?: string | null; eventTypes?: string[]; enabled?: boolean },
) {
  requirePermission(ctx.permissions, 'webhooks:manage');
  await assertDeliverable(input.url, deps.allowPrivate);
  const eventTypes = validateEventTypes(input.eventTypes ?? ['*']);
  const secret = newWebhookSecret();
  const row = await withTenant(deps.db, ctx, async (tx) => {
    const [created] = await tx
      .insert(webhookEndpoints)
      .values({
        organizationId: ctx.orgId,
        url: input.url,
        description: input.description ?? null,
        eventTypes,
        enabled: input.enabled ?? true,
        secretEncrypted: deps.box.seal(secret),
      })
      .returning();
    await recordChange(tx, ctx.orgId, { action: 'webhook.created', targetType: 'webhook_endpoint', targetId: created!.id, changes: { after: { url: input.url, eventTypes } } });
    return created!;
  });
  return { ...view(row), secret };
}

export async function updateEndpoint(
  deps: WebhookDeps,
  ctx: TenantContext,
  id: string,
  patch: { url?: string; description?: string | null; eventTypes?: string[]; enabled?: boolean },
) {
  requirePermission(ctx.permissions, 'webhooks:manage');
  if (patch.url) await assertDeliverable(patch.url, deps.allowPrivate);
  const eventTypes = patch.eventTypes ? validateEventTypes(patch.eventTypes) : undefined;
  return withTenant(deps.db, ctx, async (tx) => {
    const before = await load(tx, id);
    const [row] = await tx
      .update(webhookEndpoints)
      .set({
        ...(patch.url !== undefined ? { url: patch.url } : {}),
        ...(patch.description !== undefined ? { description: patch.description } : {}),
        ...(eventTypes ? { eventTypes } : {}),
        // Re-enabling clears the failure streak that disabled it.
        ...(patch.enabled !== undefined ? { enabled: patch.enabled, ...(patch.enabled ? { disabledReason: null, consecutiveFailures: 0, failingSince: null } : {}) } : {}),
        updatedAt: new Date(),
      })
      .where(eq(webhookEndpoints.id, id))
      .returning();
    await recordChange(tx, ctx.orgId, {
      action: 'webhook.updated',
      targetType: 'webhook_endpoint',
      targetId: id,
      changes: { before: { url: before.url, eventTypes: before.eventTypes, enabled: before.enabled }, after: { url: row!.url, eventTypes: row!.eventTypes, enabled: row!.enabled } },
    });
    return view(row!);
  });
}

export async function deleteEndpoint(deps: WebhookDeps, ctx: TenantContext, id: string) {
  requirePermission(ctx.permissions, 'webhooks:manage');
  return withTenant(deps.db, ctx, async (tx) => {
    const [row] = await tx.delete(webhookEndpoints).where(eq(webhookEndpoints.id, id)).returning({ id: webhookEndpoints.id, url: webhookEndpoints.url });
    if (!row) throw new AppError('not_found', 'Webhook endpoint not found');
    await recordChange(tx, ctx.orgId, { action: 'webhook.deleted', targetType: 'webhook_endpoint', targetId: id, changes: { before: { url: row.url } } });
    return { deleted: id };
  });
}

export async function rotateSecret(deps: WebhookDeps, ctx: TenantContext, id: string) {
  requirePermission(ctx.permissions, 'webhooks:manage');
  const secret = newWebhookSecret();
  const row = await withTenant(deps.db, ctx, async (tx) => {
    const current = await load(tx, id);
    const [updated] = await tx
      .update(webhookEndpoints)
      .set({
        secretEncrypted: deps.box.seal(secret),
        previousSecretEncrypted: current.secretEncrypted,
        previousSecretExpiresAt: new Date(Date.now() + ROTATION_OVERLAP_MS),
        updatedAt: new Date(),
      })
      .where(eq(webhookEndpoints.id, id))
      .returning();
    await recordChange(tx, ctx.orgId, { action: 'webhook.secret_rotated', targetType: 'webhook_endpoint', targetId: id });
    return updated!;
  });
  return { ...view(row), secret, previousSecretValidUntil: iso(row.previousSecretExpiresAt)! };
}

/** Queues a `webhook.test` message to this endpoint only; the worker delivers it like any other. */
export async function sendTestEvent(deps: WebhookDeps, ctx: TenantContext, id: string) {
  requirePermission(ctx.permissions, 'webhooks:manage');
  return withTenant(deps.db, ctx, async (tx) => {
    const endpoint = await load(tx, id);
    const messageId = uuidv7();
    const [row] = await tx
      .insert(webhookDeliveries)
      .values({
        organizationId: ctx.orgId,
        endpointId: endpoint.id,
        messageId,
        eventType: 'webhook.test',
        payload: { type: 'webhook.test', timestamp: new Date().toISOString(), data: { organizationId: ctx.orgId, endpointId: endpoint.id } },
      })
      .returning();
    return deliveryView(row!);
  });
}

const deliveryView = (d: typeof webhookDeliveries.$inferSelect) => ({
  id: d.id,
  endpointId: d.endpointId,
  messageId: d.messageId,
  eventType: d.eventType,
  status: d.status,
  attempts: d.attempts,
  nextAttemptAt: d.status === 'PENDING' ? iso(d.nextAttemptAt) : null,
  lastStatusCode: d.lastStatusCode,
  lastError: d.lastError,
  lastDurationMs: d.lastDurationMs,
  createdAt: iso(d.createdAt)!,
  deliveredAt: iso(d.deliveredAt),
});

export async function listDeliveries(deps: WebhookDeps, ctx: TenantContext, id: string, q: { limit: number; cursor?: string }) {
  requirePermission(ctx.permissions, 'webhooks:read');
  const after = decodeCursor(q.cursor, ctx.orgId);
  return withTenant(deps.db, ctx, async (tx) => {
    await load(tx, id);
    const rows = await tx
      .select()
      .from(webhookDeliveries)
      .where(
        and(
          eq(webhookDeliveries.endpointId, id),
          afterId(webhookDeliveries.id, after, 'desc'),
        ),
      )
      .orderBy(desc(webhookDeliveries.id))
      .limit(q.limit + 1);
    const result = page(rows, q.limit, (r) => ({ k: 0, id: r.id }), ctx.orgId);
    return { items: result.items.map(deliveryView), nextCursor: result.nextCursor };
  });
}

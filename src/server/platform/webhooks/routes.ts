// Webhook endpoints and their delivery log under /orgs/{org}/webhooks.
import { createRoute, z } from '@hono/zod-openapi';
import { errors, json, jsonBody, router } from '../../http/openapi.ts';
import { PageQuery, pageOf } from '../../http/pagination.ts';
import { OrgParam } from '../organizations/schemas.ts';
import * as webhooks from './service.ts';
import { DELIVERY_STATUSES } from './schema.ts';

const tags = ['Webhooks'];
const refusals = { 401: errors[401], 403: errors[403], 404: errors[404] };
const EndpointParams = OrgParam.extend({ endpointId: z.uuid().openapi({ param: { name: 'endpointId', in: 'path' } }) });

const Endpoint = z
  .object({
    id: z.uuid(),
    url: z.string(),
    description: z.string().nullable(),
    eventTypes: z.array(z.string()),
    enabled: z.boolean(),
    disabledReason: z.string().nullable(),
    consecutiveFailures: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('WebhookEndpoint');
const WithSecret = Endpoint.extend({ secret: z.string().openapi({ description: 'Shown once. Standard Webhooks secret (whsec_…)' }) });
const Delivery = z
  .object({
    id: z.uuid(),
    endpointId: z.uuid(),
    messageId: z.uuid(),
    eventType: z.string(),
    status: z.enum(DELIVERY_STATUSES),
    attempts: z.number().int(),
    nextAttemptAt: z.string().nullable(),
    lastStatusCode: z.number().int().nullable(),
    lastError: z.string().nullable(),
    lastDurationMs: z.number().int().nullable(),
    createdAt: z.string(),
    deliveredAt: z.string().nullable(),
  })
  .openapi('WebhookDelivery');

const Url = z.url({ protocol: /^https?$/ }).max(2048);
const EventTypes = z.array(z.string().max(64)).min(1).max(100);
const Input = z.object({ url: Url, description: z.string().max(500).nullable().optional(), eventTypes: EventTypes.optional(), enabled: z.boolean().optional() }).strict();

const list = createRoute({
  method: 'get', path: '/orgs/{org}/webhooks', tags, summary: 'Webhook endpoints, and the event types they can subscribe to',
  request: { params: OrgParam },
  responses: { 200: json(z.object({ items: z.array(Endpoint), eventTypes: z.array(z.string()) }), 'Endpoints'), ...refusals },
});
const create = createRoute({
  method: 'post', path: '/orgs/{org}/webhooks', tags, summary: 'Create an endpoint; the signing secret is returned once',
  request: { params: OrgParam, body: jsonBody(Input) },
  responses: { 201: json(WithSecret, 'Created'), 400: errors[400], 415: errors[415], ...refusals },
});
const get = createRoute({
  method: 'get', path: '/orgs/{org}/webhooks/{endpointId}', tags, summary: 'Get an endpoint',
  request: { params: EndpointParams },
  responses: { 200: json(Endpoint, 'Endpoint'), ...refusals },
});
const update = createRoute({
  method: 'patch', path: '/orgs/{org}/webhooks/{endpointId}', tags, summary: 'Change URL, event types, description or enabled (re-enabling resets the failure streak)',
  request: { params: EndpointParams, body: jsonBody(Input.partial().strict()) },
  responses: { 200: json(Endpoint, 'Updated'), 400: errors[400], 415: errors[415], ...refusals },
});
const remove = createRoute({
  method: 'delete', path: '/orgs/{org}/webhooks/{endpointId}', tags, summary: 'Delete an endpoint and its delivery log',
  request: { params: EndpointParams },
  responses: { 200: json(z.object({ deleted: z.uuid() }), 'Deleted'), ...refusals },
});
const rotate = createRoute({
  method: 'post', path: '/orgs/{org}/webhooks/{endpointId}/rotate-secret', tags,
  summary: 'New secret (returned once); the previous one keeps signing alongside for 24 hours',
  request: { params: EndpointParams },
  responses: { 200: json(WithSecret.extend({ previousSecretValidUntil: z.string() }), 'Rotated'), ...refusals },
});
const test = createRoute({
  method: 'post', path: '/orgs/{org}/webhooks/{endpointId}/test', tags, summary: 'Send a webhook.test message to this endpoint',
  request: { params: EndpointParams },
  responses: { 202: json(Delivery, 'Queued'), ...refusals },
});
const deliveries = createRoute({
  method: 'get', path: '/orgs/{org}/webhooks/{endpointId}/deliveries', tags, summary: 'Delivery log (newest first)',
  request: { params: EndpointParams, query: z.object(PageQuery).strict() },
  responses: { 200: json(pageOf(Delivery), 'Deliveries'), 400: errors[400], ...refusals },
});

export function webhookRoutes(deps: webhooks.WebhookDeps) {
  return router()
    .openapi(list, async (c) => c.json(await webhooks.listEndpoints(deps, c.var.tenant), 200))
    .openapi(create, async (c) => c.json(await webhooks.createEndpoint(deps, c.var.tenant, c.req.valid('json')), 201))
    .openapi(get, async (c) => c.json(await webhooks.getEndpoint(deps, c.var.tenant, c.req.valid('param').endpointId), 200))
    .openapi(update, async (c) => c.json(await webhooks.updateEndpoint(deps, c.var.tenant, c.req.valid('param').endpointId, c.req.valid('json')), 200))
    .openapi(remove, async (c) => c.json(await webhooks.deleteEndpoint(deps, c.var.tenant, c.req.valid('param').endpointId), 200))
    .openapi(rotate, async (c) => c.json(await webhooks.rotateSecret(deps, c.var.tenant, c.req.valid('param').endpointId), 200))
    .openapi(test, async (c) => c.json(await webhooks.sendTestEvent(deps, c.var.tenant, c.req.valid('param').endpointId), 202))
    .openapi(deliveries, async (c) =>
      c.json(await webhooks.listDeliveries(deps, c.var.tenant, c.req.valid('param').endpointId, c.req.valid('query')), 200),
    );
}

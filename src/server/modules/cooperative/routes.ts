// Cooperative routes: the toolkit's standard routes for each resource, plus inventory adjustments, the
// listing lifecycle, the marketplace and purchase orders between organizations.
import { createRoute, z } from '@hono/zod-openapi';
import { errors, json, jsonBody, router } from '../../http/openapi.ts';
import { OrgParam } from '../../platform/organizations/schemas.ts';
import type { ModuleDeps } from '../types.ts';
import {
  browseMarketplace,
  createPurchaseOrder,
  getPurchaseOrder,
  listPurchaseOrders,
  MarketplaceListing,
  MarketplaceQuery,
  PurchaseOrder,
  PurchaseOrderCreate,
  PurchaseOrderQuery,
  RejectInput,
  transitionPurchaseOrder,
} from './purchase-orders.ts';
import {
  AdjustInput,
  adjustInventory,
  commodityResource,
  farmerResource,
  farmResource,
  inventoryResource,
  listingResource,
  transitionListing,
  warehouseResource,
} from './resources.ts';

const IdParams = OrgParam.extend({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) });
const refusals = { 401: errors[401], 403: errors[403], 404: errors[404], 409: errors[409] };
const unprocessable = { 422: { description: 'A rule of the domain refuses it', content: errors[400].content } };
const page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });

const adjust = createRoute({
  method: 'post', path: '/orgs/{org}/cooperative/inventory/{id}/adjust', tags: ['cooperative: inventory'],
  summary: 'Add or remove stock with a reason (never below 0: 409)',
  request: { params: IdParams, body: jsonBody(AdjustInput) },
  responses: { 200: json(inventoryResource.spec.view, 'The inventory item'), 400: errors[400], 415: errors[415], ...refusals },
});

const listingTransition = (action: 'publish' | 'close', summary: string) =>
  createRoute({
    method: 'post', path: `/orgs/{org}/cooperative/listings/{id}/${action}`, tags: ['cooperative: listings'], summary,
    request: { params: IdParams },
    responses: { 200: json(listingResource.spec.view, 'The listing'), ...unprocessable, ...refusals },
  });

const marketplace = createRoute({
  method: 'get', path: '/orgs/{org}/cooperative/marketplace', tags: ['cooperative: marketplace'],
  summary: "Other organizations' PUBLISHED listings (filters, sorting, cursor pagination)",
  request: { params: OrgParam, query: MarketplaceQuery },
  responses: { 200: json(page(MarketplaceListing), 'A page of listings'), 400: errors[400], 401: errors[401], 403: errors[403], 404: errors[404] },
});

const poTags = ['cooperative: purchase orders'];
const createOrder = createRoute({
  method: 'post', path: '/orgs/{org}/cooperative/purchase-orders', tags: poTags,
  summary: "Order from another organization's PUBLISHED listing (this organization is the buyer)",
  request: { params: OrgParam, body: jsonBody(PurchaseOrderCreate) },
  responses: { 201: json(PurchaseOrder, 'The order, REQUESTED'), 400: errors[400], 415: errors[415], ...unprocessable, ...refusals },
});
const listOrders = createRoute({
  method: 'get', path: '/orgs/{org}/cooperative/purchase-orders', tags: poTags,
  summary: 'Orders this organization placed (side=buyer) or received (side=seller), newest first',
  request: { params: OrgParam, query: PurchaseOrderQuery },
  responses: { 200: json(page(PurchaseOrder), 'A page of orders'), 400: errors[400], 401: errors[401], 403: errors[403], 404: errors[404] },
});
const getOrder = createRoute({
  method: 'get', path: '/orgs/{org}/cooperative/purchase-orders/{id}', tags: poTags, summary: 'One order (its buyer and its seller only)',
  request: { params: IdParams },
  responses: { 200: json(PurchaseOrder, 'The order'), ...refusals },
});
const orderTransition = (action: 'accept' | 'cancel' | 'fulfill', summary: string) =>
  createRoute({
    method: 'post', path: `/orgs/{org}/cooperative/purchase-orders/{id}/${action}`, tags: poTags, summary,
    request: { params: IdParams },
    responses: { 200: json(PurchaseOrder, 'The order'), ...refusals },
  });
const rejectOrder = createRoute({
  method: 'post', path: '/orgs/{org}/cooperative/purchase-orders/{id}/reject', tags: poTags, summary: 'Seller: reject a REQUESTED order, with a reason',
  request: { params: IdParams, body: jsonBody(RejectInput) },
  responses: { 200: json(PurchaseOrder, 'The order'), 400: errors[400], 415: errors[415], ...refusals },
});

export function cooperativeRoutes({ db }: ModuleDeps) {
  const r = router();
  for (const resource of [farmerResource, farmResource, warehouseResource, commodityResource, inventoryResource, listingResource]) resource.register(r, db);
  r.openapi(adjust, async (c) => c.json(await adjustInventory(db, c.var.tenant, c.req.valid('param').id, c.req.valid('json')), 200));
  r.openapi(listingTransition('publish', 'Publish a DRAFT listing to the marketplace'), async (c) => c.json(await transitionListing(db, c.var.tenant, c.req.valid('param').id, 'publish'), 200));
  r.openapi(listingTransition('close', 'Close a DRAFT or PUBLISHED listing'), async (c) => c.json(await transitionListing(db, c.var.tenant, c.req.valid('param').id, 'close'), 200));
  r.openapi(marketplace, async (c) => c.json(await browseMarketplace(db, c.var.tenant, c.req.valid('query')), 200));
  r.openapi(createOrder, async (c) => c.json(await createPurchaseOrder(db, c.var.tenant, c.req.valid('json')), 201));
  r.openapi(listOrders, async (c) => c.json(await listPurchaseOrders(db, c.var.tenant, c.req.valid('query')), 200));
  r.openapi(getOrder, async (c) => c.json(await getPurchaseOrder(db, c.var.tenant, c.req.valid('param').id), 200));
  for (const [action, summary] of [
    ['accept', 'Seller: accept a REQUESTED order'],
    ['cancel', 'Buyer: cancel an order before it is accepted'],
    ['fulfill', "Seller: fulfil an ACCEPTED order — moves the stock from the seller's warehouse to the buyer's, atomically"],
  ] as const) {
    r.openapi(orderTransition(action, summary), async (c) => c.json(await transitionPurchaseOrder(db, c.var.tenant, c.req.valid('param').id, action), 200));
  }
  r.openapi(rejectOrder, async (c) => c.json(await transitionPurchaseOrder(db, c.var.tenant, c.req.valid('param').id, 'reject', c.req.valid('json')), 200));
  return r;
}

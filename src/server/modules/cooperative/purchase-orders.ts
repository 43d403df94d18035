// The marketplace and purchase orders between two organizations: the module's one deliberate
// cross-tenant path. What crosses is decided by the database (README.md in this folder):
// - other organizations' PUBLISHED listings are readable only inside withMarketplace();
// - an order (organization_id = buyer) is readable and updatable by its seller through the seller
//   policies, and by nobody else; a third organization gets 404 even with the id;
// - writes into the OTHER party's tables (its audit log and events, the buyer's stock on fulfilment)
//   happen only inside asOrganization(), under that organization's own policies.
import { z } from '@hono/zod-openapi';
import { and, asc, desc, eq, gt, ilike, lte, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Database, Tx } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { decodeCursor, encodeCursor } from '../../http/pagination.ts';
import { requirePermission } from '../../tenancy/permissions.ts';
import { withTenant, type TenantContext } from '../../tenancy/with-tenant.ts';
import { audit, recordChange, type AuditEntry } from '../../platform/audit/record.ts';
import { escapeLike } from '../../platform/organizations/service.ts';
import { iso } from '../../platform/organizations/view.ts';
import { afterKey, cursorScope, keyExpression } from '../toolkit/keyset.ts';
import { ownWarehouse } from './resources.ts';
import { commodities, inventoryItems, listings, PURCHASE_ORDER_STATUSES, purchaseOrders } from './schema.ts';
import { Amount, Currency, decimalCompare, decimalProduct, decimalSum, plain, PositiveAmount, ShortText } from './values.ts';

type PurchaseOrderRow = typeof purchaseOrders.$inferSelect;
type Side = 'buyer' | 'seller';
const MAX_AMOUNT = '9999999999999999.9999';

// ---- the two explicit switches ------------------------------------------------------------------

/**
 * Runs `fn` inside the caller's transaction with ANOTHER organization as the tenant in context
 * (`app.org_id`, transaction-local, bound parameter), then switches back to the caller's organization.
 * The role stays the runtime role, so everything `fn` does passes that organization's own RLS policies —
 * this grants no rights of its own; it only lets one transaction write both parties' rows atomically.
 *
 * Used only by purchase orders, for the counterparty: its audit row and event, and the buyer's stock
 * when the seller fulfils. Never call it with an organization id taken from a request body: here it is
 * always a party of an order the database already showed to the caller.
 */
async function asOrganization<T>(tx: Tx, ctx: TenantContext, orgId: string, fn: () => Promise<T>): Promise<T> {
  const setTenant = (id: string) => tx.execute(sql`select set_config('app.org_id', ${id}, true)`);
  await setTenant(orgId);
  let result: T;
  try {
    result = await fn();
  } catch (error) {
    // The whole transaction rolls back; if the failure aborted it, switching back fails as well and the
    // original error is the one worth reporting.
    await setTenant(ctx.orgId).catch(() => {});
    throw error;
  }
  await setTenant(ctx.orgId);
  return result;
}

/**
 * Runs `fn` with other organizations' PUBLISHED listings visible (the cooperative_listings_marketplace_read
 * policy requires app.marketplace = 'on'). Everywhere else — the listing routes included — a transaction
 * sees its own organization's listings only.
 */
async function withMarketplace<T>(tx: Tx, fn: () => Promise<T>): Promise<T> {
  const set = (value: string) => tx.execute(sql`select set_config('app.marketplace', ${value}, true)`);
  await set('on');
  let result: T;
  try {
    result = await fn();
  } catch (error) {
    await set('').catch(() => {});
    throw error;
  }
  await set('');
  return result;
}

// ---- marketplace --------------------------------------------------------------------------------

export const MarketplaceListing = z
  .object({
    id: z.uuid(),
    sellerOrganizationId: z.uuid(),
    title: z.string(),
    description: z.string().nullable(),
    commodityName: z.string(),
    unit: z.string(),
    quantityAvailable: z.string(),
    unitPrice: z.string(),
    currency: z.string(),
    publishedAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('CooperativeMarketplaceListing');

const marketplaceSort = { createdAt: listings.createdAt, unitPrice: listings.unitPrice, title: listings.title };

export const MarketplaceQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(25),
    cursor: z.string().max(512).optional(),
    sort: z.enum(['createdAt', 'unitPrice', 'title']).optional(),
    order: z.enum(['asc', 'desc']).optional(),
    q: z.string().max(100).optional().openapi({ description: 'Searched in title and commodity name' }),
    commodity: ShortText.optional().openapi({ description: 'Commodity name (case-insensitive, exact)' }),
    currency: Currency.optional(),
    maxUnitPrice: Amount.optional(),
    sellerOrganizationId: z.uuid().optional(),
  })
  .strict();

/** Other organizations' PUBLISHED listings with something left to sell. */
export async function browseMarketplace(db: Database, ctx: TenantContext, q: z.infer<typeof MarketplaceQuery>) {
  requirePermission(ctx.permissions, 'listings:read');
  const field = q.sort ?? 'createdAt';
  const order = q.order ?? (field === 'createdAt' ? 'desc' : 'asc');
  const column = marketplaceSort[field];
  const scope = cursorScope(ctx.orgId, 'cooperative', 'marketplace', field, order);
  const after = decodeCursor(q.cursor, scope);
  const where: (SQL | undefined)[] = [
    eq(listings.status, 'PUBLISHED'),
    // The tenant policy shows the organization's own listings too; the marketplace is everyone else's.
    ne(listings.organizationId, ctx.orgId),
    gt(listings.quantityAvailable, '0'),
    afterKey(column, listings.id, after, order),
    q.q ? or(ilike(listings.title, `%${escapeLike(q.q)}%`), ilike(listings.commodityName, `%${escapeLike(q.q)}%`)) : undefined,
    q.commodity ? sql`lower(${listings.commodityName}) = lower(${q.commodity})` : undefined,
    q.currency ? eq(listings.currency, q.currency) : undefined,
    q.maxUnitPrice ? lte(listings.unitPrice, q.maxUnitPrice) : undefined,
    q.sellerOrganizationId ? eq(listings.organizationId, q.sellerOrganizationId) : undefined,
  ];
  const direction = order === 'asc' ? asc : desc;
  const rows = await withTenant(db, ctx, (tx) =>
    withMarketplace(tx, () =>
      tx
        .select({ row: listings, key: keyExpression(column) })
        .from(listings)
        .where(and(...where))
        .orderBy(direction(column), direction(listings.id))
        .limit(q.limit + 1),
    ),
  );
  const items = rows.slice(0, q.limit);
  const last = items[items.length - 1];
  return {
    items: items.map(({ row: l }) => ({
      id: l.id,
      sellerOrganizationId: l.organizationId,
      title: l.title,
      description: l.description,
      commodityName: l.commodityName,
      unit: l.unit,
      quantityAvailable: plain(l.quantityAvailable),
      unitPrice: plain(l.unitPrice),
      currency: l.currency,
      publishedAt: iso(l.publishedAt),
      createdAt: iso(l.createdAt)!,
    })),
    nextCursor: rows.length > q.limit && last ? encodeCursor({ k: last.key, id: last.row.id }, scope) : null,
  };
}

// ---- purchase orders: shapes ------------------------------------------------------------------

export const PurchaseOrder = z
  .object({
    id: z.uuid(),
    side: z.enum(['buyer', 'seller']).openapi({ description: "The caller's organization's side of this order" }),
    buyerOrganizationId: z.uuid(),
    sellerOrganizationId: z.uuid(),
    listingId: z.uuid(),
    sellerWarehouseId: z.uuid(),
    deliveryWarehouseId: z.uuid(),
    commodityName: z.string(),
    unit: z.string(),
    quantity: z.string(),
    unitPrice: z.string(),
    currency: z.string(),
    total: z.string(),
    status: z.enum(PURCHASE_ORDER_STATUSES),
    rejectReason: z.string().nullable(),
    acceptedAt: z.string().nullable(),
    rejectedAt: z.string().nullable(),
    cancelledAt: z.string().nullable(),
    fulfilledAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('CooperativePurchaseOrder');

function orderView(po: PurchaseOrderRow, ctx: TenantContext): z.infer<typeof PurchaseOrder> {
  return {
    id: po.id,
    side: sideOf(po, ctx),
    buyerOrganizationId: po.organizationId,
    sellerOrganizationId: po.sellerOrganizationId,
    listingId: po.listingId,
    sellerWarehouseId: po.sellerWarehouseId,
    deliveryWarehouseId: po.deliveryWarehouseId,
    commodityName: po.commodityName,
    unit: po.unit,
    quantity: plain(po.quantity),
    unitPrice: plain(po.unitPrice),
    currency: po.currency,
    total: plain(po.total),
    status: po.status,
    rejectReason: po.rejectReason,
    acceptedAt: iso(po.acceptedAt),
    rejectedAt: iso(po.rejectedAt),
    cancelledAt: iso(po.cancelledAt),
    fulfilledAt: iso(po.fulfilledAt),
    createdAt: iso(po.createdAt)!,
    updatedAt: iso(po.updatedAt)!,
  };
}

const sideOf = (po: PurchaseOrderRow, ctx: TenantContext): Side => (po.organizationId === ctx.orgId ? 'buyer' : 'seller');
const counterpartyOf = (po: PurchaseOrderRow, ctx: TenantContext) => (sideOf(po, ctx) === 'buyer' ? po.sellerOrganizationId : po.organizationId);

export const PurchaseOrderCreate = z
  .object({ listingId: z.uuid(), quantity: PositiveAmount, deliveryWarehouseId: z.uuid() })
  .strict()
  .openapi('CooperativePurchaseOrderCreate');
export const RejectInput = z.object({ reason: z.string().trim().min(1).max(500) }).strict().openapi('CooperativePurchaseOrderRejection');

export const PurchaseOrderQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(25),
    cursor: z.string().max(512).optional(),
    order: z.enum(['asc', 'desc']).optional(),
    side: z.enum(['buyer', 'seller']).optional().openapi({ description: 'Orders this organization placed (buyer) or received (seller); both when absent' }),
    status: z.enum(PURCHASE_ORDER_STATUSES).optional(),
  })
  .strict();

/** The same audit entry and event in BOTH parties' logs and feeds: each organization sees its orders. */
async function recordForBothParties(tx: Tx, ctx: TenantContext, po: PurchaseOrderRow, entry: AuditEntry, eventType: string) {
  const event = {
    type: eventType,
    payload: {
      purchaseOrderId: po.id,
      buyerOrganizationId: po.organizationId,
      sellerOrganizationId: po.sellerOrganizationId,
      listingId: po.listingId,
      commodityName: po.commodityName,
      quantity: plain(po.quantity),
      unit: po.unit,
      total: plain(po.total),
      currency: po.currency,
      status: po.status,
    },
  };
  await recordChange(tx, ctx.orgId, entry, event);
  const other = counterpartyOf(po, ctx);
  await asOrganization(tx, ctx, other, () => recordChange(tx, other, entry, event));
}

const notFound = () => new AppError('not_found', 'purchase order not found');

/** RLS shows the order to its buyer and its seller only; anyone else gets the same 404 as for a missing id. */
async function loadOrder(tx: Tx, ctx: TenantContext, id: string, forUpdate = false) {
  const q = tx.select().from(purchaseOrders).where(eq(purchaseOrders.id, id));
  const [po] = await (forUpdate ? q.for('update') : q);
  if (!po || (po.organizationId !== ctx.orgId && po.sellerOrganizationId !== ctx.orgId)) throw notFound();
  return po;
}

// ---- purchase orders: use cases ---------------------------------------------------------------

export async function createPurchaseOrder(db: Database, ctx: TenantContext, input: z.infer<typeof PurchaseOrderCreate>) {
  requirePermission(ctx.permissions, 'purchase_orders:create');
  return withTenant(db, ctx, async (tx) => {
    const [listing] = await withMarketplace(tx, () => tx.select().from(listings).where(eq(listings.id, input.listingId)));
    if (!listing) throw new AppError('not_found', 'listing not found');
    if (listing.organizationId === ctx.orgId) throw new AppError('unprocessable', 'An organization cannot order from its own listing');
    // Only PUBLISHED listings of other organizations are visible at all; kept as a plain rule too.
    if (listing.status !== 'PUBLISHED') throw new AppError('not_found', 'listing not found');
    await ownWarehouse(tx, input.deliveryWarehouseId, 'deliveryWarehouseId');
    const [mine] = await tx.select().from(commodities).where(sql`lower(${commodities.name}) = lower(${listing.commodityName})`);
    if (mine && mine.unit.toLowerCase() !== listing.unit.toLowerCase()) {
      throw new AppError('unprocessable', `Your commodity "${mine.name}" is counted in ${mine.unit}; this listing sells it in ${listing.unit}`);
    }
    if (decimalCompare(input.quantity, listing.quantityAvailable) > 0) {
      throw new AppError('conflict', `Only ${plain(listing.quantityAvailable)} ${listing.unit} available`);
    }
    const [po] = await tx
      .insert(purchaseOrders)
      .values({
        organizationId: ctx.orgId,
        sellerOrganizationId: listing.organizationId,
        listingId: listing.id,
        sellerWarehouseId: listing.warehouseId,
        sellerCommodityId: listing.commodityId,
        commodityName: listing.commodityName,
        unit: listing.unit,
        unitPrice: listing.unitPrice,
        currency: listing.currency,
        quantity: input.quantity,
        total: decimalProduct(input.quantity, listing.unitPrice),
        deliveryWarehouseId: input.deliveryWarehouseId,
      })
      .returning();
    const view = orderView(po!, ctx);
    await recordForBothParties(tx, ctx, po!, { action: 'purchase_order.created', targetType: 'purchase_order', targetId: po!.id, changes: { after: view } }, 'PURCHASE_ORDER_CREATED');
    return view;
  });
}

export async function listPurchaseOrders(db: Database, ctx: TenantContext, q: z.infer<typeof PurchaseOrderQuery>) {
  requirePermission(ctx.permissions, 'purchase_orders:read');
  const order = q.order ?? 'desc';
  const scope = cursorScope(ctx.orgId, 'cooperative', 'purchase-orders', q.side ?? 'both', 'createdAt', order);
  const after = decodeCursor(q.cursor, scope);
  const direction = order === 'asc' ? asc : desc;
  const rows = await withTenant(db, ctx, (tx) =>
    tx
      .select({ row: purchaseOrders, key: keyExpression(purchaseOrders.createdAt) })
      .from(purchaseOrders)
      .where(
        and(
          // Without a side, RLS already limits the rows to orders this organization placed or received.
          q.side === 'buyer' ? eq(purchaseOrders.organizationId, ctx.orgId) : q.side === 'seller' ? eq(purchaseOrders.sellerOrganizationId, ctx.orgId) : undefined,
          q.status ? eq(purchaseOrders.status, q.status) : undefined,
          afterKey(purchaseOrders.createdAt, purchaseOrders.id, after, order),
        ),
      )
      .orderBy(direction(purchaseOrders.createdAt), direction(purchaseOrders.id))
      .limit(q.limit + 1),
  );
  const items = rows.slice(0, q.limit);
  const last = items[items.length - 1];
  return {
    items: items.map((r) => orderView(r.row, ctx)),
    nextCursor: rows.length > q.limit && last ? encodeCursor({ k: last.key, id: last.row.id }, scope) : null,
  };
}

export async function getPurchaseOrder(db: Database, ctx: TenantContext, id: string) {
  requirePermission(ctx.permissions, 'purchase_orders:read');
  return withTenant(db, ctx, async (tx) => orderView(await loadOrder(tx, ctx, id), ctx));
}

const TRANSITIONS = {
  accept: { side: 'seller', from: ['REQUESTED'], to: 'ACCEPTED', stamp: 'acceptedAt', event: 'PURCHASE_ORDER_ACCEPTED' },
  reject: { side: 'seller', from: ['REQUESTED'], to: 'REJECTED', stamp: 'rejectedAt', event: 'PURCHASE_ORDER_REJECTED' },
  cancel: { side: 'buyer', from: ['REQUESTED'], to: 'CANCELLED', stamp: 'cancelledAt', event: 'PURCHASE_ORDER_CANCELLED' },
  fulfill: { side: 'seller', from: ['ACCEPTED'], to: 'FULFILLED', stamp: 'fulfilledAt', event: 'PURCHASE_ORDER_FULFILLED' },
} as const;
export type PurchaseOrderAction = keyof typeof TRANSITIONS;

export async function transitionPurchaseOrder(db: Database, ctx: TenantContext, id: string, action: PurchaseOrderAction, input: { reason?: string } = {}) {
  requirePermission(ctx.permissions, `purchase_orders:${action}`);
  const t = TRANSITIONS[action];
  return withTenant(db, ctx, async (tx) => {
    const po = await loadOrder(tx, ctx, id, true);
    if (sideOf(po, ctx) !== t.side) throw new AppError('forbidden', `Only the ${t.side} of a purchase order can ${action} it`);
    if (!(t.from as readonly string[]).includes(po.status)) throw new AppError('invalid_transition', `Cannot ${action} a purchase order that is ${po.status}`);
    const moved = action === 'fulfill' ? await moveGoods(tx, ctx, po) : undefined;
    const [row] = await tx
      .update(purchaseOrders)
      .set({ status: t.to, [t.stamp]: new Date(), updatedAt: new Date(), ...(action === 'reject' ? { rejectReason: input.reason ?? null } : {}) })
      .where(eq(purchaseOrders.id, id))
      .returning();
    const entry: AuditEntry = {
      action: `purchase_order.${t.to.toLowerCase()}`,
      targetType: 'purchase_order',
      targetId: id,
      changes: { before: { status: po.status }, after: { status: t.to, ...(input.reason ? { reason: input.reason } : {}), ...(moved ?? {}) } },
    };
    await recordForBothParties(tx, ctx, row!, entry, t.event);
    return orderView(row!, ctx);
  });
}

/**
 * Fulfilment, in the seller's transaction: the seller's stock and the listing go down, the buyer's stock in
 * the delivery warehouse goes up (its commodity of the same name, created if missing). Any refusal throws
 * and the whole transaction — both organizations' rows — rolls back.
 */
async function moveGoods(tx: Tx, ctx: TenantContext, po: PurchaseOrderRow) {
  const quantity = po.quantity;
  const [stock] = await tx
    .select()
    .from(inventoryItems)
    .where(and(eq(inventoryItems.warehouseId, po.sellerWarehouseId), eq(inventoryItems.commodityId, po.sellerCommodityId)))
    .for('update');
  if (!stock || decimalCompare(stock.quantity, quantity) < 0) {
    throw new AppError('conflict', `Not enough ${po.commodityName} in stock: ${plain(stock?.quantity ?? '0')} ${po.unit} on hand, the order needs ${plain(quantity)}`);
  }
  const [listing] = await tx.select().from(listings).where(eq(listings.id, po.listingId)).for('update');
  if (!listing || decimalCompare(listing.quantityAvailable, quantity) < 0) {
    throw new AppError('conflict', `The listing has only ${plain(listing?.quantityAvailable ?? '0')} ${po.unit} available`);
  }
  const now = new Date();
  await tx.update(inventoryItems).set({ quantity: decimalSum(stock.quantity, `-${quantity}`), updatedAt: now }).where(eq(inventoryItems.id, stock.id));
  await tx.update(listings).set({ quantityAvailable: decimalSum(listing.quantityAvailable, `-${quantity}`), updatedAt: now }).where(eq(listings.id, listing.id));

  const buyer = po.organizationId;
  const received = await asOrganization(tx, ctx, buyer, async () => {
    let [commodity] = await tx.select().from(commodities).where(sql`lower(${commodities.name}) = lower(${po.commodityName})`);
    if (commodity && commodity.unit.toLowerCase() !== po.unit.toLowerCase()) {
      throw new AppError('conflict', `The buyer counts ${commodity.name} in ${commodity.unit}, the order is in ${po.unit}`);
    }
    if (!commodity) {
      [commodity] = await tx.insert(commodities).values({ organizationId: buyer, name: po.commodityName, unit: po.unit }).returning();
      await audit(tx, buyer, { action: 'commodity.created', targetType: 'commodity', targetId: commodity!.id, changes: { after: { name: po.commodityName, unit: po.unit, purchaseOrderId: po.id } } });
    }
    const [item] = await tx
      .select()
      .from(inventoryItems)
      .where(and(eq(inventoryItems.warehouseId, po.deliveryWarehouseId), eq(inventoryItems.commodityId, commodity!.id)))
      .for('update');
    if (!item) {
      const [created] = await tx
        .insert(inventoryItems)
        .values({ organizationId: buyer, warehouseId: po.deliveryWarehouseId, commodityId: commodity!.id, quantity })
        .returning({ id: inventoryItems.id });
      return created!.id;
    }
    const next = decimalSum(item.quantity, quantity);
    if (decimalCompare(next, MAX_AMOUNT) > 0) throw new AppError('conflict', "The buyer's inventory would exceed the largest quantity stored");
    await tx.update(inventoryItems).set({ quantity: next, updatedAt: now }).where(eq(inventoryItems.id, item.id));
    return item.id;
  });
  return { quantity: plain(quantity), sellerInventoryItemId: stock.id, buyerInventoryItemId: received };
}

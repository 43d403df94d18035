// Cooperative resources declared through the toolkit: farmers, farms, warehouses, commodities,
// inventory items (with audited adjustments) and the organization's own marketplace listings
// (DRAFT → PUBLISHED → CLOSED). Purchase orders between organizations are in purchase-orders.ts.
import { z } from '@hono/zod-openapi';
import { and, eq, ne, sql, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Database, Tx } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { requirePermission } from '../../tenancy/permissions.ts';
import { withTenant, type TenantContext } from '../../tenancy/with-tenant.ts';
import { recordChange } from '../../platform/audit/record.ts';
import { organizations } from '../../platform/organizations/schema.ts';
import { iso } from '../../platform/organizations/view.ts';
import { defineResource } from '../toolkit/resource.ts';
import { commodities, farmers, farms, GENDERS, inventoryItems, LISTING_STATUSES, listings, purchaseOrders, warehouses } from './schema.ts';
import { Amount, Currency, decimalCompare, decimalSum, Delta, LongText, Name, Phone, PositiveAmount, plain, plainOrNull, ShortText, unknownReference } from './values.ts';

type Row = Record<string, unknown>;
const str = (v: unknown) => v as string;
const strOrNull = (v: unknown) => (v as string | null) ?? null;
const stamp = (v: unknown) => iso(v as Date | null);

/** The largest value a numeric(20, 4) column holds. */
const MAX_AMOUNT = '9999999999999999.9999';

/** 409 when any row of `table` matches: a friendly refusal before a foreign key would answer 404. */
async function refuseIfReferenced(tx: Tx, table: PgTable, where: SQL, message: string) {
  const [hit] = await tx.select({ one: sql<number>`1` }).from(table).where(where).limit(1);
  if (hit) throw new AppError('conflict', message);
}

/** A 400 naming the field: the referenced row is not one of this organization's (RLS scopes the select). */
const unknown = (field: string, what: string) => new AppError('validation_failed', `Unknown ${what}`, unknownReference(field, what));

export async function ownWarehouse(tx: Tx, id: string, field = 'warehouseId') {
  const [row] = await tx.select().from(warehouses).where(eq(warehouses.id, id));
  if (!row) throw unknown(field, 'warehouse');
  return row;
}
async function ownCommodity(tx: Tx, id: string, field = 'commodityId') {
  const [row] = await tx.select().from(commodities).where(eq(commodities.id, id));
  if (!row) throw unknown(field, 'commodity');
  return row;
}
async function ownFarmer(tx: Tx, id: string) {
  const [row] = await tx.select({ id: farmers.id }).from(farmers).where(eq(farmers.id, id));
  if (!row) throw unknown('farmerId', 'farmer');
  return row;
}

const booleanFilter = z.enum(['true', 'false']);

// ---- farmers ----------------------------------------------------------------------------------

const Farmer = z
  .object({
    id: z.uuid(),
    name: z.string(),
    phone: z.string(),
    region: z.string().nullable(),
    community: z.string().nullable(),
    gender: z.enum(GENDERS).nullable(),
    active: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('CooperativeFarmer');
const FarmerCreate = z
  .object({
    name: Name,
    phone: Phone,
    region: ShortText.nullable().optional(),
    community: ShortText.nullable().optional(),
    gender: z.enum(GENDERS).nullable().optional(),
    active: z.boolean().optional(),
  })
  .strict();

/** A friendly 409 before the insert; the unique index (organization_id, phone) is what makes it race-safe. */
async function assertPhoneFree(tx: Tx, phone: string, exceptId?: string) {
  const where = and(eq(farmers.phone, phone), exceptId ? ne(farmers.id, exceptId) : undefined)!;
  await refuseIfReferenced(tx, farmers, where, `A farmer with phone ${phone} already exists in this organization`);
}

export const farmerResource = defineResource({
  module: 'cooperative',
  name: 'farmers',
  permission: 'farmers',
  targetType: 'farmer',
  table: farmers,
  view: Farmer,
  toView: (r) => ({
    id: str(r.id),
    name: str(r.name),
    phone: str(r.phone),
    region: strOrNull(r.region),
    community: strOrNull(r.community),
    gender: strOrNull(r.gender) as (typeof GENDERS)[number] | null,
    active: r.active as boolean,
    createdAt: stamp(r.createdAt)!,
    updatedAt: stamp(r.updatedAt)!,
  }),
  create: FarmerCreate,
  update: FarmerCreate.partial().strict(),
  filters: {
    region: { schema: ShortText, where: (v: string) => eq(farmers.region, v) },
    community: { schema: ShortText, where: (v: string) => eq(farmers.community, v) },
    gender: { schema: z.enum(GENDERS), where: (v: string) => eq(farmers.gender, v as 'FEMALE') },
    active: { schema: booleanFilter, where: (v: string) => eq(farmers.active, v === 'true') },
  },
  search: [farmers.name, farmers.phone],
  sort: { name: farmers.name, createdAt: farmers.createdAt },
  defaultSort: { field: 'name', order: 'asc' },
  hooks: {
    beforeCreate: async (tx, _ctx, input) => {
      await assertPhoneFree(tx, input.phone);
      return input;
    },
    beforeUpdate: async (tx, _ctx, existing, patch) => {
      if (patch.phone) await assertPhoneFree(tx, patch.phone, str(existing.id));
      return patch;
    },
    beforeDelete: async (tx, _ctx, existing) =>
      refuseIfReferenced(tx, farms, eq(farms.farmerId, str(existing.id)), 'The farmer still has farms; delete them first or mark the farmer inactive'),
  },
});

// ---- farms ------------------------------------------------------------------------------------

const Farm = z
  .object({
    id: z.uuid(),
    farmerId: z.uuid(),
    name: z.string(),
    sizeHectares: z.string().nullable().openapi({ example: '2.5' }),
    mainCrop: z.string().nullable(),
    location: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('CooperativeFarm');
const FarmCreate = z
  .object({
    farmerId: z.uuid(),
    name: Name,
    sizeHectares: PositiveAmount.nullable().optional(),
    mainCrop: ShortText.nullable().optional(),
    location: ShortText.nullable().optional(),
  })
  .strict();

export const farmResource = defineResource({
  module: 'cooperative',
  name: 'farms',
  permission: 'farms',
  targetType: 'farm',
  table: farms,
  view: Farm,
  toView: (r) => ({
    id: str(r.id),
    farmerId: str(r.farmerId),
    name: str(r.name),
    sizeHectares: plainOrNull(r.sizeHectares),
    mainCrop: strOrNull(r.mainCrop),
    location: strOrNull(r.location),
    createdAt: stamp(r.createdAt)!,
    updatedAt: stamp(r.updatedAt)!,
  }),
  create: FarmCreate,
  update: FarmCreate.partial().strict(),
  filters: {
    farmerId: { schema: z.uuid(), where: (v: string) => eq(farms.farmerId, v) },
    mainCrop: { schema: ShortText, where: (v: string) => eq(farms.mainCrop, v) },
  },
  search: [farms.name, farms.location],
  sort: { name: farms.name, createdAt: farms.createdAt },
  defaultSort: { field: 'name', order: 'asc' },
  hooks: {
    // The composite foreign key (organization_id, farmer_id) is the guarantee; this names the field.
    beforeCreate: async (tx, _ctx, input) => {
      await ownFarmer(tx, input.farmerId);
      return input;
    },
    beforeUpdate: async (tx, _ctx, _existing, patch) => {
      if (patch.farmerId) await ownFarmer(tx, patch.farmerId);
      return patch;
    },
  },
});

// ---- warehouses -------------------------------------------------------------------------------

const Warehouse = z
  .object({ id: z.uuid(), name: z.string(), location: z.string().nullable(), capacity: z.string().nullable(), createdAt: z.string(), updatedAt: z.string() })
  .openapi('CooperativeWarehouse');
const WarehouseCreate = z.object({ name: Name, location: ShortText.nullable().optional(), capacity: Amount.nullable().optional() }).strict();

async function assertNameFree(tx: Tx, table: typeof warehouses | typeof commodities, name: string, what: string, exceptId?: string) {
  const where = and(sql`lower(${table.name}) = lower(${name})`, exceptId ? ne(table.id, exceptId) : undefined)!;
  await refuseIfReferenced(tx, table, where, `A ${what} named "${name}" already exists in this organization`);
}

export const warehouseResource = defineResource({
  module: 'cooperative',
  name: 'warehouses',
  permission: 'warehouses',
  targetType: 'warehouse',
  table: warehouses,
  view: Warehouse,
  toView: (r) => ({
    id: str(r.id),
    name: str(r.name),
    location: strOrNull(r.location),
    capacity: plainOrNull(r.capacity),
    createdAt: stamp(r.createdAt)!,
    updatedAt: stamp(r.updatedAt)!,
  }),
  create: WarehouseCreate,
  update: WarehouseCreate.partial().strict(),
  search: [warehouses.name, warehouses.location],
  sort: { name: warehouses.name, createdAt: warehouses.createdAt },
  defaultSort: { field: 'name', order: 'asc' },
  hooks: {
    beforeCreate: async (tx, _ctx, input) => {
      await assertNameFree(tx, warehouses, input.name, 'warehouse');
      return input;
    },
    beforeUpdate: async (tx, _ctx, existing, patch) => {
      if (patch.name) await assertNameFree(tx, warehouses, patch.name, 'warehouse', str(existing.id));
      return patch;
    },
    beforeDelete: async (tx, ctx, existing) => {
      const id = str(existing.id);
      await refuseIfReferenced(tx, inventoryItems, eq(inventoryItems.warehouseId, id), 'The warehouse holds inventory items');
      await refuseIfReferenced(tx, listings, eq(listings.warehouseId, id), 'The warehouse has marketplace listings');
      await refuseIfReferenced(tx, purchaseOrders, and(eq(purchaseOrders.deliveryWarehouseId, id), eq(purchaseOrders.organizationId, ctx.orgId))!, 'Purchase orders deliver to this warehouse');
    },
  },
});

// ---- commodities ------------------------------------------------------------------------------

const Commodity = z
  .object({ id: z.uuid(), name: z.string(), unit: z.string(), category: z.string().nullable(), createdAt: z.string(), updatedAt: z.string() })
  .openapi('CooperativeCommodity');
const Unit = z.string().trim().min(1).max(20).openapi({ example: 'kg' });
const CommodityCreate = z.object({ name: Name, unit: Unit, category: ShortText.nullable().optional() }).strict();

export const commodityResource = defineResource({
  module: 'cooperative',
  name: 'commodities',
  permission: 'commodities',
  targetType: 'commodity',
  table: commodities,
  view: Commodity,
  toView: (r) => ({ id: str(r.id), name: str(r.name), unit: str(r.unit), category: strOrNull(r.category), createdAt: stamp(r.createdAt)!, updatedAt: stamp(r.updatedAt)! }),
  create: CommodityCreate,
  update: CommodityCreate.partial().strict(),
  filters: { category: { schema: ShortText, where: (v: string) => eq(commodities.category, v) } },
  search: [commodities.name, commodities.category],
  sort: { name: commodities.name, createdAt: commodities.createdAt },
  defaultSort: { field: 'name', order: 'asc' },
  hooks: {
    beforeCreate: async (tx, _ctx, input) => {
      await assertNameFree(tx, commodities, input.name, 'commodity');
      return input;
    },
    beforeUpdate: async (tx, _ctx, existing, patch) => {
      const id = str(existing.id);
      if (patch.name) await assertNameFree(tx, commodities, patch.name, 'commodity', id);
      // Stock is counted in the unit: changing it would silently change every quantity's meaning.
      if (patch.unit && patch.unit !== existing.unit) {
        await refuseIfReferenced(tx, inventoryItems, eq(inventoryItems.commodityId, id), 'The unit cannot change while inventory items count this commodity');
        await refuseIfReferenced(tx, listings, eq(listings.commodityId, id), 'The unit cannot change while listings sell this commodity');
      }
      return patch;
    },
    beforeDelete: async (tx, _ctx, existing) => {
      const id = str(existing.id);
      await refuseIfReferenced(tx, inventoryItems, eq(inventoryItems.commodityId, id), 'The commodity has inventory items');
      await refuseIfReferenced(tx, listings, eq(listings.commodityId, id), 'The commodity has marketplace listings');
    },
  },
});

// ---- inventory --------------------------------------------------------------------------------

const InventoryItem = z
  .object({
    id: z.uuid(),
    warehouseId: z.uuid(),
    commodityId: z.uuid(),
    quantity: z.string().openapi({ example: '120.5' }),
    bin: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('CooperativeInventoryItem');
const inventoryView = (r: Row): z.infer<typeof InventoryItem> => ({
  id: str(r.id),
  warehouseId: str(r.warehouseId),
  commodityId: str(r.commodityId),
  quantity: plain(str(r.quantity)),
  bin: strOrNull(r.bin),
  createdAt: stamp(r.createdAt)!,
  updatedAt: stamp(r.updatedAt)!,
});

export const inventoryResource = defineResource({
  module: 'cooperative',
  name: 'inventory',
  permission: 'inventory',
  targetType: 'inventory_item',
  table: inventoryItems,
  view: InventoryItem,
  toView: inventoryView,
  // The quantity is set once here; afterwards it moves only through adjust (with a reason) and fulfilment.
  create: z.object({ warehouseId: z.uuid(), commodityId: z.uuid(), quantity: Amount.default('0'), bin: ShortText.nullable().optional() }).strict(),
  update: z.object({ bin: ShortText.nullable() }).partial().strict(),
  filters: {
    warehouseId: { schema: z.uuid(), where: (v: string) => eq(inventoryItems.warehouseId, v) },
    commodityId: { schema: z.uuid(), where: (v: string) => eq(inventoryItems.commodityId, v) },
  },
  sort: { createdAt: inventoryItems.createdAt, quantity: inventoryItems.quantity },
  defaultSort: { field: 'createdAt', order: 'asc' },
  hooks: {
    beforeCreate: async (tx, _ctx, input) => {
      await ownWarehouse(tx, input.warehouseId);
      await ownCommodity(tx, input.commodityId);
      const where = and(eq(inventoryItems.warehouseId, input.warehouseId), eq(inventoryItems.commodityId, input.commodityId))!;
      await refuseIfReferenced(tx, inventoryItems, where, 'This warehouse already has an inventory item for this commodity; adjust it instead');
      return input;
    },
    beforeDelete: async (_tx, _ctx, existing) => {
      if (decimalCompare(str(existing.quantity), '0') !== 0) throw new AppError('conflict', 'Only an empty inventory item can be deleted; adjust it to 0 first');
    },
  },
});

export const AdjustInput = z.object({ delta: Delta, reason: z.string().trim().min(1).max(500) }).strict().openapi('CooperativeInventoryAdjustment');

/** Adds `delta` (may be negative) to an item's quantity; never below 0 (409), audited with its reason. */
export async function adjustInventory(db: Database, ctx: TenantContext, id: string, input: z.infer<typeof AdjustInput>) {
  requirePermission(ctx.permissions, 'inventory:adjust');
  return withTenant(db, ctx, async (tx) => {
    const item = await inventoryResource.load(tx, id, true);
    const before = str(item.quantity);
    const after = decimalSum(before, input.delta);
    if (decimalCompare(after, '0') < 0) throw new AppError('conflict', `Inventory cannot go below 0 (on hand ${plain(before)}, change ${input.delta})`);
    if (decimalCompare(after, MAX_AMOUNT) > 0) throw new AppError('conflict', 'Inventory would exceed the largest quantity stored');
    const [row] = await tx.update(inventoryItems).set({ quantity: after, updatedAt: new Date() }).where(eq(inventoryItems.id, id)).returning();
    await recordChange(tx, ctx.orgId, {
      action: 'inventory_item.adjusted',
      targetType: 'inventory_item',
      targetId: id,
      changes: { before: { quantity: plain(before) }, after: { quantity: plain(after), delta: input.delta, reason: input.reason } },
    });
    return inventoryView(row!);
  });
}

// ---- listings (the organization's own) -------------------------------------------------------

const Listing = z
  .object({
    id: z.uuid(),
    warehouseId: z.uuid(),
    commodityId: z.uuid(),
    commodityName: z.string(),
    unit: z.string(),
    title: z.string(),
    description: z.string().nullable(),
    quantityAvailable: z.string(),
    unitPrice: z.string(),
    currency: z.string(),
    status: z.enum(LISTING_STATUSES),
    publishedAt: z.string().nullable(),
    closedAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('CooperativeListing');
const listingView = (r: Row): z.infer<typeof Listing> => ({
  id: str(r.id),
  warehouseId: str(r.warehouseId),
  commodityId: str(r.commodityId),
  commodityName: str(r.commodityName),
  unit: str(r.unit),
  title: str(r.title),
  description: strOrNull(r.description),
  quantityAvailable: plain(str(r.quantityAvailable)),
  unitPrice: plain(str(r.unitPrice)),
  currency: str(r.currency),
  status: r.status as (typeof LISTING_STATUSES)[number],
  publishedAt: stamp(r.publishedAt),
  closedAt: stamp(r.closedAt),
  createdAt: stamp(r.createdAt)!,
  updatedAt: stamp(r.updatedAt)!,
});
const ListingCreate = z
  .object({
    warehouseId: z.uuid(),
    commodityId: z.uuid(),
    title: Name,
    description: LongText.nullable().optional(),
    quantityAvailable: Amount,
    unitPrice: Amount,
    currency: Currency.optional(),
  })
  .strict();
const ListingUpdate = ListingCreate.extend({ currency: Currency }).partial().strict();

export const listingResource = defineResource({
  module: 'cooperative',
  name: 'listings',
  permission: 'listings',
  targetType: 'listing',
  table: listings,
  view: Listing,
  toView: listingView,
  create: ListingCreate,
  update: ListingUpdate,
  filters: {
    status: { schema: z.enum(LISTING_STATUSES), where: (v: string) => eq(listings.status, v as 'DRAFT') },
    warehouseId: { schema: z.uuid(), where: (v: string) => eq(listings.warehouseId, v) },
    commodityId: { schema: z.uuid(), where: (v: string) => eq(listings.commodityId, v) },
  },
  search: [listings.title, listings.commodityName],
  sort: { createdAt: listings.createdAt, title: listings.title, unitPrice: listings.unitPrice },
  defaultSort: { field: 'createdAt', order: 'desc' },
  hooks: {
    beforeCreate: async (tx, _ctx, input) => {
      await ownWarehouse(tx, input.warehouseId);
      const commodity = await ownCommodity(tx, input.commodityId);
      const [org] = await tx.select({ currency: organizations.currency }).from(organizations);
      const currency = input.currency ?? org?.currency;
      if (!currency) throw new AppError('validation_failed', 'No currency', { errors: [{ path: 'body.currency', message: 'set one, or a default currency in settings' }] });
      // Buyers cannot read the seller's commodities: the listing carries the name and unit.
      return { ...input, currency, commodityName: commodity.name, unit: commodity.unit, status: 'DRAFT' };
    },
    beforeUpdate: async (tx, _ctx, existing, patch) => {
      if (existing.status === 'CLOSED') throw new AppError('invalid_transition', 'A CLOSED listing cannot be edited');
      const values: Row = { ...patch };
      if (patch.warehouseId || patch.commodityId) {
        // Orders snapshot the warehouse and commodity when placed; once published they stay put.
        if (existing.status !== 'DRAFT') throw new AppError('invalid_transition', 'The warehouse and commodity of a PUBLISHED listing cannot change');
        if (patch.warehouseId) await ownWarehouse(tx, patch.warehouseId);
        if (patch.commodityId) {
          const commodity = await ownCommodity(tx, patch.commodityId);
          Object.assign(values, { commodityName: commodity.name, unit: commodity.unit });
        }
      }
      return values;
    },
    beforeDelete: async (_tx, _ctx, existing) => {
      if (existing.status !== 'DRAFT') throw new AppError('invalid_transition', `Only DRAFT listings can be deleted; close this ${existing.status} one instead`);
    },
  },
});

const LISTING_TRANSITIONS = {
  publish: { from: ['DRAFT'], to: 'PUBLISHED', stamp: 'publishedAt' },
  close: { from: ['DRAFT', 'PUBLISHED'], to: 'CLOSED', stamp: 'closedAt' },
} as const;

export async function transitionListing(db: Database, ctx: TenantContext, id: string, action: keyof typeof LISTING_TRANSITIONS) {
  requirePermission(ctx.permissions, `listings:${action}`);
  const t = LISTING_TRANSITIONS[action];
  return withTenant(db, ctx, async (tx) => {
    const listing = await listingResource.load(tx, id, true);
    if (!(t.from as readonly string[]).includes(str(listing.status))) {
      throw new AppError('invalid_transition', `Cannot ${action} a listing that is ${listing.status}`);
    }
    if (action === 'publish' && decimalCompare(str(listing.quantityAvailable), '0') <= 0) {
      throw new AppError('unprocessable', 'A listing needs a quantity available before it is published');
    }
    const [row] = await tx
      .update(listings)
      .set({ status: t.to, [t.stamp]: new Date(), updatedAt: new Date() })
      .where(eq(listings.id, id))
      .returning();
    await recordChange(tx, ctx.orgId, {
      action: `listing.${t.to.toLowerCase()}`,
      targetType: 'listing',
      targetId: id,
      changes: { before: { status: listing.status }, after: { status: t.to } },
    });
    return listingView(row!);
  });
}

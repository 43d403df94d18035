// Cooperative (seed 000/001, agricultural cooperatives): farmers and their farms, warehouses,
// commodities and inventory, marketplace listings, and purchase orders between two organizations.
// Quantities and prices are NUMERIC in the database and decimal strings in the API.
//
// Two tables carry the module's deliberate cross-tenant paths, each as an extra PERMISSIVE policy next
// to the tenant policy that tenantTable() adds (see README.md in this folder):
// - cooperative_listings: PUBLISHED listings of OTHER organizations are readable (never writable), and
//   only inside a transaction that opted into the marketplace (app.marketplace = 'on');
// - cooperative_purchase_orders: organization_id is the BUYER; the SELLER (seller_organization_id)
//   may read and update the row too. Nobody else sees it.
import { sql } from 'drizzle-orm';
import { boolean, check, foreignKey, index, numeric, pgPolicy, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { currentOrgId, runtimeRole, tenantTable } from '../../tenancy/tenant-table.ts';
import { foreignKeyToOrganization, organizations } from '../../platform/organizations/schema.ts';

const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
};
/** Quantities and money: up to 16 integer and 4 fraction digits, exact. */
const decimal = (name: string) => numeric(name, { precision: 20, scale: 4 });

// ---- farmers and farms ----------------------------------------------------------------------

export const GENDERS = ['FEMALE', 'MALE', 'OTHER'] as const;

export const farmers = tenantTable(
  'cooperative_farmers',
  {
    name: text('name').notNull(),
    /** Normalised: digits with an optional leading +, 7 to 15 digits (E.164-like). */
    phone: text('phone').notNull(),
    region: text('region'),
    community: text('community'),
    gender: text('gender', { enum: GENDERS }),
    active: boolean('active').notNull().default(true),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('cooperative_farmers_org_phone_unique').on(t.organizationId, t.phone),
    index('cooperative_farmers_org_name_idx').on(t.organizationId, t.name, t.id),
    check('cooperative_farmers_phone_check', sql`${t.phone} ~ '^\\+?[0-9]{7,15}$'`),
    check('cooperative_farmers_gender_check', sql`${t.gender} in ('FEMALE','MALE','OTHER')`),
    foreignKeyToOrganization('cooperative_farmers', t.organizationId),
  ],
);

export const farms = tenantTable(
  'cooperative_farms',
  {
    farmerId: uuid('farmer_id').notNull(),
    name: text('name').notNull(),
    sizeHectares: decimal('size_hectares'),
    mainCrop: text('main_crop'),
    location: text('location'),
    ...timestamps,
  },
  (t) => [
    index('cooperative_farms_org_farmer_idx').on(t.organizationId, t.farmerId),
    index('cooperative_farms_org_name_idx').on(t.organizationId, t.name, t.id),
    check('cooperative_farms_size_check', sql`${t.sizeHectares} > 0`),
    foreignKeyToOrganization('cooperative_farms', t.organizationId),
    // Composite: a farm can only belong to a farmer of the same organization.
    foreignKey({ name: 'cooperative_farms_farmer_fk', columns: [t.organizationId, t.farmerId], foreignColumns: [farmers.organizationId, farmers.id] }),
  ],
);

// ---- warehouses, commodities, inventory -----------------------------------------------------

export const warehouses = tenantTable(
  'cooperative_warehouses',
  {
    name: text('name').notNull(),
    location: text('location'),
    capacity: decimal('capacity'),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('cooperative_warehouses_org_name_unique').on(t.organizationId, sql`lower(${t.name})`),
    index('cooperative_warehouses_org_name_idx').on(t.organizationId, t.name, t.id),
    check('cooperative_warehouses_capacity_check', sql`${t.capacity} >= 0`),
    foreignKeyToOrganization('cooperative_warehouses', t.organizationId),
  ],
);

export const commodities = tenantTable(
  'cooperative_commodities',
  {
    /** Unique per organization, case-insensitively; purchase orders match the buyer's commodity by name. */
    name: text('name').notNull(),
    /** e.g. kg, bag, crate. */
    unit: text('unit').notNull(),
    category: text('category'),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('cooperative_commodities_org_name_unique').on(t.organizationId, sql`lower(${t.name})`),
    index('cooperative_commodities_org_name_idx').on(t.organizationId, t.name, t.id),
    foreignKeyToOrganization('cooperative_commodities', t.organizationId),
  ],
);

export const inventoryItems = tenantTable(
  'cooperative_inventory_items',
  {
    warehouseId: uuid('warehouse_id').notNull(),
    commodityId: uuid('commodity_id').notNull(),
    /** Never negative: the CHECK is the last line; adjustments and fulfilment refuse with 409 first. */
    quantity: decimal('quantity').notNull().default('0'),
    /** Where in the warehouse (shelf, bay, silo). */
    bin: text('bin'),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('cooperative_inventory_items_org_stock_unique').on(t.organizationId, t.warehouseId, t.commodityId),
    index('cooperative_inventory_items_org_created_idx').on(t.organizationId, t.createdAt, t.id),
    check('cooperative_inventory_items_quantity_check', sql`${t.quantity} >= 0`),
    foreignKeyToOrganization('cooperative_inventory_items', t.organizationId),
    foreignKey({ name: 'cooperative_inventory_items_warehouse_fk', columns: [t.organizationId, t.warehouseId], foreignColumns: [warehouses.organizationId, warehouses.id] }),
    foreignKey({ name: 'cooperative_inventory_items_commodity_fk', columns: [t.organizationId, t.commodityId], foreignColumns: [commodities.organizationId, commodities.id] }),
  ],
);

// ---- marketplace listings -------------------------------------------------------------------

export const LISTING_STATUSES = ['DRAFT', 'PUBLISHED', 'CLOSED'] as const;

export const listings = tenantTable(
  'cooperative_listings',
  {
    warehouseId: uuid('warehouse_id').notNull(),
    commodityId: uuid('commodity_id').notNull(),
    /** Copied from the commodity: buyers cannot read the seller's commodities, only its listings. */
    commodityName: text('commodity_name').notNull(),
    unit: text('unit').notNull(),
    title: text('title').notNull(),
    description: text('description'),
    quantityAvailable: decimal('quantity_available').notNull(),
    unitPrice: decimal('unit_price').notNull(),
    currency: text('currency').notNull(),
    status: text('status', { enum: LISTING_STATUSES }).notNull().default('DRAFT'),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    index('cooperative_listings_org_created_idx').on(t.organizationId, t.createdAt, t.id),
    // The marketplace scans PUBLISHED listings across organizations.
    index('cooperative_listings_published_idx').on(t.status, t.createdAt, t.id),
    check('cooperative_listings_status_check', sql`${t.status} in ('DRAFT','PUBLISHED','CLOSED')`),
    check('cooperative_listings_quantity_check', sql`${t.quantityAvailable} >= 0`),
    check('cooperative_listings_price_check', sql`${t.unitPrice} >= 0`),
    check('cooperative_listings_currency_check', sql`${t.currency} ~ '^[A-Z]{3}$'`),
    foreignKeyToOrganization('cooperative_listings', t.organizationId),
    foreignKey({ name: 'cooperative_listings_warehouse_fk', columns: [t.organizationId, t.warehouseId], foreignColumns: [warehouses.organizationId, warehouses.id] }),
    foreignKey({ name: 'cooperative_listings_commodity_fk', columns: [t.organizationId, t.commodityId], foreignColumns: [commodities.organizationId, commodities.id] }),
    // Read-only, other organizations only, PUBLISHED only, and only where the code asked for the
    // marketplace: the ordinary listing routes (and anything else) keep seeing their own rows only.
    // Fails closed: with no tenant in context the <> is NULL.
    pgPolicy('cooperative_listings_marketplace_read', {
      as: 'permissive',
      for: 'select',
      to: runtimeRole,
      using: sql`${t.status} = 'PUBLISHED' and ${t.organizationId} <> ${currentOrgId} and current_setting('app.marketplace', true) = 'on'`,
    }),
  ],
);

// ---- purchase orders between organizations --------------------------------------------------

export const PURCHASE_ORDER_STATUSES = ['REQUESTED', 'ACCEPTED', 'REJECTED', 'CANCELLED', 'FULFILLED'] as const;

const sellerInContext = sql`seller_organization_id = ${currentOrgId}`;

export const purchaseOrders = tenantTable(
  'cooperative_purchase_orders',
  {
    // organization_id (from tenantTable) is the BUYER.
    sellerOrganizationId: uuid('seller_organization_id').notNull(),
    // A snapshot of the seller's listing when ordered (no foreign keys across tenants).
    listingId: uuid('listing_id').notNull(),
    sellerWarehouseId: uuid('seller_warehouse_id').notNull(),
    sellerCommodityId: uuid('seller_commodity_id').notNull(),
    commodityName: text('commodity_name').notNull(),
    unit: text('unit').notNull(),
    unitPrice: decimal('unit_price').notNull(),
    currency: text('currency').notNull(),
    quantity: decimal('quantity').notNull(),
    /** quantity × unit price, rounded half-up to 4 decimals (room for 32 integer digits). */
    total: numeric('total', { precision: 36, scale: 4 }).notNull(),
    /** The buyer's warehouse the goods go to (composite: it must be the buyer's). */
    deliveryWarehouseId: uuid('delivery_warehouse_id').notNull(),
    status: text('status', { enum: PURCHASE_ORDER_STATUSES }).notNull().default('REQUESTED'),
    rejectReason: text('reject_reason'),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    rejectedAt: timestamp('rejected_at', { withTimezone: true }),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    fulfilledAt: timestamp('fulfilled_at', { withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    index('cooperative_purchase_orders_org_created_idx').on(t.organizationId, t.createdAt, t.id),
    // The seller's policy and the seller's list filter on this column.
    index('cooperative_purchase_orders_seller_created_idx').on(t.sellerOrganizationId, t.createdAt, t.id),
    check('cooperative_purchase_orders_status_check', sql`${t.status} in ('REQUESTED','ACCEPTED','REJECTED','CANCELLED','FULFILLED')`),
    check('cooperative_purchase_orders_quantity_check', sql`${t.quantity} > 0`),
    check('cooperative_purchase_orders_price_check', sql`${t.unitPrice} >= 0`),
    check('cooperative_purchase_orders_two_parties_check', sql`${t.sellerOrganizationId} <> ${t.organizationId}`),
    foreignKeyToOrganization('cooperative_purchase_orders', t.organizationId),
    foreignKey({ name: 'cooperative_purchase_orders_seller_fk', columns: [t.sellerOrganizationId], foreignColumns: [organizations.id] }).onDelete('cascade'),
    foreignKey({
      name: 'cooperative_purchase_orders_delivery_warehouse_fk',
      columns: [t.organizationId, t.deliveryWarehouseId],
      foreignColumns: [warehouses.organizationId, warehouses.id],
    }),
    // The seller reads and updates the orders placed with it. No INSERT or DELETE: only the buyer
    // creates (tenant policy), and nobody deletes through the API. A trigger in the migration keeps
    // both parties immutable, so neither side can hand the order to a third organization.
    pgPolicy('cooperative_purchase_orders_seller_read', { as: 'permissive', for: 'select', to: runtimeRole, using: sellerInContext }),
    pgPolicy('cooperative_purchase_orders_seller_update', { as: 'permissive', for: 'update', to: runtimeRole, using: sellerInContext, withCheck: sellerInContext }),
  ],
);

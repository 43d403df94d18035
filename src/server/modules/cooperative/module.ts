// The cooperative module: farmers and farms, warehouses, commodities and inventory, marketplace
// listings, and purchase orders between a buyer organization and a seller organization.
import type { ModuleDefinition } from '../types.ts';
import { cooperativeRoutes } from './routes.ts';

const crud = ['read', 'create', 'update', 'delete'] as const;

export const cooperative: ModuleDefinition = {
  id: 'cooperative',
  name: 'Cooperative',
  description: 'Farmers and farms, warehouses and inventory, a marketplace of listings, and purchase orders between organizations.',
  requirements: [],
  permissions: {
    farmers: { actions: crud, member: ['read', 'create'], readOnly: ['read'] },
    farms: { actions: crud, member: ['read', 'create'], readOnly: ['read'] },
    warehouses: { actions: crud, member: ['read'], readOnly: ['read'] },
    commodities: { actions: crud, member: ['read'], readOnly: ['read'] },
    inventory: { actions: [...crud, 'adjust'], member: ['read'], readOnly: ['read'] },
    listings: { actions: [...crud, 'publish', 'close'], member: ['read'], readOnly: ['read'] },
    purchase_orders: { actions: ['read', 'create', 'cancel', 'accept', 'reject', 'fulfill'], member: ['read'], readOnly: ['read'] },
  },
  eventTypes: ['PURCHASE_ORDER_CREATED', 'PURCHASE_ORDER_ACCEPTED', 'PURCHASE_ORDER_REJECTED', 'PURCHASE_ORDER_CANCELLED', 'PURCHASE_ORDER_FULFILLED'],
  tables: [
    'cooperative_farmers',
    'cooperative_farms',
    'cooperative_warehouses',
    'cooperative_commodities',
    'cooperative_inventory_items',
    'cooperative_listings',
    'cooperative_purchase_orders',
  ],
  routes: cooperativeRoutes,
};

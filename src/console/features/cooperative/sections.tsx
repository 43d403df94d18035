// The cooperative module's screens for the section registry (app/sections.tsx).
import {
  IconBuildingStore, IconBuildingWarehouse, IconGrain, IconPackages, IconPlant2, IconTag, IconTractor, IconTruckDelivery,
} from '@tabler/icons-react';
import type { Section } from '../../app/sections';
import { gatedBy } from '../../components/ModuleGate';
import { FarmersPage, FarmsPage } from './FarmersPage';
import { ListingsPage } from './ListingsPage';
import { MarketplacePage } from './MarketplacePage';
import { PurchaseOrdersPage } from './PurchaseOrdersPage';
import { CommoditiesPage, InventoryPage, WarehousesPage } from './StockPages';

const gated = gatedBy('cooperative');
const m = 'cooperative';

export const cooperativeSections: Section[] = [
  { module: m, path: 'cooperative/marketplace', element: gated(<MarketplacePage />), nav: { label: 'Marketplace', icon: IconBuildingStore }, permission: 'listings:read' },
  { module: m, path: 'cooperative/purchase-orders', element: gated(<PurchaseOrdersPage />), nav: { label: 'Purchase orders', icon: IconTruckDelivery }, permission: 'purchase_orders:read' },
  { module: m, path: 'cooperative/listings', element: gated(<ListingsPage />), nav: { label: 'Listings', icon: IconTag }, permission: 'listings:read' },
  { module: m, path: 'cooperative/inventory', element: gated(<InventoryPage />), nav: { label: 'Inventory', icon: IconPackages }, permission: 'inventory:read' },
  { module: m, path: 'cooperative/warehouses', element: gated(<WarehousesPage />), nav: { label: 'Warehouses', icon: IconBuildingWarehouse }, permission: 'warehouses:read' },
  { module: m, path: 'cooperative/commodities', element: gated(<CommoditiesPage />), nav: { label: 'Commodities', icon: IconGrain }, permission: 'commodities:read' },
  { module: m, path: 'cooperative/farmers', element: gated(<FarmersPage />), nav: { label: 'Farmers', icon: IconPlant2 }, permission: 'farmers:read' },
  { module: m, path: 'cooperative/farms', element: gated(<FarmsPage />), nav: { label: 'Farms', icon: IconTractor }, permission: 'farms:read' },
];

// The cooperative module's rows and the references its forms pick from.
import type { ReferenceSource } from '../../components/resource';

export type Farmer = {
  id: string; name: string; phone: string; region: string | null; community: string | null;
  gender: 'FEMALE' | 'MALE' | 'OTHER' | '' | null; active: boolean; createdAt: string; updatedAt: string;
};
export type Farm = { id: string; farmerId: string; name: string; sizeHectares: string | null; mainCrop: string | null; location: string | null; createdAt: string; updatedAt: string };
export type Warehouse = { id: string; name: string; location: string | null; capacity: string | null; createdAt: string; updatedAt: string };
export type Commodity = { id: string; name: string; unit: string; category: string | null; createdAt: string; updatedAt: string };
export type InventoryItem = { id: string; warehouseId: string; commodityId: string; quantity: string; bin: string | null; createdAt: string; updatedAt: string };
export type ListingStatus = 'DRAFT' | 'PUBLISHED' | 'CLOSED';
export type Listing = {
  id: string; warehouseId: string; commodityId: string; commodityName: string; unit: string; title: string; description: string | null;
  quantityAvailable: string; unitPrice: string; currency: string; status: ListingStatus; publishedAt: string | null; closedAt: string | null;
  createdAt: string; updatedAt: string;
};
export type MarketplaceListing = {
  id: string; sellerOrganizationId: string; title: string; description: string | null; commodityName: string; unit: string;
  quantityAvailable: string; unitPrice: string; currency: string; publishedAt: string | null; createdAt: string;
};
export type PurchaseOrderStatus = 'REQUESTED' | 'ACCEPTED' | 'REJECTED' | 'CANCELLED' | 'FULFILLED';
export type PurchaseOrder = {
  id: string; side: 'buyer' | 'seller'; buyerOrganizationId: string; sellerOrganizationId: string; listingId: string;
  sellerWarehouseId: string; deliveryWarehouseId: string; commodityName: string; unit: string; quantity: string; unitPrice: string;
  currency: string; total: string; status: PurchaseOrderStatus; rejectReason: string | null; acceptedAt: string | null;
  rejectedAt: string | null; cancelledAt: string | null; fulfilledAt: string | null; createdAt: string; updatedAt: string;
};

export const farmerRef: ReferenceSource = { module: 'cooperative', resource: 'farmers', label: (f: Farmer) => f.name };
export const warehouseRef: ReferenceSource = { module: 'cooperative', resource: 'warehouses', label: (w: Warehouse) => w.name };
export const commodityRef: ReferenceSource = { module: 'cooperative', resource: 'commodities', label: (c: Commodity) => `${c.name} (${c.unit})` };

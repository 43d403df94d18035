import { SegmentedControl, Stack, Text } from '@mantine/core';
import { useSearchParams } from 'react-router';
import { useOrg } from '../../lib/org-context';
import {
  formatDate, money, quantity, RefName, ResourcePage, RowActionButton, shortId, StateBadge, type ResourceSpec,
} from '../../components/resource';
import { warehouseRef, type PurchaseOrder } from './api';

const orderLabel = (o: PurchaseOrder) => `${quantity(o.quantity, o.unit)} ${o.commodityName}`;

/** What my side may do with an order in its status: the seller accepts, rejects and fulfils; the buyer cancels. */
function OrderActions({ record: o }: { record: PurchaseOrder }) {
  const { can } = useOrg();
  const common = { module: 'cooperative', resource: 'purchase-orders', id: o.id } as const;
  const name = `order ${orderLabel(o)}`;
  if (o.side === 'seller') {
    return (
      <>
        {o.status === 'REQUESTED' && can('purchase_orders:accept') && (
          <RowActionButton {...common} action="accept" label="Accept" ariaLabel={`Accept ${name}`} done="Order accepted: fulfil it when the goods leave" />
        )}
        {o.status === 'REQUESTED' && can('purchase_orders:reject') && (
          <RowActionButton {...common} action="reject" label="Reject" color="red" ariaLabel={`Reject ${name}`} reason={{ title: `Reject ${name}`, required: true }} done="Order rejected" />
        )}
        {o.status === 'ACCEPTED' && can('purchase_orders:fulfill') && (
          <RowActionButton
            {...common}
            action="fulfill"
            label="Fulfil"
            color="green"
            ariaLabel={`Fulfil ${name}`}
            confirm={`${quantity(o.quantity, o.unit)} leave your warehouse and arrive in the buyer's, in one step.`}
            done="Order fulfilled: the stock moved"
          />
        )}
      </>
    );
  }
  return o.status === 'REQUESTED' && can('purchase_orders:cancel') ? (
    <RowActionButton {...common} action="cancel" label="Cancel" color="red" ariaLabel={`Cancel ${name}`} confirm="The seller will no longer see it as a request." done="Order cancelled" />
  ) : null;
}

const sideColumns = (side: 'buyer' | 'seller'): ResourceSpec<PurchaseOrder>['columns'] => [
  {
    accessor: 'commodityName',
    title: 'Order',
    render: (o) => (
      <Stack gap={0}>
        <Text size="sm" fw={500}>{orderLabel(o)}</Text>
        <Text size="xs" c="dimmed">at {money(o.unitPrice, o.currency)} per {o.unit}</Text>
      </Stack>
    ),
  },
  { accessor: 'total', textAlign: 'right', render: (o) => money(o.total, o.currency) },
  {
    accessor: 'status',
    render: (o) => (
      <Stack gap={2}>
        <StateBadge state={o.status} />
        {o.rejectReason && <Text size="xs" c="dimmed">{o.rejectReason}</Text>}
      </Stack>
    ),
  },
  side === 'buyer'
    ? { accessor: 'deliveryWarehouseId', title: 'Deliver to', render: (o) => <RefName source={warehouseRef} id={o.deliveryWarehouseId} /> }
    : { accessor: 'sellerWarehouseId', title: 'From', render: (o) => <RefName source={warehouseRef} id={o.sellerWarehouseId} /> },
  {
    accessor: side === 'buyer' ? 'sellerOrganizationId' : 'buyerOrganizationId',
    title: side === 'buyer' ? 'Seller' : 'Buyer',
    visibleMediaQuery: '(min-width: 62em)',
    render: (o) => <Text size="xs" ff="monospace">{shortId(side === 'buyer' ? o.sellerOrganizationId : o.buyerOrganizationId)}</Text>,
  },
  { accessor: 'createdAt', title: 'Placed', render: (o) => formatDate(o.createdAt) },
];

const specFor = (side: 'buyer' | 'seller'): ResourceSpec<PurchaseOrder> => ({
  module: 'cooperative',
  resource: 'purchase-orders',
  permission: 'purchase_orders',
  title: 'Purchase orders',
  singular: 'order',
  description: 'Orders between organizations: the ones you placed on the marketplace, and the ones placed on your listings.',
  label: orderLabel,
  columns: sideColumns(side),
  sortable: ['createdAt'],
  defaultSort: { field: 'createdAt', order: 'desc' },
  orderOnly: true,
  filters: [
    {
      name: 'status',
      label: 'Status',
      kind: 'select',
      placeholder: 'Any status',
      options: ['REQUESTED', 'ACCEPTED', 'REJECTED', 'CANCELLED', 'FULFILLED'].map((s) => ({ value: s, label: s.toLowerCase() })),
    },
  ],
  noDelete: true,
  empty: side === 'buyer' ? 'You have not ordered anything yet: see the marketplace' : 'Nobody has ordered from your listings yet',
  RowActions: OrderActions,
});

const SPECS = { buyer: specFor('buyer'), seller: specFor('seller') };

export function PurchaseOrdersPage() {
  const [params, setParams] = useSearchParams();
  const side = params.get('side') === 'seller' ? 'seller' : 'buyer';
  return (
    <ResourcePage
      key={side}
      spec={SPECS[side]}
      extraQuery={{ side }}
      toolbar={
        <SegmentedControl
          aria-label="Side"
          value={side}
          onChange={(v) => setParams((p) => { p.set('side', v); return p; }, { replace: true })}
          data={[
            { value: 'buyer', label: 'Placed (buying)' },
            { value: 'seller', label: 'Received (selling)' },
          ]}
        />
      }
    />
  );
}

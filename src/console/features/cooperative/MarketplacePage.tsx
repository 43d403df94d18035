import { useState } from 'react';
import { Alert, Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useNavigate } from 'react-router';
import { api } from '../../lib/api';
import { fieldErrorsOf } from '../../lib/form-errors';
import { useOrg } from '../../lib/org-context';
import { errorMessage, notifySuccess } from '../../lib/notify';
import {
  formatDate, money, quantity, ReferenceSelect, resourcePath, ResourcePage, shortId, useModuleMutation, type ResourceSpec,
} from '../../components/resource';
import { warehouseRef, type MarketplaceListing, type PurchaseOrder } from './api';

/** Order from another organization's listing: how much, delivered to which of my warehouses. */
function OrderButton({ record: l }: { record: MarketplaceListing }) {
  const { slug, can } = useOrg();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const form = useForm({ mode: 'controlled', initialValues: { quantity: '', deliveryWarehouseId: null as string | null } });
  const order = useModuleMutation('cooperative', (input: { listingId: string; quantity: string; deliveryWarehouseId: string }, s) =>
    api.post<PurchaseOrder>(resourcePath(s, 'cooperative', 'purchase-orders'), input),
  );
  if (!can('purchase_orders:create')) return null;
  const close = () => {
    setOpen(false);
    form.reset();
    order.reset();
  };
  const submit = form.onSubmit((v) =>
    order.mutate(
      { listingId: l.id, quantity: v.quantity.trim(), deliveryWarehouseId: v.deliveryWarehouseId ?? '' },
      {
        onSuccess: (po) => {
          notifySuccess(`Ordered ${quantity(po.quantity, po.unit)} of ${po.commodityName}: the seller is asked to accept`);
          close();
          navigate(`/o/${slug}/cooperative/purchase-orders?side=buyer`);
        },
        onError: (e) => form.setErrors(fieldErrorsOf(e)),
      },
    ),
  );
  const general = order.error && !Object.keys(fieldErrorsOf(order.error)).length ? errorMessage(order.error) : null;
  return (
    <>
      <Button size="compact-sm" variant="light" onClick={() => setOpen(true)} aria-label={`Order ${l.title}`}>Order</Button>
      <Modal opened={open} onClose={close} title={`Order ${l.title}`}>
        <form onSubmit={submit} aria-label="Place an order" noValidate>
          <Stack gap="sm">
            <Text size="sm">
              {quantity(l.quantityAvailable, l.unit)} available at {money(l.unitPrice, l.currency)} per {l.unit}.
            </Text>
            {general && <Alert color="red" role="alert">{general}</Alert>}
            <TextInput label={`Quantity (${l.unit})`} inputMode="decimal" required data-autofocus {...form.getInputProps('quantity')} />
            <ReferenceSelect
              source={warehouseRef}
              label="Deliver to"
              description="One of your warehouses"
              placeholder="Pick a warehouse"
              required
              {...form.getInputProps('deliveryWarehouseId')}
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>Cancel</Button>
              <Button type="submit" loading={order.isPending}>Place order</Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}

export const marketplaceSpec: ResourceSpec<MarketplaceListing> = {
  module: 'cooperative',
  resource: 'marketplace',
  permission: 'listings',
  title: 'Marketplace',
  singular: 'listing',
  description: 'What other organizations offer. Ordering sends a purchase order for the seller to accept.',
  label: (l) => l.title,
  columns: [
    {
      accessor: 'title',
      render: (l) => (
        <Stack gap={0}>
          <Text size="sm" fw={500}>{l.title}</Text>
          {l.description && <Text size="xs" c="dimmed" lineClamp={1}>{l.description}</Text>}
        </Stack>
      ),
    },
    { accessor: 'commodityName', title: 'Commodity' },
    { accessor: 'quantityAvailable', title: 'Available', textAlign: 'right', render: (l) => quantity(l.quantityAvailable, l.unit) },
    { accessor: 'unitPrice', title: 'Unit price', textAlign: 'right', render: (l) => money(l.unitPrice, l.currency) },
    { accessor: 'sellerOrganizationId', title: 'Seller', visibleMediaQuery: '(min-width: 62em)', render: (l) => <Text size="xs" ff="monospace">{shortId(l.sellerOrganizationId)}</Text> },
    { accessor: 'createdAt', title: 'Listed', visibleMediaQuery: '(min-width: 48em)', render: (l) => formatDate(l.publishedAt ?? l.createdAt) },
  ],
  sortable: ['createdAt', 'unitPrice', 'title'],
  defaultSort: { field: 'createdAt', order: 'desc' },
  search: 'Search title or commodity',
  filters: [
    { name: 'commodity', label: 'Commodity', kind: 'text', placeholder: 'Commodity name' },
    { name: 'currency', label: 'Currency', kind: 'text', placeholder: 'Currency (EUR…)', upperCase: true, pattern: /^[A-Z]{3}$/ },
    { name: 'maxUnitPrice', label: 'Max unit price', kind: 'decimal', pattern: /^\d{1,16}(\.\d{1,4})?$/ },
  ],
  noDelete: true,
  empty: 'No other organization offers anything right now',
  RowActions: OrderButton,
};

export const MarketplacePage = () => <ResourcePage spec={marketplaceSpec} />;

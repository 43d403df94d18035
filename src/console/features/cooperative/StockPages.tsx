import { useState } from 'react';
import { Alert, Button, Group, Modal, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { api } from '../../lib/api';
import { fieldErrorsOf } from '../../lib/form-errors';
import { useOrg } from '../../lib/org-context';
import { errorMessage, notifySuccess } from '../../lib/notify';
import { Empty, RefName, resourcePath, ResourcePage, useModuleMutation, useReferenceLabels, type ResourceSpec } from '../../components/resource';
import { commodityRef, warehouseRef, type Commodity, type InventoryItem, type Warehouse } from './api';

export const warehousesSpec: ResourceSpec<Warehouse> = {
  module: 'cooperative',
  resource: 'warehouses',
  permission: 'warehouses',
  title: 'Warehouses',
  singular: 'warehouse',
  description: 'Where stock is kept, and where bought goods are delivered.',
  label: (w) => w.name,
  columns: [
    { accessor: 'name', render: (w) => <Text size="sm" fw={500}>{w.name}</Text> },
    { accessor: 'location', render: (w) => w.location ?? <Empty /> },
    { accessor: 'capacity', textAlign: 'right', render: (w) => w.capacity ?? <Empty /> },
  ],
  sortable: ['name', 'createdAt'],
  defaultSort: { field: 'name', order: 'asc' },
  search: 'Search name or location',
  fields: [
    { name: 'name', label: 'Name', required: true, maxLength: 200 },
    { name: 'location', label: 'Location', nullable: true, maxLength: 200 },
    { name: 'capacity', label: 'Capacity', kind: 'decimal', nullable: true },
  ],
};

export const commoditiesSpec: ResourceSpec<Commodity> = {
  module: 'cooperative',
  resource: 'commodities',
  permission: 'commodities',
  title: 'Commodities',
  singular: 'commodity',
  description: 'What is stocked and sold, and the unit it is counted in.',
  label: (c) => c.name,
  columns: [
    { accessor: 'name', render: (c) => <Text size="sm" fw={500}>{c.name}</Text> },
    { accessor: 'unit' },
    { accessor: 'category', render: (c) => c.category ?? <Empty /> },
  ],
  sortable: ['name', 'createdAt'],
  defaultSort: { field: 'name', order: 'asc' },
  search: 'Search name or category',
  filters: [{ name: 'category', label: 'Category', kind: 'text' }],
  fields: [
    { name: 'name', label: 'Name', required: true, maxLength: 200 },
    { name: 'unit', label: 'Unit', required: true, description: 'e.g. kg, bag, tonne', maxLength: 20 },
    { name: 'category', label: 'Category', nullable: true, maxLength: 200 },
  ],
};

/** Adds or removes stock with a reason (never below zero: the API refuses). */
function AdjustButton({ record: item }: { record: InventoryItem }) {
  const { can } = useOrg();
  const [open, setOpen] = useState(false);
  const commodity = useReferenceLabels(commodityRef)(item.commodityId);
  const adjust = useModuleMutation('cooperative', (input: { delta: string; reason: string }, slug) =>
    api.post<InventoryItem>(resourcePath(slug, 'cooperative', 'inventory', `/${item.id}/adjust`), input),
  );
  const form = useForm({ mode: 'controlled', initialValues: { delta: '', reason: '' } });
  if (!can('inventory:adjust')) return null;
  const close = () => {
    setOpen(false);
    form.reset();
    adjust.reset();
  };
  const submit = form.onSubmit((v) =>
    adjust.mutate(
      { delta: v.delta.trim(), reason: v.reason.trim() },
      {
        onSuccess: (r) => {
          notifySuccess(`Stock is now ${r.quantity}`);
          close();
        },
        onError: (e) => form.setErrors(fieldErrorsOf(e)),
      },
    ),
  );
  const general = adjust.error && !Object.keys(fieldErrorsOf(adjust.error)).length ? errorMessage(adjust.error) : null;
  return (
    <>
      <Button size="compact-sm" variant="subtle" onClick={() => setOpen(true)} aria-label={`Adjust stock of ${commodity}`}>Adjust</Button>
      <Modal opened={open} onClose={close} title={`Adjust ${commodity}`}>
        <form onSubmit={submit} aria-label="Adjust stock" noValidate>
          <Stack gap="sm">
            <Text size="sm">On hand: <b>{item.quantity}</b></Text>
            {general && <Alert color="red" role="alert">{general}</Alert>}
            <TextInput label="Change" description="Positive adds stock, negative removes it (e.g. -12.5)" inputMode="decimal" required data-autofocus {...form.getInputProps('delta')} />
            <Textarea label="Reason" required maxLength={500} autosize minRows={2} {...form.getInputProps('reason')} />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>Cancel</Button>
              <Button type="submit" loading={adjust.isPending}>Adjust stock</Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}

export const inventorySpec: ResourceSpec<InventoryItem> = {
  module: 'cooperative',
  resource: 'inventory',
  permission: 'inventory',
  title: 'Inventory',
  singular: 'stock item',
  description: 'What each warehouse holds. Quantities change through adjustments (with a reason) and fulfilled orders.',
  label: (i) => i.bin ?? i.id.slice(0, 8),
  columns: [
    { accessor: 'warehouseId', title: 'Warehouse', render: (i) => <RefName source={warehouseRef} id={i.warehouseId} /> },
    { accessor: 'commodityId', title: 'Commodity', render: (i) => <RefName source={commodityRef} id={i.commodityId} /> },
    { accessor: 'quantity', textAlign: 'right', render: (i) => <Text size="sm" fw={600}>{i.quantity}</Text> },
    { accessor: 'bin', render: (i) => i.bin ?? <Empty /> },
  ],
  sortable: ['createdAt', 'quantity'],
  defaultSort: { field: 'createdAt', order: 'asc' },
  filters: [
    { name: 'warehouseId', label: 'Warehouse', kind: 'reference', reference: warehouseRef, placeholder: 'Any warehouse' },
    { name: 'commodityId', label: 'Commodity', kind: 'reference', reference: commodityRef, placeholder: 'Any commodity' },
  ],
  fields: [
    { name: 'warehouseId', label: 'Warehouse', kind: 'reference', reference: warehouseRef, required: true, on: 'create' },
    { name: 'commodityId', label: 'Commodity', kind: 'reference', reference: commodityRef, required: true, on: 'create' },
    { name: 'quantity', label: 'Opening quantity', kind: 'decimal', on: 'create', defaultValue: '0' },
    { name: 'bin', label: 'Bin', nullable: true, maxLength: 200 },
  ],
  RowActions: AdjustButton,
};

export const WarehousesPage = () => <ResourcePage spec={warehousesSpec} />;
export const CommoditiesPage = () => <ResourcePage spec={commoditiesSpec} />;
export const InventoryPage = () => <ResourcePage spec={inventorySpec} />;

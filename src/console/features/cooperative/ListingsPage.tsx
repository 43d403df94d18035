import { Stack, Text } from '@mantine/core';
import { money, quantity, RefName, ResourcePage, RowActionButton, StateBadge, type ResourceSpec } from '../../components/resource';
import { useOrg } from '../../lib/org-context';
import { commodityRef, warehouseRef, type Listing } from './api';

function ListingActions({ record: l }: { record: Listing }) {
  const { can } = useOrg();
  const common = { module: 'cooperative', resource: 'listings', id: l.id } as const;
  return (
    <>
      {l.status === 'DRAFT' && can('listings:publish') && (
        <RowActionButton {...common} action="publish" label="Publish" ariaLabel={`Publish listing ${l.title}`} done={`${l.title} is on the marketplace`} />
      )}
      {(l.status === 'DRAFT' || l.status === 'PUBLISHED') && can('listings:close') && (
        <RowActionButton
          {...common}
          action="close"
          label="Close"
          color="red"
          ariaLabel={`Close listing ${l.title}`}
          confirm="A closed listing leaves the marketplace for good; orders already placed are not affected."
          done={`${l.title} closed`}
        />
      )}
    </>
  );
}

export const listingsSpec: ResourceSpec<Listing> = {
  module: 'cooperative',
  resource: 'listings',
  permission: 'listings',
  title: 'Listings',
  singular: 'listing',
  description: 'What the organization offers other organizations. Published listings appear on their marketplace.',
  label: (l) => l.title,
  columns: [
    {
      accessor: 'title',
      render: (l) => (
        <Stack gap={0}>
          <Text size="sm" fw={500}>{l.title}</Text>
          <Text size="xs" c="dimmed">{l.commodityName}</Text>
        </Stack>
      ),
    },
    { accessor: 'warehouseId', title: 'Warehouse', visibleMediaQuery: '(min-width: 48em)', render: (l) => <RefName source={warehouseRef} id={l.warehouseId} /> },
    { accessor: 'quantityAvailable', title: 'Available', textAlign: 'right', render: (l) => quantity(l.quantityAvailable, l.unit) },
    { accessor: 'unitPrice', title: 'Unit price', textAlign: 'right', render: (l) => money(l.unitPrice, l.currency) },
    { accessor: 'status', render: (l) => <StateBadge state={l.status} /> },
  ],
  sortable: ['createdAt', 'title', 'unitPrice'],
  defaultSort: { field: 'createdAt', order: 'desc' },
  search: 'Search title or commodity',
  filters: [
    { name: 'status', label: 'Status', kind: 'select', placeholder: 'Any status', options: ['DRAFT', 'PUBLISHED', 'CLOSED'].map((s) => ({ value: s, label: s.toLowerCase() })) },
    { name: 'warehouseId', label: 'Warehouse', kind: 'reference', reference: warehouseRef, placeholder: 'Any warehouse' },
    { name: 'commodityId', label: 'Commodity', kind: 'reference', reference: commodityRef, placeholder: 'Any commodity' },
  ],
  fields: [
    { name: 'title', label: 'Title', required: true, maxLength: 200 },
    { name: 'warehouseId', label: 'Warehouse', kind: 'reference', reference: warehouseRef, required: true, description: 'Fixed once published' },
    { name: 'commodityId', label: 'Commodity', kind: 'reference', reference: commodityRef, required: true },
    { name: 'quantityAvailable', label: 'Quantity available', kind: 'decimal', required: true },
    { name: 'unitPrice', label: 'Unit price', kind: 'decimal', required: true },
    { name: 'currency', label: 'Currency', description: "Leave empty for the organization's default", maxLength: 3, upperCase: true },
    { name: 'description', label: 'Description', kind: 'textarea', nullable: true, maxLength: 2000 },
  ],
  canEdit: (l) => l.status !== 'CLOSED',
  canDelete: (l) => l.status === 'DRAFT',
  RowActions: ListingActions,
};

export const ListingsPage = () => <ResourcePage spec={listingsSpec} />;

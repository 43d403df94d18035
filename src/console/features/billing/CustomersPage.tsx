import { Text } from '@mantine/core';
import { Empty, formatDate, ResourcePage, type ResourceSpec } from '../../components/resource';
import type { Customer } from './api';

const place = (c: Customer) => [c.address?.city, c.address?.country].filter(Boolean).join(', ');

export const customersSpec: ResourceSpec<Customer> = {
  module: 'billing',
  resource: 'customers',
  permission: 'customers',
  title: 'Customers',
  singular: 'customer',
  description: 'Who the organization invoices.',
  label: (c) => c.name,
  columns: [
    { accessor: 'name', render: (c) => <Text size="sm" fw={500}>{c.name}</Text> },
    { accessor: 'email', render: (c) => c.email ?? <Empty /> },
    { accessor: 'taxId', title: 'Tax ID', visibleMediaQuery: '(min-width: 62em)', render: (c) => c.taxId ?? <Empty /> },
    { accessor: 'address', title: 'Place', visibleMediaQuery: '(min-width: 48em)', render: (c) => place(c) || <Empty /> },
    { accessor: 'createdAt', title: 'Added', visibleMediaQuery: '(min-width: 48em)', render: (c) => formatDate(c.createdAt) },
  ],
  sortable: ['name', 'createdAt'],
  defaultSort: { field: 'name', order: 'asc' },
  search: 'Search name or email',
  fields: [
    { name: 'name', label: 'Name', required: true, maxLength: 200 },
    { name: 'email', label: 'Email', kind: 'email', nullable: true },
    { name: 'taxId', label: 'Tax ID', nullable: true, maxLength: 50 },
    { name: 'address.line1', label: 'Address line 1' },
    { name: 'address.line2', label: 'Address line 2' },
    { name: 'address.postalCode', label: 'Postal code' },
    { name: 'address.city', label: 'City' },
    { name: 'address.region', label: 'Region' },
    { name: 'address.country', label: 'Country', description: 'Two-letter code, e.g. PT', maxLength: 2, upperCase: true },
  ],
};

export function CustomersPage() {
  return <ResourcePage spec={customersSpec} />;
}

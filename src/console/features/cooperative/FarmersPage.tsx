import { Badge, Text } from '@mantine/core';
import { Empty, formatDate, RefName, ResourcePage, type ResourceSpec } from '../../components/resource';
import { farmerRef, type Farm, type Farmer } from './api';

const GENDERS = [
  { value: 'FEMALE', label: 'Female' },
  { value: 'MALE', label: 'Male' },
  { value: 'OTHER', label: 'Other' },
];

export const farmersSpec: ResourceSpec<Farmer> = {
  module: 'cooperative',
  resource: 'farmers',
  permission: 'farmers',
  title: 'Farmers',
  singular: 'farmer',
  description: 'The cooperative\u2019s members in the field.',
  label: (f) => f.name,
  columns: [
    { accessor: 'name', render: (f) => <Text size="sm" fw={500}>{f.name}</Text> },
    { accessor: 'phone' },
    { accessor: 'region', render: (f) => f.region ?? <Empty /> },
    { accessor: 'community', visibleMediaQuery: '(min-width: 62em)', render: (f) => f.community ?? <Empty /> },
    { accessor: 'active', render: (f) => <Badge variant="light" color={f.active ? 'green' : 'gray'}>{f.active ? 'active' : 'inactive'}</Badge> },
    { accessor: 'createdAt', title: 'Added', visibleMediaQuery: '(min-width: 48em)', render: (f) => formatDate(f.createdAt) },
  ],
  sortable: ['name', 'createdAt'],
  defaultSort: { field: 'name', order: 'asc' },
  search: 'Search name or phone',
  filters: [
    { name: 'region', label: 'Region', kind: 'text' },
    { name: 'gender', label: 'Gender', kind: 'select', options: GENDERS, placeholder: 'Any gender' },
    { name: 'active', label: 'Active', kind: 'boolean', placeholder: 'Active or not', options: [{ value: 'true', label: 'Active' }, { value: 'false', label: 'Inactive' }] },
  ],
  fields: [
    { name: 'name', label: 'Name', required: true, maxLength: 200 },
    { name: 'phone', label: 'Phone', required: true, maxLength: 40 },
    { name: 'region', label: 'Region', nullable: true, maxLength: 200 },
    { name: 'community', label: 'Community', nullable: true, maxLength: 200 },
    { name: 'gender', label: 'Gender', kind: 'select', options: GENDERS, nullable: true },
    { name: 'active', label: 'Active', kind: 'switch', defaultValue: true },
  ],
};

export function FarmersPage() {
  return <ResourcePage spec={farmersSpec} />;
}

export const farmsSpec: ResourceSpec<Farm> = {
  module: 'cooperative',
  resource: 'farms',
  permission: 'farms',
  title: 'Farms',
  singular: 'farm',
  description: 'Each farmer\u2019s land: size and main crop.',
  label: (f) => f.name,
  columns: [
    { accessor: 'name', render: (f) => <Text size="sm" fw={500}>{f.name}</Text> },
    { accessor: 'farmerId', title: 'Farmer', render: (f) => <RefName source={farmerRef} id={f.farmerId} /> },
    { accessor: 'sizeHectares', title: 'Size (ha)', textAlign: 'right', render: (f) => f.sizeHectares ?? <Empty /> },
    { accessor: 'mainCrop', title: 'Main crop', render: (f) => f.mainCrop ?? <Empty /> },
    { accessor: 'location', visibleMediaQuery: '(min-width: 48em)', render: (f) => f.location ?? <Empty /> },
  ],
  sortable: ['name', 'createdAt'],
  defaultSort: { field: 'name', order: 'asc' },
  search: 'Search name or location',
  filters: [
    { name: 'farmerId', label: 'Farmer', kind: 'reference', reference: farmerRef, placeholder: 'Any farmer' },
    { name: 'mainCrop', label: 'Main crop', kind: 'text' },
  ],
  fields: [
    { name: 'farmerId', label: 'Farmer', kind: 'reference', reference: farmerRef, required: true },
    { name: 'name', label: 'Name', required: true, maxLength: 200 },
    { name: 'sizeHectares', label: 'Size (hectares)', kind: 'decimal', nullable: true },
    { name: 'mainCrop', label: 'Main crop', nullable: true, maxLength: 200 },
    { name: 'location', label: 'Location', nullable: true, maxLength: 200 },
  ],
};

export function FarmsPage() {
  return <ResourcePage spec={farmsSpec} />;
}

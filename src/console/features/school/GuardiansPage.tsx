import { Text } from '@mantine/core';
import { Empty, ResourcePage, type ResourceSpec } from '../../components/resource';
import type { Guardian } from './api';

export const guardiansSpec: ResourceSpec<Guardian> = {
  module: 'school',
  resource: 'guardians',
  permission: 'guardians',
  title: 'Guardians',
  singular: 'guardian',
  description: 'Parents and other guardians; link them to students from a student\u2019s page.',
  label: (g) => g.name,
  columns: [
    { accessor: 'name', render: (g) => <Text size="sm" fw={500}>{g.name}</Text> },
    { accessor: 'relationship' },
    { accessor: 'email', render: (g) => g.email ?? <Empty /> },
    { accessor: 'phone', visibleMediaQuery: '(min-width: 48em)', render: (g) => g.phone ?? <Empty /> },
  ],
  sortable: ['name', 'createdAt'],
  defaultSort: { field: 'name', order: 'asc' },
  search: 'Search name, email or phone',
  filters: [{ name: 'relationship', label: 'Relationship', kind: 'text' }],
  fields: [
    { name: 'name', label: 'Name', required: true, maxLength: 200 },
    { name: 'relationship', label: 'Relationship', description: 'e.g. parent, grandparent, legal guardian', defaultValue: 'parent', maxLength: 50 },
    { name: 'email', label: 'Email', kind: 'email', nullable: true },
    { name: 'phone', label: 'Phone', nullable: true },
  ],
};

export const GuardiansPage = () => <ResourcePage spec={guardiansSpec} />;

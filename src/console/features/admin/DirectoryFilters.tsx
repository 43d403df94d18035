import { Group, Select, TextInput } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import type { DirectoryParams } from './api';

type Props = {
  search: string;
  onSearch: (q: string) => void;
  status: DirectoryParams['status'];
  onStatus: (s: DirectoryParams['status']) => void;
  deleted: DirectoryParams['deleted'];
  onDeleted: (d: DirectoryParams['deleted']) => void;
};

export function DirectoryFilters(props: Props) {
  return (
    <Group mb="sm" gap="sm" wrap="wrap" role="search" aria-label="Filter organizations">
      <TextInput
        aria-label="Search organizations by name or slug"
        placeholder="Search name or slug"
        leftSection={<IconSearch size={16} />}
        value={props.search}
        onChange={(e) => props.onSearch(e.currentTarget.value)}
        style={{ flex: '1 1 220px' }}
      />
      <Select
        aria-label="Status"
        placeholder="Any status"
        clearable
        w={160}
        data={['PENDING', 'ACTIVE', 'SUSPENDED', 'REJECTED'].map((s) => ({ value: s, label: s.toLowerCase() }))}
        value={props.status}
        onChange={(v) => props.onStatus(v as DirectoryParams['status'])}
      />
      <Select
        aria-label="Deleted organizations"
        w={190}
        allowDeselect={false}
        data={[
          { value: 'exclude', label: 'Hide deleted' },
          { value: 'include', label: 'Include deleted' },
          { value: 'only', label: 'Only deleted' },
        ]}
        value={props.deleted}
        onChange={(v) => props.onDeleted((v ?? 'exclude') as DirectoryParams['deleted'])}
      />
    </Group>
  );
}

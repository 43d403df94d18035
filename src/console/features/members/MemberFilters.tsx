import { Group, Select, TextInput } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import type { Role } from '../../lib/org-catalog';

const MEMBER_STATUSES = ['ACTIVE', 'PENDING', 'SUSPENDED', 'INVITED', 'REMOVED'];

type Props = {
  search: string;
  onSearch: (q: string) => void;
  status: string | null;
  onStatus: (s: string | null) => void;
  role: string | null;
  onRole: (r: string | null) => void;
  roles: Role[];
};

export function MemberFilters(props: Props) {
  return (
    <Group mb="sm" gap="sm" wrap="wrap" role="search" aria-label="Filter members">
      <TextInput
        aria-label="Search members by name or email"
        placeholder="Search name or email"
        leftSection={<IconSearch size={16} />}
        value={props.search}
        onChange={(e) => props.onSearch(e.currentTarget.value)}
        style={{ flex: '1 1 220px' }}
      />
      <Select
        aria-label="Status"
        placeholder="Any status"
        data={MEMBER_STATUSES.map((s) => ({ value: s, label: s.toLowerCase() }))}
        value={props.status}
        onChange={props.onStatus}
        clearable
        w={160}
      />
      <Select
        aria-label="Role"
        placeholder="Any role"
        data={props.roles.map((r) => ({ value: r.key, label: r.name }))}
        value={props.role}
        onChange={props.onRole}
        clearable
        w={180}
      />
    </Group>
  );
}

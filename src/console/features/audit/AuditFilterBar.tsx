import { Autocomplete, Button, Group, Select, TextInput } from '@mantine/core';
import { IconFilterOff } from '@tabler/icons-react';
import { ACTOR_TYPES } from '../../lib/audit';
import { emptyFilters, type ActorType, type AuditFilters } from './api';

// Actions group by their prefix: 'member.' matches every member action, 'member.role_changed' one.
const ACTION_PREFIXES = ['organization.', 'member.', 'invitation.', 'ownership.', 'role.', 'team.', 'webhook.'];
const TARGET_TYPES = ['organization', 'membership', 'invitation', 'role', 'team', 'webhook_endpoint'];

type Props = {
  value: AuditFilters;
  onChange: (next: AuditFilters) => void;
  /** Actions and target types seen on the current page, offered as suggestions beside the usual ones. */
  seen: { actions: string[]; targetTypes: string[] };
};

const uniq = (xs: string[]) => [...new Set(xs)].sort();

export function AuditFilterBar({ value, onChange, seen }: Props) {
  const set = <K extends keyof AuditFilters>(key: K, v: AuditFilters[K]) => onChange({ ...value, [key]: v });
  const active = JSON.stringify(value) !== JSON.stringify(emptyFilters);
  return (
    <Group mb="sm" gap="sm" wrap="wrap" align="flex-end" role="search" aria-label="Filter the audit log">
      <Select
        label="Actor"
        placeholder="Anyone"
        data={ACTOR_TYPES}
        value={value.actorType}
        onChange={(v) => set('actorType', v as ActorType | null)}
        clearable
        w={150}
      />
      <Autocomplete
        label="Action"
        placeholder="member. or member.role_changed"
        data={uniq([...ACTION_PREFIXES, ...seen.actions])}
        value={value.action}
        onChange={(v) => set('action', v)}
        style={{ flex: '1 1 220px' }}
      />
      <Autocomplete
        label="Target type"
        placeholder="Any"
        data={uniq([...TARGET_TYPES, ...seen.targetTypes])}
        value={value.targetType}
        onChange={(v) => set('targetType', v)}
        w={170}
      />
      <TextInput label="Target id" placeholder="Any" value={value.targetId} onChange={(e) => set('targetId', e.currentTarget.value)} w={200} />
      <TextInput label="From" type="date" value={value.fromDay} onChange={(e) => set('fromDay', e.currentTarget.value)} w={150} />
      <TextInput label="To" type="date" value={value.toDay} onChange={(e) => set('toDay', e.currentTarget.value)} w={150} />
      <Button variant="subtle" color="gray" leftSection={<IconFilterOff size={16} />} disabled={!active} onClick={() => onChange(emptyFilters)}>
        Clear filters
      </Button>
    </Group>
  );
}

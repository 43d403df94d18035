import { Autocomplete, Button, Group, Select, TextInput } from '@mantine/core';
import { IconFilterOff } from '@tabler/icons-react';
import { ACTOR_TYPES } from '../../lib/audit';
import { emptyFilters, type ActorType, type PlatformAuditFilters } from './api';
import { OrganizationPicker } from './OrganizationPicker';

const ACTION_PREFIXES = ['organization.', 'user.', 'member.', 'webhook.'];

type Props = { value: PlatformAuditFilters; onChange: (next: PlatformAuditFilters) => void; seenActions: string[] };

export function PlatformAuditFilterBar({ value, onChange, seenActions }: Props) {
  const set = <K extends keyof PlatformAuditFilters>(key: K, v: PlatformAuditFilters[K]) => onChange({ ...value, [key]: v });
  const active = JSON.stringify(value) !== JSON.stringify(emptyFilters);
  return (
    <Group mb="sm" gap="sm" wrap="wrap" align="flex-end" role="search" aria-label="Filter the platform audit log">
      <OrganizationPicker value={value.organizationId} onChange={(id) => set('organizationId', id)} />
      <Select label="Actor" placeholder="Anyone" data={ACTOR_TYPES} value={value.actorType} onChange={(v) => set('actorType', v as ActorType | null)} clearable w={150} />
      <Autocomplete
        label="Action"
        placeholder="organization. or organization.approve"
        data={[...new Set([...ACTION_PREFIXES, ...seenActions])].sort()}
        value={value.action}
        onChange={(v) => set('action', v)}
        style={{ flex: '1 1 220px' }}
      />
      <TextInput label="Target type" placeholder="Any" value={value.targetType} onChange={(e) => set('targetType', e.currentTarget.value)} w={150} />
      <TextInput label="Target id" placeholder="Any" value={value.targetId} onChange={(e) => set('targetId', e.currentTarget.value)} w={180} />
      <TextInput label="From" type="date" value={value.fromDay} onChange={(e) => set('fromDay', e.currentTarget.value)} w={150} />
      <TextInput label="To" type="date" value={value.toDay} onChange={(e) => set('toDay', e.currentTarget.value)} w={150} />
      <Button variant="subtle" color="gray" leftSection={<IconFilterOff size={16} />} disabled={!active} onClick={() => onChange(emptyFilters)}>
        Clear filters
      </Button>
    </Group>
  );
}

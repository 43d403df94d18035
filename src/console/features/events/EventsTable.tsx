import { useState } from 'react';
import { ActionIcon, Badge, Code, Group, Stack, Text, VisuallyHidden } from '@mantine/core';
import { IconChevronDown, IconChevronRight } from '@tabler/icons-react';
import { DataTable } from 'mantine-datatable';
import type { DomainEvent } from './api';
import { JsonView } from './JsonView';

/** A one-line taste of the payload: its first few scalar fields. */
function summary(payload: Record<string, unknown>): string {
  return Object.entries(payload)
    .filter(([, v]) => v === null || ['string', 'number', 'boolean'].includes(typeof v))
    .slice(0, 3)
    .map(([k, v]) => `${k}: ${String(v)}`)
    .join(' · ');
}

export function EventsTable({ events, fetching }: { events: DomainEvent[]; fetching: boolean }) {
  const [expanded, setExpanded] = useState<string[]>([]);
  const toggle = (id: string) => setExpanded((ids) => (ids.includes(id) ? ids.filter((x) => x !== id) : [...ids, id]));
  return (
    <DataTable
      aria-label="Events"
      withTableBorder
      borderRadius="md"
      highlightOnHover
      minHeight={events.length ? undefined : 180}
      fetching={fetching}
      records={events}
      noRecordsText="No events yet"
      rowExpansion={{
        allowMultiple: true,
        expanded: { recordIds: expanded, onRecordIdsChange: (ids: unknown[]) => setExpanded(ids as string[]) },
        content: ({ record }) => (
          <Stack gap="xs" p="sm">
            <Group gap="lg">
              <Text size="xs" c="dimmed">Event id <Code>{record.id}</Code></Text>
              <Text size="xs" c="dimmed">
                {record.dispatchedAt ? `Handed to webhooks ${new Date(record.dispatchedAt).toLocaleString()}` : 'Not yet handed to webhooks'}
              </Text>
            </Group>
            <JsonView value={record.payload} label={`Payload of ${record.type}`} />
          </Stack>
        ),
      }}
      columns={[
        {
          accessor: 'expand',
          title: <VisuallyHidden>Payload</VisuallyHidden>,
          width: 40,
          render: (e) => (
            <ActionIcon
              variant="subtle"
              color="gray"
              size="sm"
              aria-label={`Payload of ${e.type}`}
              aria-expanded={expanded.includes(e.id)}
              onClick={(ev) => {
                ev.stopPropagation();
                toggle(e.id);
              }}
            >
              {expanded.includes(e.id) ? <IconChevronDown size={16} /> : <IconChevronRight size={16} />}
            </ActionIcon>
          ),
        },
        { accessor: 'createdAt', title: 'When', render: (e) => <Text size="sm" style={{ whiteSpace: 'nowrap' }}>{new Date(e.createdAt).toLocaleString()}</Text> },
        { accessor: 'type', render: (e) => <Badge variant="light" tt="none">{e.type}</Badge> },
        {
          accessor: 'payload',
          title: 'Payload',
          visibleMediaQuery: '(min-width: 48em)',
          render: (e) => <Text size="sm" c="dimmed" lineClamp={1} ff="monospace">{summary(e.payload)}</Text>,
        },
        {
          accessor: 'dispatchedAt',
          title: 'Webhooks',
          visibleMediaQuery: '(min-width: 36em)',
          render: (e) => (
            <Badge size="sm" variant="dot" color={e.dispatchedAt ? 'green' : 'yellow'}>{e.dispatchedAt ? 'dispatched' : 'waiting'}</Badge>
          ),
        },
      ]}
    />
  );
}

import { useState } from 'react';
import { ActionIcon, Badge, Code, Stack, Text, VisuallyHidden } from '@mantine/core';
import { IconChevronDown, IconChevronRight } from '@tabler/icons-react';
import { DataTable } from 'mantine-datatable';
import { AuditEntryDetails } from '../../components/AuditEntryDetails';
import type { AuditEntry } from './api';

const actorColors: Record<string, string> = { user: 'blue', operator: 'grape', api_client: 'cyan', system: 'gray' };

/** Newest first; a row (or its chevron) expands to the diff and the request's details. */
export function AuditTable({ entries, fetching }: { entries: AuditEntry[]; fetching: boolean }) {
  const [expanded, setExpanded] = useState<string[]>([]);
  const toggle = (id: string) => setExpanded((ids) => (ids.includes(id) ? ids.filter((x) => x !== id) : [...ids, id]));
  return (
    <DataTable
      aria-label="Audit log"
      withTableBorder
      borderRadius="md"
      highlightOnHover
      minHeight={entries.length ? undefined : 180}
      fetching={fetching}
      records={entries}
      noRecordsText="No entries match these filters"
      rowExpansion={{
        allowMultiple: true,
        expanded: { recordIds: expanded, onRecordIdsChange: (ids: unknown[]) => setExpanded(ids as string[]) },
        content: ({ record }) => <AuditEntryDetails entry={record} />,
      }}
      columns={[
        {
          accessor: 'expand',
          title: <VisuallyHidden>Details</VisuallyHidden>,
          width: 40,
          render: (e) => (
            <ActionIcon
              variant="subtle"
              color="gray"
              size="sm"
              aria-label={`Details of ${e.action}`}
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
        {
          accessor: 'createdAt',
          title: 'When',
          render: (e) => <Text size="sm" style={{ whiteSpace: 'nowrap' }}>{new Date(e.createdAt).toLocaleString()}</Text>,
        },
        {
          accessor: 'actor',
          title: 'Actor',
          render: (e) => (
            <Stack gap={2}>
              <Text size="sm">{e.actorEmail ?? (e.actorType === 'system' ? 'Tenantry' : (e.actorId ?? 'unknown'))}</Text>
              <Badge size="xs" variant="light" color={actorColors[e.actorType] ?? 'gray'}>{e.actorType.replace('_', ' ')}</Badge>
            </Stack>
          ),
        },
        { accessor: 'action', render: (e) => <Code>{e.action}</Code> },
        {
          accessor: 'target',
          title: 'Target',
          visibleMediaQuery: '(min-width: 48em)',
          render: (e) => (
            <Stack gap={0}>
              <Text size="sm">{e.targetType}</Text>
              {e.targetId && <Text size="xs" c="dimmed" ff="monospace" lineClamp={1}>{e.targetId}</Text>}
            </Stack>
          ),
        },
      ]}
    />
  );
}

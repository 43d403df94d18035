import { useState } from 'react';
import { ActionIcon, Badge, Code, Stack, Text, VisuallyHidden } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { IconChevronDown, IconChevronRight } from '@tabler/icons-react';
import { DataTable } from 'mantine-datatable';
import { AuditEntryDetails } from '../../components/AuditEntryDetails';
import { CursorPager } from '../../components/CursorPager';
import { QueryError } from '../../components/QueryError';
import { useCursorPages } from '../../lib/use-cursor-pages';
import { emptyFilters, platformAuditQuery, type PlatformAuditFilters } from './api';
import { OrganizationLink } from './OrganizationLink';
import { PlatformAuditFilterBar } from './PlatformAuditFilterBar';

/** Operator actions across the platform, newest first, filterable; rows expand to the change. */
export function PlatformAuditLog({ initialOrganizationId }: { initialOrganizationId: string | null }) {
  const [draft, setDraft] = useState<PlatformAuditFilters>({ ...emptyFilters, organizationId: initialOrganizationId });
  const [filters] = useDebouncedValue(draft, 300);
  const pages = useCursorPages(JSON.stringify(filters));
  const log = useQuery(platformAuditQuery(filters, pages.cursor));
  const items = log.data?.items ?? [];
  const [expanded, setExpanded] = useState<string[]>([]);
  const toggle = (id: string) => setExpanded((ids) => (ids.includes(id) ? ids.filter((x) => x !== id) : [...ids, id]));

  return (
    <>
      <PlatformAuditFilterBar value={draft} onChange={setDraft} seenActions={items.map((e) => e.action)} />
      {log.isError ? (
        <QueryError error={log.error} onRetry={() => log.refetch()} />
      ) : (
        <DataTable
          aria-label="Platform audit log"
          withTableBorder
          borderRadius="md"
          highlightOnHover
          minHeight={items.length ? undefined : 180}
          fetching={log.isFetching}
          records={items}
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
            { accessor: 'createdAt', title: 'When', render: (e) => <Text size="sm" style={{ whiteSpace: 'nowrap' }}>{new Date(e.createdAt).toLocaleString()}</Text> },
            {
              accessor: 'actor',
              title: 'Actor',
              render: (e) => (
                <Stack gap={2}>
                  <Text size="sm">{e.actorEmail ?? e.actorId ?? (e.actorType === 'system' ? 'Tenantry' : 'unknown')}</Text>
                  <Badge size="xs" variant="light" color={e.actorType === 'operator' ? 'grape' : 'gray'}>{e.actorType.replace('_', ' ')}</Badge>
                </Stack>
              ),
            },
            { accessor: 'action', render: (e) => <Code>{e.action}</Code> },
            { accessor: 'organizationId', title: 'Organization', render: (e) => <OrganizationLink id={e.organizationId} /> },
            {
              accessor: 'target',
              title: 'Target',
              visibleMediaQuery: '(min-width: 62em)',
              render: (e) => (
                <Stack gap={0}>
                  <Text size="sm">{e.targetType}</Text>
                  {e.targetId && <Text size="xs" c="dimmed" ff="monospace" lineClamp={1}>{e.targetId}</Text>}
                </Stack>
              ),
            },
          ]}
        />
      )}
      <CursorPager pages={pages} nextCursor={log.data?.nextCursor} label="Platform audit log" />
    </>
  );
}

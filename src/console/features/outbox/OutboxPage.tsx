import { useState } from 'react';
import { Autocomplete, Badge, Group, Stack, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { IconSearch } from '@tabler/icons-react';
import { DataTable } from 'mantine-datatable';
import { CursorPager } from '../../components/CursorPager';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { useCursorPages } from '../../lib/use-cursor-pages';
import { KNOWN_KINDS, outboxQuery, type OutboxFilters, type OutboxMessage } from './api';
import { DeliveryBadge } from './DeliveryBadge';
import { MessageDrawer } from './MessageDrawer';

/** Every email the platform wrote (operators). Click a message to read it as its recipient would. */
export function OutboxPage() {
  const [draft, setDraft] = useState<OutboxFilters>({ to: '', kind: '' });
  const [filters] = useDebouncedValue(draft, 300);
  const pages = useCursorPages(JSON.stringify(filters));
  const list = useQuery(outboxQuery(filters, pages.cursor));
  const [open, setOpen] = useState<OutboxMessage | null>(null);
  const items = list.data?.items ?? [];

  return (
    <>
      <PageHeader
        title="Email outbox"
        description="Messages the platform wrote, newest first. In development (no SMTP) this is where verification, reset and invitation links are."
      />
      <Group mb="sm" gap="sm" wrap="wrap" align="flex-end" role="search" aria-label="Filter messages">
        <TextInput
          label="Recipient"
          placeholder="Exact email address"
          leftSection={<IconSearch size={16} />}
          value={draft.to}
          onChange={(e) => setDraft({ ...draft, to: e.currentTarget.value })}
          style={{ flex: '1 1 260px' }}
        />
        <Autocomplete label="Kind" placeholder="Any kind" data={KNOWN_KINDS} value={draft.kind} onChange={(kind) => setDraft({ ...draft, kind })} w={260} />
      </Group>
      {list.isError ? (
        <QueryError error={list.error} onRetry={() => list.refetch()} />
      ) : (
        <DataTable
          aria-label="Messages"
          withTableBorder
          borderRadius="md"
          highlightOnHover
          minHeight={items.length ? undefined : 180}
          fetching={list.isFetching}
          records={items}
          noRecordsText="No messages match"
          onRowClick={({ record }) => setOpen(record)}
          columns={[
            {
              accessor: 'subject',
              render: (m) => (
                <Stack gap={0}>
                  {/* A real button inside the row, so the message opens from the keyboard too. */}
                  <UnstyledButton
                    onClick={(e) => {
                      e.stopPropagation();
                      setOpen(m);
                    }}
                    fz="sm"
                    fw={500}
                    aria-label={`Open message ${m.subject} to ${m.to}`}
                  >
                    {m.subject}
                  </UnstyledButton>
                  <Text size="xs" c="dimmed">{m.to}</Text>
                </Stack>
              ),
            },
            { accessor: 'kind', visibleMediaQuery: '(min-width: 36em)', render: (m) => <Badge variant="outline" tt="none" size="sm">{m.kind}</Badge> },
            { accessor: 'sentAt', title: 'Delivery', render: (m) => <DeliveryBadge message={m} /> },
            { accessor: 'createdAt', title: 'Written', visibleMediaQuery: '(min-width: 48em)', render: (m) => new Date(m.createdAt).toLocaleString() },
          ]}
        />
      )}
      <CursorPager pages={pages} nextCursor={list.data?.nextCursor} label="Messages" />
      <MessageDrawer message={open} onClose={() => setOpen(null)} />
    </>
  );
}

import { useState } from 'react';
import { Button, Group, Pagination, Select, Text } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { IconRefresh } from '@tabler/icons-react';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { useOrg } from '../../lib/org-context';
import { feedQuery, MAX_KEPT, reloadFeed } from './api';
import { EventsTable } from './EventsTable';

const PER_PAGE = 25;

/**
 * The organization's domain events, newest first (events:read). The feed is read forward to its end and
 * shown reversed, paged here in the browser: see api.ts for why.
 */
export function EventsPage() {
  const { slug } = useOrg();
  const queryClient = useQueryClient();
  const [type, setType] = useState<string | null>(null);
  const [page, setPage] = useState(1);
  // The unfiltered feed also supplies the filter's choices (the types this organization has seen).
  const all = useQuery(feedQuery(slug, ''));
  const feed = useQuery({ ...feedQuery(slug, type ?? ''), enabled: !!type });
  const shown = type ? feed : all;
  const newestFirst = [...(shown.data?.items ?? [])].reverse();
  const pages = Math.max(1, Math.ceil(newestFirst.length / PER_PAGE));
  const current = Math.min(page, pages);
  const types = [...new Set([...(all.data?.items.map((e) => e.type) ?? []), ...(type ? [type] : [])])].sort();

  return (
    <>
      <PageHeader
        title="Events"
        description="What happened in this organization, as webhooks receive it. Newest first; open an event for its payload."
        actions={
          <Button variant="default" leftSection={<IconRefresh size={16} />} loading={shown.isFetching} onClick={() => shown.refetch()}>
            Refresh
          </Button>
        }
      />
      <Group mb="sm" gap="sm" wrap="wrap" align="flex-end" role="search" aria-label="Filter events">
        <Select
          label="Event type"
          placeholder="All types"
          data={types}
          value={type}
          onChange={(v) => {
            setType(v);
            setPage(1);
          }}
          searchable
          clearable
          w={260}
        />
        <Text size="sm" c="dimmed" pb={6}>
          {shown.data ? `${shown.data.items.length} event${shown.data.items.length === 1 ? '' : 's'}` : ''}
          {shown.data?.dropped ? ` (the newest ${MAX_KEPT}; ${shown.data.dropped} older not shown)` : ''}
        </Text>
      </Group>
      {shown.isError ? (
        <QueryError error={shown.error} onRetry={() => void reloadFeed(queryClient, slug, type ?? '')} />
      ) : (
        <EventsTable events={newestFirst.slice((current - 1) * PER_PAGE, current * PER_PAGE)} fetching={shown.isPending} />
      )}
      {pages > 1 && (
        <Group justify="flex-end" mt="sm">
          <Pagination total={pages} value={current} onChange={setPage} size="sm" aria-label="Event pages" />
        </Group>
      )}
    </>
  );
}

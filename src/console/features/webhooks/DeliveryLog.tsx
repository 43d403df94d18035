import { Badge, Button, Code, Group, Loader, Stack, Text, Title, Tooltip } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { IconRefresh } from '@tabler/icons-react';
import { DataTable } from 'mantine-datatable';
import { CursorPager } from '../../components/CursorPager';
import { QueryError } from '../../components/QueryError';
import { useOrg } from '../../lib/org-context';
import { useCursorPages } from '../../lib/use-cursor-pages';
import { deliveriesQuery, type Delivery, type DeliveryStatus } from './api';

const statusColor: Record<DeliveryStatus, string> = { PENDING: 'yellow', SUCCEEDED: 'green', FAILED: 'red' };

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '—');

function Outcome({ d }: { d: Delivery }) {
  if (d.status === 'SUCCEEDED') return <Text size="sm">Delivered {when(d.deliveredAt)}</Text>;
  if (d.status === 'FAILED') return <Text size="sm" c="red">Gave up after {d.attempts} attempt{d.attempts === 1 ? '' : 's'}</Text>;
  return <Text size="sm">{d.attempts ? 'Retry' : 'First attempt'} at {when(d.nextAttemptAt)}</Text>;
}

/** One endpoint's deliveries, newest first; it refreshes by itself while any shown is still pending. */
export function DeliveryLog({ endpointId }: { endpointId: string }) {
  const { slug } = useOrg();
  const pages = useCursorPages(endpointId);
  const log = useQuery(deliveriesQuery(slug, endpointId, pages.cursor));
  const items = log.data?.items ?? [];
  const pending = items.some((d) => d.status === 'PENDING');

  return (
    <Stack gap="xs">
      <Group justify="space-between" wrap="wrap">
        <Title order={3}>Delivery log</Title>
        <Group gap="xs">
          {pending && (
            <Group gap={6} aria-live="polite">
              <Loader size="xs" type="dots" />
              <Text size="xs" c="dimmed">Deliveries pending: refreshing automatically</Text>
            </Group>
          )}
          <Button variant="default" size="xs" leftSection={<IconRefresh size={14} />} onClick={() => log.refetch()} loading={log.isFetching && !pending}>
            Refresh
          </Button>
        </Group>
      </Group>
      {log.isError ? (
        <QueryError error={log.error} onRetry={() => log.refetch()} />
      ) : (
        <DataTable
          aria-label="Deliveries"
          withTableBorder
          borderRadius="md"
          minHeight={items.length ? undefined : 160}
          records={items}
          noRecordsText="Nothing sent to this endpoint yet"
          columns={[
            {
              accessor: 'eventType',
              title: 'Event',
              render: (d) => (
                <Stack gap={0}>
                  <Code>{d.eventType}</Code>
                  <Text size="xs" c="dimmed" ff="monospace">{d.messageId}</Text>
                </Stack>
              ),
            },
            {
              accessor: 'status',
              noWrap: true,
              render: (d) => (
                <Badge color={statusColor[d.status]} variant="light" size="sm">{d.status.toLowerCase()}</Badge>
              ),
            },
            { accessor: 'attempts', textAlign: 'right' },
            {
              accessor: 'lastStatusCode',
              title: 'Last status',
              render: (d) => (d.lastStatusCode === null ? <Text size="sm" c="dimmed">—</Text> : <Code color={d.lastStatusCode < 300 ? 'green.1' : 'red.1'} c="dark">{d.lastStatusCode}</Code>),
            },
            {
              accessor: 'lastError',
              title: 'Last error',
              visibleMediaQuery: '(min-width: 48em)',
              render: (d) =>
                d.lastError ? (
                  <Tooltip label={d.lastError} multiline w={320} withArrow>
                    <Text size="sm" c="red" lineClamp={2} maw={260}>{d.lastError}</Text>
                  </Tooltip>
                ) : (
                  <Text size="sm" c="dimmed">—</Text>
                ),
            },
            {
              accessor: 'lastDurationMs',
              title: 'Duration',
              textAlign: 'right',
              visibleMediaQuery: '(min-width: 36em)',
              render: (d) => (d.lastDurationMs === null ? '—' : `${d.lastDurationMs} ms`),
            },
            { accessor: 'next', title: 'Outcome / next attempt', render: (d) => <Outcome d={d} /> },
            { accessor: 'createdAt', title: 'Queued', visibleMediaQuery: '(min-width: 62em)', render: (d) => when(d.createdAt) },
          ]}
        />
      )}
      <CursorPager pages={pages} nextCursor={log.data?.nextCursor} label="Deliveries" />
    </Stack>
  );
}

import { Badge, Code, Stack, Text, Tooltip } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { DataTable } from 'mantine-datatable';
import { CursorPager } from '../../components/CursorPager';
import { QueryError } from '../../components/QueryError';
import { useCursorPages } from '../../lib/use-cursor-pages';
import { securityEventsQuery } from './api';

/** Refused attempts (permission denials, probes of resources the caller cannot see), newest first. */
export function SecurityEventsLog() {
  const pages = useCursorPages('security-events');
  const events = useQuery(securityEventsQuery(pages.cursor));
  const items = events.data?.items ?? [];
  return (
    <>
      {events.isError ? (
        <QueryError error={events.error} onRetry={() => events.refetch()} />
      ) : (
        <DataTable
          aria-label="Security events"
          withTableBorder
          borderRadius="md"
          minHeight={items.length ? undefined : 180}
          fetching={events.isFetching}
          records={items}
          noRecordsText="No refused attempts recorded"
          columns={[
            { accessor: 'createdAt', title: 'When', render: (e) => <Text size="sm" style={{ whiteSpace: 'nowrap' }}>{new Date(e.createdAt).toLocaleString()}</Text> },
            { accessor: 'kind', noWrap: true, render: (e) => <Badge variant="light" color="red" tt="none">{e.kind}</Badge> },
            {
              accessor: 'route',
              title: 'Request',
              render: (e) => (
                <Stack gap={0}>
                  <Code>{e.method} {e.route}</Code>
                  <Text size="xs" c="dimmed">answered {e.code}</Text>
                </Stack>
              ),
            },
            { accessor: 'userId', title: 'User', render: (e) => <Text size="xs" ff="monospace">{e.userId ?? '—'}</Text> },
            {
              accessor: 'ip',
              title: 'From',
              visibleMediaQuery: '(min-width: 48em)',
              render: (e) => (
                <Tooltip label={e.userAgent ?? 'no user agent'} multiline w={300} withArrow>
                  <Text size="sm">{e.ip ?? '—'}</Text>
                </Tooltip>
              ),
            },
            { accessor: 'requestId', title: 'Request id', visibleMediaQuery: '(min-width: 62em)', render: (e) => <Text size="xs" ff="monospace">{e.requestId ?? '—'}</Text> },
          ]}
        />
      )}
      <CursorPager pages={pages} nextCursor={events.data?.nextCursor} label="Security events" />
    </>
  );
}

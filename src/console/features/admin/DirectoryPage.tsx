import { useState } from 'react';
import { Badge, Button, Group, Stack, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { IconBuildingPlus } from '@tabler/icons-react';
import { DataTable, type DataTableSortStatus } from 'mantine-datatable';
import { Link, useNavigate } from 'react-router';
import { CursorPager } from '../../components/CursorPager';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { StatusBadge } from '../../components/StatusBadge';
import { useCursorPages } from '../../lib/use-cursor-pages';
import { directoryQuery, type AdminOrganization, type DirectoryParams } from './api';
import { DirectoryFilters } from './DirectoryFilters';

export function DirectoryPage() {
  const navigate = useNavigate();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const [status, setStatus] = useState<DirectoryParams['status']>(null);
  const [deleted, setDeleted] = useState<DirectoryParams['deleted']>('exclude');
  const [sortStatus, setSortStatus] = useState<DataTableSortStatus<AdminOrganization>>({ columnAccessor: 'createdAt', direction: 'desc' });
  const sort = sortStatus.columnAccessor as DirectoryParams['sort'];
  const params = { q, status, deleted, sort, order: sortStatus.direction };
  const pages = useCursorPages(JSON.stringify(params));
  const list = useQuery(directoryQuery({ ...params, cursor: pages.cursor }));

  return (
    <>
      <PageHeader
        title="Organizations"
        description="Every organization on this platform. Open one to approve, suspend or delete it."
        actions={<Button component={Link} to="/admin/organizations/new" leftSection={<IconBuildingPlus size={16} />}>New organization</Button>}
      />
      <DirectoryFilters search={search} onSearch={setSearch} status={status} onStatus={setStatus} deleted={deleted} onDeleted={setDeleted} />
      {list.isError ? (
        <QueryError error={list.error} onRetry={() => list.refetch()} />
      ) : (
        <DataTable
          aria-label="Organizations"
          withTableBorder
          borderRadius="md"
          highlightOnHover
          minHeight={list.data?.items.length ? undefined : 200}
          fetching={list.isFetching}
          records={list.data?.items ?? []}
          noRecordsText="No organization matches"
          sortStatus={sortStatus}
          onSortStatusChange={setSortStatus}
          onRowClick={({ record }) => navigate(`/admin/organizations/${record.id}`)}
          columns={[
            {
              accessor: 'name',
              sortable: true,
              render: (o) => (
                <Stack gap={0}>
                  <Text size="sm" fw={500}>
                    <Link to={`/admin/organizations/${o.id}`} onClick={(e) => e.stopPropagation()} style={{ color: 'inherit' }}>{o.name}</Link>
                  </Text>
                  <Text size="xs" c="dimmed">{o.contactEmail}</Text>
                </Stack>
              ),
            },
            { accessor: 'slug', sortable: true, visibleMediaQuery: '(min-width: 48em)' },
            {
              accessor: 'status',
              render: (o) => (
                <Group gap={4}>
                  <StatusBadge status={o.status} />
                  {o.deletedAt && <Badge size="sm" color="gray">deleted</Badge>}
                </Group>
              ),
            },
            { accessor: 'memberCount', title: 'Members', visibleMediaQuery: '(min-width: 36em)' },
            { accessor: 'createdAt', title: 'Created', sortable: true, render: (o) => new Date(o.createdAt).toLocaleDateString() },
          ]}
        />
      )}
      <CursorPager pages={pages} nextCursor={list.data?.nextCursor} label="Organizations" />
    </>
  );
}

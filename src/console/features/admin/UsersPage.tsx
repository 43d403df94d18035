import { useState } from 'react';
import { Badge, Group, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { IconSearch } from '@tabler/icons-react';
import { DataTable } from 'mantine-datatable';
import { CursorPager } from '../../components/CursorPager';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { useCursorPages } from '../../lib/use-cursor-pages';
import { usersQuery } from './api';

export function UsersPage() {
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const pages = useCursorPages(q);
  const users = useQuery(usersQuery(q, pages.cursor));

  return (
    <>
      <PageHeader title="Users" description="Everyone with an account on this platform." />
      <TextInput
        role="searchbox"
        aria-label="Search users by name or email"
        placeholder="Search name or email"
        leftSection={<IconSearch size={16} />}
        value={search}
        onChange={(e) => setSearch(e.currentTarget.value)}
        mb="sm"
        maw={420}
      />
      {users.isError ? (
        <QueryError error={users.error} onRetry={() => users.refetch()} />
      ) : (
        <DataTable
          aria-label="Users"
          withTableBorder
          borderRadius="md"
          minHeight={users.data?.items.length ? undefined : 200}
          fetching={users.isFetching}
          records={users.data?.items ?? []}
          noRecordsText="No user matches"
          columns={[
            {
              accessor: 'name',
              render: (u) => (
                <Stack gap={0}>
                  <Text size="sm" fw={500}>{u.name}</Text>
                  <Text size="xs" c="dimmed">{u.email}</Text>
                </Stack>
              ),
            },
            {
              accessor: 'flags',
              title: 'Account',
              render: (u) => (
                <Group gap={4}>
                  {u.isOperator && <Badge size="sm" color="grape">operator</Badge>}
                  <Badge size="sm" variant="light" color={u.emailVerified ? 'green' : 'yellow'}>{u.emailVerified ? 'verified' : 'unverified'}</Badge>
                </Group>
              ),
            },
            { accessor: 'organizationCount', title: 'Organizations', visibleMediaQuery: '(min-width: 36em)' },
            { accessor: 'createdAt', title: 'Joined', visibleMediaQuery: '(min-width: 48em)', render: (u) => new Date(u.createdAt).toLocaleDateString() },
          ]}
        />
      )}
      <CursorPager pages={pages} nextCursor={users.data?.nextCursor} label="Users" />
    </>
  );
}

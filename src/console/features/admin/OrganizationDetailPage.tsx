import { Anchor, Badge, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { DataTable } from 'mantine-datatable';
import { Link, useParams } from 'react-router';
import { Loading } from '../../components/Loading';
import { QueryError } from '../../components/QueryError';
import { StatusBadge } from '../../components/StatusBadge';
import { organizationDetailQuery } from './api';
import { HistoryTimeline } from './HistoryTimeline';
import { LifecycleActions } from './LifecycleActions';

export function OrganizationDetailPage() {
  const { id = '' } = useParams();
  const detail = useQuery(organizationDetailQuery(id));
  if (detail.isPending) return <Loading />;
  if (detail.isError) return <QueryError error={detail.error} onRetry={() => detail.refetch()} />;
  const { organization: org, members, history } = detail.data;

  return (
    <Stack>
      <Anchor component={Link} to="/admin" size="sm">← Directory</Anchor>
      <Group justify="space-between" align="flex-start" wrap="wrap">
        <Stack gap={4}>
          <Group gap="xs">
            <Title order={2}>{org.name}</Title>
            <StatusBadge status={org.status} size="md" />
            {org.deletedAt && <Badge color="gray" variant="filled">deleted</Badge>}
          </Group>
          <Text size="sm" c="dimmed">/{org.slug} · created {new Date(org.createdAt).toLocaleString()}</Text>
          {org.statusReason && <Text size="sm">Reason: {org.statusReason}</Text>}
        </Stack>
        <LifecycleActions org={org} />
      </Group>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Card withBorder>
          <Title order={4} mb="sm">Members ({members.length})</Title>
          <DataTable
            aria-label="Organization members"
            minHeight={members.length ? undefined : 120}
            records={members}
            noRecordsText="No members"
            columns={[
              { accessor: 'name', render: (m) => <Stack gap={0}><Text size="sm">{m.name}</Text><Text size="xs" c="dimmed">{m.email}</Text></Stack> },
              { accessor: 'role' },
              { accessor: 'status', render: (m) => <StatusBadge status={m.status} /> },
            ]}
          />
        </Card>
        <Card withBorder>
          <Title order={4} mb="sm">Lifecycle history</Title>
          <HistoryTimeline history={history} />
        </Card>
      </SimpleGrid>
    </Stack>
  );
}

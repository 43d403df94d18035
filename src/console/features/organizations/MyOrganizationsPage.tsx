import { Button, Card, EmptyState, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { IconBuildingPlus, IconBuildingSkyscraper } from '@tabler/icons-react';
import { Link } from 'react-router';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { StatusBadge } from '../../components/StatusBadge';
import { myOrganizationsQuery } from '../../lib/org';
import { OrgAvatar } from './OrgAvatar';

export function MyOrganizationsPage() {
  const orgs = useQuery(myOrganizationsQuery);
  const create = (
    <Button component={Link} to="/orgs/new" leftSection={<IconBuildingPlus size={16} />}>
      Create organization
    </Button>
  );
  return (
    <>
      <PageHeader title="Your organizations" description="Pick one to work in, or create a new one." actions={create} />
      {orgs.isPending ? (
        <Loading />
      ) : orgs.isError ? (
        <QueryError error={orgs.error} onRetry={() => orgs.refetch()} />
      ) : orgs.data.length === 0 ? (
        <EmptyState
          icon={<IconBuildingSkyscraper />}
          title="You are not in any organization yet"
          description="Create one (an operator approves it), or open the invitation link someone sent you."
        />
      ) : (
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
          {orgs.data.map((org) => (
            <Card key={org.id} withBorder component={Link} to={`/o/${org.slug}`} aria-label={`Open ${org.name}`}>
              <Group wrap="nowrap">
                <OrgAvatar name={org.name} logoUrl={org.logoUrl} />
                <Stack gap={2} style={{ minWidth: 0 }}>
                  <Text fw={600} truncate>{org.name}</Text>
                  <Text size="xs" c="dimmed">/{org.slug} · {org.role}</Text>
                </Stack>
              </Group>
              <Group mt="sm" gap="xs">
                <StatusBadge status={org.status} />
                {org.membershipStatus !== 'ACTIVE' && <StatusBadge status={`membership ${org.membershipStatus}`} />}
              </Group>
            </Card>
          ))}
        </SimpleGrid>
      )}
    </>
  );
}

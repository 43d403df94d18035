import { Badge, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { PageHeader } from '../../components/PageHeader';
import { StatusBadge } from '../../components/StatusBadge';
import { organizationQuery } from '../../lib/org';
import { useOrg } from '../../lib/org-context';
import { LeaveOrganizationButton } from './LeaveOrganizationButton';
import { OrgAvatar } from './OrgAvatar';

/** The organization's front page: what it is, who I am in it, and what my role lets me do. */
export function OverviewPage() {
  const { slug, membership, can } = useOrg();
  const organization = useQuery({ ...organizationQuery(slug), enabled: can('organization:read') });
  const org = organization.data;
  return (
    <>
      <PageHeader title="Overview" actions={<LeaveOrganizationButton slug={slug} name={membership.organization.name} />} />
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Card withBorder>
          <Group wrap="nowrap">
            <OrgAvatar name={membership.organization.name} logoUrl={org?.logoUrl} size="lg" />
            <Stack gap={2}>
              <Title order={3}>{membership.organization.name}</Title>
              <Text size="sm" c="dimmed">/{slug}</Text>
            </Stack>
          </Group>
          <Group mt="md" gap="xs">
            <StatusBadge status={membership.organization.status} />
            {org?.contactEmail && <Text size="sm">{org.contactEmail}</Text>}
          </Group>
          {org && (
            <Text size="sm" c="dimmed" mt="xs">
              {org.language} · {org.timezone}
              {org.currency ? ` · ${org.currency}` : ''}
            </Text>
          )}
        </Card>
        <Card withBorder>
          <Text fw={600}>Your membership</Text>
          <Text size="sm" mt={4}>
            {membership.membership.name} ({membership.membership.email}) — role <b>{membership.role}</b>
          </Text>
          <Text size="sm" c="dimmed" mt="md" mb={6}>What your role allows here</Text>
          <Group gap={6} aria-label="Your permissions">
            {membership.permissions.map((p) => (
              <Badge key={p} variant="light" size="sm" tt="none">{p}</Badge>
            ))}
          </Group>
        </Card>
      </SimpleGrid>
    </>
  );
}

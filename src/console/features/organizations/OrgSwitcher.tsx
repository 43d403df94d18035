import { Button, Group, Menu, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { IconBuildingPlus, IconCheck, IconChevronDown, IconListDetails } from '@tabler/icons-react';
import { Link, useNavigate } from 'react-router';
import { StatusBadge } from '../../components/StatusBadge';
import { myOrganizationsQuery } from '../../lib/org';
import { useCurrentOrgSlug } from '../../lib/use-current-org-slug';
import { OrgAvatar } from './OrgAvatar';

/**
 * Lists my organizations with their status. Picking one changes the URL only; the organization layout
 * then cancels and drops the previous organization's queries (see forgetOrganization).
 */
export function OrgSwitcher() {
  const orgs = useQuery(myOrganizationsQuery);
  const { slug, section } = useCurrentOrgSlug();
  const navigate = useNavigate();
  const current = orgs.data?.find((o) => o.slug === slug);

  return (
    <Menu position="bottom-start" width={300} withArrow>
      <Menu.Target>
        <Button variant="default" rightSection={<IconChevronDown size={14} />} aria-label="Switch organization" maw={260}>
          <Group gap={8} wrap="nowrap">
            {current && <OrgAvatar name={current.name} logoUrl={current.logoUrl} size="sm" />}
            <Text size="sm" truncate>{current?.name ?? 'Organizations'}</Text>
          </Group>
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>Your organizations</Menu.Label>
        {orgs.data?.map((org) => (
          <Menu.Item
            key={org.id}
            leftSection={<OrgAvatar name={org.name} logoUrl={org.logoUrl} size="sm" />}
            aria-current={org.slug === slug ? 'page' : undefined}
            rightSection={
              <Group gap={4} wrap="nowrap">
                <StatusBadge status={org.status} size="xs" />
                {org.slug === slug && <IconCheck size={14} aria-label="current organization" />}
              </Group>
            }
            onClick={() => org.slug !== slug && navigate(`/o/${org.slug}${section ? `/${section}` : ''}`)}
          >
            {org.name}
          </Menu.Item>
        ))}
        {orgs.data?.length === 0 && <Menu.Item disabled>None yet</Menu.Item>}
        <Menu.Divider />
        <Menu.Item component={Link} to="/" leftSection={<IconListDetails size={16} />}>All organizations</Menu.Item>
        <Menu.Item component={Link} to="/orgs/new" leftSection={<IconBuildingPlus size={16} />}>Create organization</Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

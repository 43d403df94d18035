import { Group, Text, ThemeIcon } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { IconBuildingCommunity } from '@tabler/icons-react';
import { Link } from 'react-router';
import { myOrganizationsQuery } from '../../lib/org';
import { useCurrentOrgSlug } from '../../lib/use-current-org-slug';

/** The header's mark: the current organization's logo when it has one, else the product's. */
export function Brand() {
  const { slug } = useCurrentOrgSlug();
  const org = useQuery(myOrganizationsQuery).data?.find((o) => o.slug === slug);
  return (
    <Group
      gap="xs"
      wrap="nowrap"
      renderRoot={(props) => <Link to={org ? `/o/${org.slug}` : '/'} aria-label="Home" {...props} />}
      style={{ textDecoration: 'none', color: 'inherit' }}
    >
      {org?.logoUrl ? (
        <img src={org.logoUrl} alt={`${org.name} logo`} height={32} style={{ maxWidth: 120, objectFit: 'contain' }} />
      ) : (
        <ThemeIcon size="lg" radius="md" aria-hidden>
          <IconBuildingCommunity size={20} />
        </ThemeIcon>
      )}
      <Text fw={700} visibleFrom="xs">Tenantry</Text>
    </Group>
  );
}

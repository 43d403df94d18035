import { Anchor, Text, Tooltip } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { organizationNameQuery } from './api';

/** The organization an entry concerns, by name, linking to its operator page; a purged one shows its id. */
export function OrganizationLink({ id }: { id: string | null | undefined }) {
  const org = useQuery({ ...organizationNameQuery(id ?? ''), enabled: !!id });
  if (!id) return <Text size="sm" c="dimmed">—</Text>;
  if (org.isError) {
    return (
      <Tooltip label="No longer exists (purged)" withArrow>
        <Text size="sm" c="dimmed" ff="monospace">{id.slice(0, 8)}…</Text>
      </Tooltip>
    );
  }
  return (
    <Anchor component={Link} to={`/admin/organizations/${id}`} size="sm" onClick={(e) => e.stopPropagation()}>
      {org.data?.name ?? `${id.slice(0, 8)}…`}
    </Anchor>
  );
}

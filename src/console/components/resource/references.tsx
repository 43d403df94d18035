import { Select, Text, type SelectProps } from '@mantine/core';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, orgPath, type Page } from '../../lib/api';
import { orgKey, type Member } from '../../lib/org';
import { useOrg } from '../../lib/org-context';
import { referenceQuery } from './api';
import type { ReferenceSource } from './types';

/** Picks a row of another resource by id (first 100, searchable in the browser). */
export function ReferenceSelect({ source, ...props }: { source: ReferenceSource } & Omit<SelectProps, 'data'>) {
  const { slug } = useOrg();
  const rows = useQuery(referenceQuery(slug, source));
  const data = (rows.data ?? []).map((r) => ({ value: r.id, label: source.label(r) }));
  return (
    <Select
      searchable
      data={data}
      nothingFoundMessage={rows.isPending ? 'Loading…' : 'Nothing found'}
      {...props}
    />
  );
}

/** Names ids of another resource in a column: (id) → label, the id's start while unknown. */
export function useReferenceLabels(source: ReferenceSource): (id: string | null | undefined) => string {
  const { slug } = useOrg();
  const rows = useQuery(referenceQuery(slug, source)).data;
  return (id) => {
    if (!id) return '';
    const row = rows?.find((r) => r.id === id);
    return row ? source.label(row) : `${id.slice(0, 8)}…`;
  };
}

/** The name of a referenced row, in a table cell. */
export function RefName({ source, id }: { source: ReferenceSource; id: string | null | undefined }) {
  const label = useReferenceLabels(source);
  return <>{label(id)}</>;
}

/** Active members of the organization (first 100), for "a member or an external person" pickers. */
export const activeMembersQuery = (slug: string) =>
  queryOptions({
    queryKey: orgKey(slug, 'members', 'options', 'active-100'),
    queryFn: ({ signal }) =>
      api.get<Page<Member>>(orgPath(slug, '/members'), { signal, query: { status: 'ACTIVE', limit: 100 } }).then((r) => r.items),
  });

export function MemberSelect(props: Omit<SelectProps, 'data'>) {
  const { slug } = useOrg();
  const members = useQuery(activeMembersQuery(slug));
  const data = (members.data ?? []).map((m) => ({ value: m.id, label: `${m.name} (${m.email})` }));
  return <Select searchable data={data} nothingFoundMessage={members.isPending ? 'Loading…' : 'No active member'} {...props} />;
}

export function MemberName({ id }: { id: string | null | undefined }) {
  const label = useMemberLabels();
  return <>{label(id)}</>;
}

export function useMemberLabels(): (id: string | null | undefined) => string {
  const { slug } = useOrg();
  const members = useQuery(activeMembersQuery(slug)).data;
  return (id) => (id ? (members?.find((m) => m.id === id)?.name ?? `${id.slice(0, 8)}…`) : '');
}

/** A dimmed dash for empty cells. */
export const Empty = () => <Text span c="dimmed">—</Text>;

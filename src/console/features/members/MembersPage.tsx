import { useState } from 'react';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { CursorPager } from '../../components/CursorPager';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import type { Member } from '../../lib/org';
import { rolesQuery } from '../../lib/org-catalog';
import { useOrg } from '../../lib/org-context';
import { useCursorPages } from '../../lib/use-cursor-pages';
import { membersQuery } from './api';
import { ChangeRoleModal } from './ChangeRoleModal';
import { MemberFilters } from './MemberFilters';
import { MembersTable } from './MembersTable';
import { TransferOffers } from './TransferOffers';

export function MembersPage() {
  const { slug } = useOrg();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const [status, setStatus] = useState<string | null>(null);
  const [role, setRole] = useState<string | null>(null);
  const pages = useCursorPages(JSON.stringify([q, status, role]));
  const members = useQuery(membersQuery(slug, { q, status, role, cursor: pages.cursor }));
  const roles = useQuery(rolesQuery(slug)).data?.items ?? [];
  const [changing, setChanging] = useState<Member | null>(null);
  const nameOf = (id: string) => members.data?.items.find((m) => m.id === id)?.name;

  return (
    <>
      <PageHeader title="Members" description="Everyone with access to this organization, their role and status." />
      <TransferOffers nameOf={nameOf} />
      <MemberFilters search={search} onSearch={setSearch} status={status} onStatus={setStatus} role={role} onRole={setRole} roles={roles} />
      {members.isError ? (
        <QueryError error={members.error} onRetry={() => members.refetch()} />
      ) : (
        <MembersTable members={members.data?.items ?? []} fetching={members.isFetching} roles={roles} onChangeRole={setChanging} />
      )}
      <CursorPager pages={pages} nextCursor={members.data?.nextCursor} label="Members" />
      <ChangeRoleModal slug={slug} member={changing} roles={roles} onClose={() => setChanging(null)} />
    </>
  );
}

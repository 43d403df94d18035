import { useState } from 'react';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { CursorPager } from '../../components/CursorPager';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { useOrg } from '../../lib/org-context';
import { useCursorPages } from '../../lib/use-cursor-pages';
import { auditQuery, emptyFilters, type AuditFilters } from './api';
import { AuditFilterBar } from './AuditFilterBar';
import { AuditTable } from './AuditTable';
import { ExportButtons } from './ExportButtons';

/** The organization's audit log (audit:read); export buttons for audit:export. */
export function AuditLogPage() {
  const { slug, can } = useOrg();
  const [draft, setDraft] = useState<AuditFilters>(emptyFilters);
  // Typing in a text filter waits for a pause; selects and dates apply at once through the same value.
  const [filters] = useDebouncedValue(draft, 300);
  const pages = useCursorPages(JSON.stringify(filters));
  const log = useQuery(auditQuery(slug, filters, pages.cursor));
  const items = log.data?.items ?? [];
  const seen = { actions: items.map((e) => e.action), targetTypes: items.map((e) => e.targetType) };

  return (
    <>
      <PageHeader
        title="Audit log"
        description="Who changed what in this organization, when and from where. Open an entry to see the change."
        actions={can('audit:export') && <ExportButtons slug={slug} filters={filters} />}
      />
      <AuditFilterBar value={draft} onChange={setDraft} seen={seen} />
      {log.isError ? <QueryError error={log.error} onRetry={() => log.refetch()} /> : <AuditTable entries={items} fetching={log.isFetching} />}
      <CursorPager pages={pages} nextCursor={log.data?.nextCursor} label="Audit log" />
    </>
  );
}

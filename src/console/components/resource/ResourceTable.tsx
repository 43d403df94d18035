import { useEffect, useState, type ReactNode } from 'react';
import { Button, Group, Select, Text, TextInput, VisuallyHidden } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { modals } from '@mantine/modals';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { IconSearch } from '@tabler/icons-react';
import { DataTable, type DataTableColumn, type DataTableSortStatus } from 'mantine-datatable';
import { useNavigate, useSearchParams } from 'react-router';
import { CursorPager } from '../CursorPager';
import { QueryError } from '../QueryError';
import { api, isApiError } from '../../lib/api';
import { modulesKey } from '../../lib/modules';
import { useOrg } from '../../lib/org-context';
import { notifyError, notifySuccess } from '../../lib/notify';
import { useCursorPages } from '../../lib/use-cursor-pages';
import { resourceListQuery, resourcePath, useModuleMutation, type ListParams } from './api';
import { ReferenceSelect } from './references';
import type { FilterSpec, ResourceSpec, Row } from './types';

function FilterInput({ filter, value, onChange }: { filter: FilterSpec; value: string; onChange: (v: string) => void }) {
  const common = { 'aria-label': filter.label, placeholder: filter.placeholder ?? filter.label, w: 180 };
  switch (filter.kind) {
    case 'select':
      return <Select {...common} data={filter.options ?? []} value={value || null} onChange={(v) => onChange(v ?? '')} clearable />;
    case 'boolean':
      return (
        <Select
          {...common}
          data={filter.options ?? [{ value: 'true', label: 'Yes' }, { value: 'false', label: 'No' }]}
          value={value || null}
          onChange={(v) => onChange(v ?? '')}
          clearable
        />
      );
    case 'reference':
      return <ReferenceSelect {...common} source={filter.reference!} value={value || null} onChange={(v) => onChange(v ?? '')} clearable />;
    case 'date':
      return (
        <TextInput
          {...common}
          type="date"
          leftSection={<Text size="xs" c="dimmed">{filter.label}</Text>}
          leftSectionWidth={filter.label.length * 7 + 16}
          w={180 + filter.label.length * 7}
          value={value}
          onChange={(e) => onChange(e.currentTarget.value)}
        />
      );
    default:
      return <TextInput {...common} inputMode={filter.kind === 'decimal' ? 'decimal' : undefined} value={value} onChange={(e) => onChange(e.currentTarget.value)} />;
  }
}

type Props<T extends Row> = {
  spec: ResourceSpec<T>;
  /** Parameters the page sets itself (a side switch, the parent of a sub-list…). */
  extraQuery?: ListParams;
  onEdit?: (row: T) => void;
  /** Beside the search box and filters. */
  toolbar?: ReactNode;
};

/**
 * A resource's list: `q` search, filters (initial values may come from the URL's query), server-side
 * sorting on the columns the API sorts by, cursor paging, and per-row open/edit/delete plus the
 * module's own row actions, each shown only when my role allows it.
 */
export function ResourceTable<T extends Row>({ spec, extraQuery, onEdit, toolbar }: Props<T>) {
  const { slug, can } = useOrg();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [searchParams] = useSearchParams();
  const [search, setSearch] = useState(() => searchParams.get('q') ?? '');
  const [q] = useDebouncedValue(search.trim(), 300);
  const [filters, setFilters] = useState<Record<string, string>>(() =>
    Object.fromEntries((spec.filters ?? []).map((f) => [f.name, searchParams.get(f.name) ?? ''])),
  );
  const [debouncedFilters] = useDebouncedValue(filters, 250);
  // Without a default sort the API's own order stands (and no column is sortable).
  const [sort, setSort] = useState<DataTableSortStatus<T>>({
    columnAccessor: spec.defaultSort?.field ?? '',
    direction: spec.defaultSort?.order ?? 'asc',
  });
  const params: ListParams = {
    ...extraQuery,
    ...(spec.search ? { q } : {}),
    ...Object.fromEntries(
      (spec.filters ?? []).map((f) => {
        const v = (debouncedFilters[f.name] ?? '').trim();
        const sent = f.upperCase ? v.toUpperCase() : v;
        return [f.name, f.pattern && !f.pattern.test(sent) ? undefined : sent];
      }),
    ),
    ...(spec.defaultSort ? { order: sort.direction, ...(spec.orderOnly ? {} : { sort: String(sort.columnAccessor) }) } : {}),
  };
  const pages = useCursorPages(JSON.stringify(params));
  const list = useQuery(resourceListQuery<T>(slug, spec.module, spec.resource, { ...params, cursor: pages.cursor }));
  const remove = useModuleMutation(spec.module, (id: string, s) => api.delete(resourcePath(s, spec.module, spec.resource, `/${id}`)));

  useEffect(() => {
    // Disabled under us: the module gate re-reads the module list and says so.
    if (isApiError(list.error) && list.error.code === 'module_not_enabled') void queryClient.invalidateQueries({ queryKey: modulesKey(slug) });
  }, [list.error, queryClient, slug]);

  const may = (action: string) => can(`${spec.permission}:${action}`);
  const editable = (r: T) => !!spec.fields && !!onEdit && may('update') && (spec.canEdit?.(r) ?? true);
  const deletable = (r: T) => !spec.noDelete && may('delete') && (spec.canDelete?.(r) ?? true);
  const filtered = !!q || Object.values(debouncedFilters).some((v) => v.trim());

  const confirmDelete = (r: T) =>
    modals.openConfirmModal({
      title: `Delete ${spec.singular} ${spec.label(r)}?`,
      children: <Text size="sm">This cannot be undone from the console.</Text>,
      labels: { confirm: 'Delete', cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: () =>
        remove.mutate(r.id, { onSuccess: () => notifySuccess(`${spec.label(r)} deleted`), onError: (e) => notifyError(e) }),
    });

  const RowActions = spec.RowActions;
  const columns: DataTableColumn<T>[] = [
    ...spec.columns.map((c) => ({ ...c, sortable: spec.sortable?.includes(String(c.accessor)) ?? false })),
    {
      accessor: 'actions',
      title: <VisuallyHidden>Actions</VisuallyHidden>,
      textAlign: 'right',
      render: (r) => (
        // Row clicks open the row; the buttons must not also trigger that.
        <Group gap={4} justify="flex-end" wrap="nowrap" onClick={(e) => e.stopPropagation()}>
          {RowActions && <RowActions record={r} />}
          {spec.rowHref && (
            <Button size="compact-sm" variant="subtle" onClick={() => navigate(`/o/${slug}/${spec.rowHref!(r)}`)} aria-label={`Open ${spec.singular} ${spec.label(r)}`}>
              Open
            </Button>
          )}
          {editable(r) && (
            <Button size="compact-sm" variant="subtle" onClick={() => onEdit!(r)} aria-label={`Edit ${spec.singular} ${spec.label(r)}`}>
              Edit
            </Button>
          )}
          {deletable(r) && (
            <Button size="compact-sm" variant="subtle" color="red" onClick={() => confirmDelete(r)} aria-label={`Delete ${spec.singular} ${spec.label(r)}`}>
              Delete
            </Button>
          )}
        </Group>
      ),
    },
  ];

  const items = list.data?.items ?? [];
  return (
    <>
      {(spec.search || spec.filters?.length || toolbar) && (
        <Group mb="sm" gap="sm" wrap="wrap" role="search" aria-label={`Filter ${spec.title.toLowerCase()}`}>
          {toolbar}
          {spec.search && (
            <TextInput
              aria-label={`Search ${spec.title.toLowerCase()}`}
              placeholder={spec.search}
              leftSection={<IconSearch size={16} />}
              value={search}
              onChange={(e) => setSearch(e.currentTarget.value)}
              style={{ flex: '1 1 220px' }}
            />
          )}
          {(spec.filters ?? []).map((f) => (
            <FilterInput key={f.name} filter={f} value={filters[f.name] ?? ''} onChange={(v) => setFilters((s) => ({ ...s, [f.name]: v }))} />
          ))}
        </Group>
      )}
      {list.isError ? (
        <QueryError error={list.error} onRetry={() => list.refetch()} />
      ) : (
        <DataTable<T>
          aria-label={spec.title}
          withTableBorder
          borderRadius="md"
          highlightOnHover
          minHeight={items.length ? undefined : 180}
          fetching={list.isFetching}
          records={items}
          noRecordsText={filtered ? `No ${spec.title.toLowerCase()} match these filters` : (spec.empty ?? `No ${spec.title.toLowerCase()} yet`)}
          columns={columns}
          sortStatus={sort}
          onSortStatusChange={setSort}
          onRowClick={spec.rowHref ? ({ record }) => navigate(`/o/${slug}/${spec.rowHref!(record)}`) : undefined}
        />
      )}
      <CursorPager pages={pages} nextCursor={list.data?.nextCursor} label={spec.title} />
    </>
  );
}

import { useState } from 'react';
import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { organizationNameQuery, organizationSearchQuery } from './api';

/** Picks one organization by searching the directory (name or slug); its value is the organization id. */
export function OrganizationPicker({ value, onChange }: { value: string | null; onChange: (id: string | null) => void }) {
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const results = useQuery(organizationSearchQuery(q)).data ?? [];
  const selected = useQuery({ ...organizationNameQuery(value ?? ''), enabled: !!value }).data;
  const options = [...(selected && !results.some((o) => o.id === selected.id) ? [selected] : []), ...results];
  // An id from the URL whose organization is gone still needs an option to show as selected.
  if (value && !options.some((o) => o.id === value)) options.unshift({ id: value, name: value, slug: '' });
  return (
    <Select
      label="Organization"
      placeholder="All organizations"
      searchable
      clearable
      searchValue={search}
      onSearchChange={setSearch}
      // The server already filtered by the search; the label text would not match the slug anyway.
      filter={({ options: all }) => all}
      nothingFoundMessage="No organization matches"
      data={options.map((o) => ({ value: o.id, label: o.slug ? `${o.name} (/${o.slug})` : o.name }))}
      value={value}
      onChange={onChange}
      w={260}
    />
  );
}

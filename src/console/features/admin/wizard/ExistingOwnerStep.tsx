import { useState } from 'react';
import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { usersQuery, type AdminUser } from '../api';
import type { WizardForm } from './form';

/** Searches users (GET /admin/users?q=) and sets owner.userId; `onPick` keeps the person for the review. */
export function ExistingOwnerStep({ form, onPick }: { form: WizardForm; onPick: (user: AdminUser | null) => void }) {
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const users = useQuery(usersQuery(q, undefined));
  const items = users.data?.items ?? [];

  return (
    <Select
      label="Owner"
      description="Type an email or a name"
      placeholder="Search users"
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      data={items.map((u) => ({ value: u.id, label: `${u.name} <${u.email}>` }))}
      nothingFoundMessage={users.isFetching ? 'Searching…' : 'No user matches'}
      value={form.values.owner.userId || null}
      onChange={(id) => {
        form.setFieldValue('owner.userId', id ?? '');
        onPick(items.find((u) => u.id === id) ?? null);
      }}
      error={form.errors['owner.userId']}
      required
      data-autofocus
    />
  );
}

import { useState } from 'react';
import { Button, Group, Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { memberOptionsQuery } from '../../lib/org-catalog';
import { useOrg } from '../../lib/org-context';
import { notifyError, notifySuccess } from '../../lib/notify';
import { useAddTeamMember } from './api';

/** Search the organization's active members and add one to the team. */
export function AddTeamMember({ teamId, exclude }: { teamId: string; exclude: string[] }) {
  const { slug } = useOrg();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 250);
  const [picked, setPicked] = useState<string | null>(null);
  const options = useQuery(memberOptionsQuery(slug, q));
  const add = useAddTeamMember(slug, teamId);
  const data = (options.data ?? []).filter((m) => !exclude.includes(m.id)).map((m) => ({ value: m.id, label: `${m.name} (${m.email})` }));

  return (
    <Group align="flex-end" gap="xs" wrap="nowrap">
      <Select
        label="Add a member"
        placeholder="Search by name or email"
        searchable
        searchValue={search}
        onSearchChange={setSearch}
        filter={({ options: o }) => o}
        data={data}
        value={picked}
        onChange={setPicked}
        nothingFoundMessage={options.isFetching ? 'Searching…' : 'No active member matches'}
        style={{ flex: 1 }}
      />
      <Button
        disabled={!picked}
        loading={add.isPending}
        onClick={() =>
          picked &&
          add.mutate(picked, {
            onSuccess: () => {
              notifySuccess('Added to the team');
              setPicked(null);
              setSearch('');
            },
            onError: (e) => notifyError(e),
          })
        }
      >
        Add
      </Button>
    </Group>
  );
}

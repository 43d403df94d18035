import { useState } from 'react';
import { Badge, Button, Group, Stack, Text, VisuallyHidden } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { IconPlus } from '@tabler/icons-react';
import { DataTable } from 'mantine-datatable';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { rolesQuery, type Role } from '../../lib/org-catalog';
import { useOrg } from '../../lib/org-context';
import { DeleteRoleModal } from './DeleteRoleModal';
import { RoleEditorModal, type EditorState } from './RoleEditorModal';

export function RolesPage() {
  const { slug, can } = useOrg();
  const roles = useQuery(rolesQuery(slug));
  const [editor, setEditor] = useState<EditorState>(null);
  const [deleting, setDeleting] = useState<Role | null>(null);
  const items = roles.data?.items ?? [];

  return (
    <>
      <PageHeader
        title="Roles"
        description="Built-in roles are fixed; custom roles get exactly the permissions you tick."
        actions={can('roles:create') && <Button leftSection={<IconPlus size={16} />} onClick={() => setEditor({ mode: 'create' })}>New role</Button>}
      />
      {roles.isError ? (
        <QueryError error={roles.error} onRetry={() => roles.refetch()} />
      ) : (
        <DataTable
          aria-label="Roles"
          withTableBorder
          borderRadius="md"
          minHeight={items.length ? undefined : 180}
          fetching={roles.isFetching}
          records={items}
          idAccessor="key"
          columns={[
            {
              accessor: 'name',
              render: (r) => (
                <Stack gap={0}>
                  <Group gap={6}>
                    <Text size="sm" fw={500}>{r.name}</Text>
                    {r.builtin && <Badge size="xs" variant="light" color="gray">built-in</Badge>}
                  </Group>
                  <Text size="xs" c="dimmed">{r.description ?? r.key}</Text>
                </Stack>
              ),
            },
            { accessor: 'permissions', title: 'Permissions', render: (r) => r.permissions.length },
            { accessor: 'memberCount', title: 'Members' },
            {
              accessor: 'actions',
              title: <VisuallyHidden>Actions</VisuallyHidden>,
              textAlign: 'right',
              render: (r) => (
                <Group gap={4} justify="flex-end" wrap="nowrap">
                  {!r.builtin && can('roles:update') ? (
                    <Button size="compact-sm" variant="subtle" onClick={() => setEditor({ mode: 'edit', role: r })} aria-label={`Edit role ${r.name}`}>Edit</Button>
                  ) : (
                    <Button size="compact-sm" variant="subtle" onClick={() => setEditor({ mode: 'view', role: r })} aria-label={`View role ${r.name}`}>View</Button>
                  )}
                  {!r.builtin && can('roles:delete') && (
                    <Button size="compact-sm" variant="subtle" color="red" onClick={() => setDeleting(r)} aria-label={`Delete role ${r.name}`}>Delete</Button>
                  )}
                </Group>
              ),
            },
          ]}
        />
      )}
      <RoleEditorModal state={editor} table={roles.data?.permissionTable ?? []} onClose={() => setEditor(null)} />
      <DeleteRoleModal role={deleting} roles={items} onClose={() => setDeleting(null)} />
    </>
  );
}

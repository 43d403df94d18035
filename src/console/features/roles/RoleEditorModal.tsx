import { useEffect } from 'react';
import { Alert, Button, Group, Modal, Stack, TextInput, Textarea } from '@mantine/core';
import { hasLength, matches, useForm } from '@mantine/form';
import { fieldErrorsOf } from '../../lib/form-errors';
import type { PermissionRow, Role } from '../../lib/org-catalog';
import { useOrg } from '../../lib/org-context';
import { errorMessage, notifySuccess } from '../../lib/notify';
import { useCreateRole, useUpdateRole } from './api';
import { PermissionMatrix } from './PermissionMatrix';

export type EditorState = { mode: 'create' } | { mode: 'edit' | 'view'; role: Role } | null;

export function RoleEditorModal({ state, table, onClose }: { state: EditorState; table: PermissionRow[]; onClose: () => void }) {
  const { slug, membership } = useOrg();
  const create = useCreateRole(slug);
  const update = useUpdateRole(slug);
  const mutation = state?.mode === 'create' ? create : update;
  const readOnly = state?.mode === 'view';
  const form = useForm({
    initialValues: { key: '', name: '', description: '', permissions: [] as string[] },
    validate: {
      key: matches(/^[a-z][a-z0-9_-]{1,47}$/, 'Lowercase letters, digits, - and _; starts with a letter'),
      name: hasLength({ min: 1, max: 100 }, 'Enter a name'),
    },
  });

  useEffect(() => {
    if (!state) return;
    const role = state.mode === 'create' ? null : state.role;
    form.setValues({ key: role?.key ?? '', name: role?.name ?? '', description: role?.description ?? '', permissions: role?.permissions ?? [] });
    form.resetDirty();
    form.clearErrors();
    create.reset();
    update.reset();
    // Re-initialize only when another role is opened, not on every render of the form.
  }, [state]);

  const held = new Set(membership.permissions);
  const title = state?.mode === 'create' ? 'New role' : state ? `${readOnly ? '' : 'Edit '}${state.role.name}` : '';
  const summary = mutation.error && !Object.keys(fieldErrorsOf(mutation.error)).length ? errorMessage(mutation.error) : null;

  const submit = form.onSubmit((v) =>
    mutation.mutate(
      { key: v.key, name: v.name, description: v.description || null, permissions: v.permissions },
      {
        onSuccess: () => {
          notifySuccess(`Role ${v.name} saved`);
          onClose();
        },
        onError: (e) => form.setErrors(fieldErrorsOf(e)),
      },
    ),
  );

  return (
    <Modal opened={!!state} onClose={onClose} title={title} size="xl">
      <form onSubmit={submit} aria-label={title} noValidate>
        <Stack gap="sm">
          {summary && <Alert color="red" role="alert">{summary}</Alert>}
          <Group grow align="flex-start">
            <TextInput label="Key" description="Used by the API; cannot change later" disabled={state?.mode !== 'create'} required {...form.getInputProps('key')} />
            <TextInput label="Name" required disabled={readOnly} data-autofocus {...form.getInputProps('name')} />
          </Group>
          <Textarea label="Description" disabled={readOnly} autosize minRows={1} {...form.getInputProps('description')} />
          <PermissionMatrix
            table={table}
            value={form.values.permissions}
            onChange={(p) => form.setFieldValue('permissions', p)}
            grantable={(p) => held.has(p)}
            readOnly={readOnly}
            error={form.errors.permissions as string | undefined}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{readOnly ? 'Close' : 'Cancel'}</Button>
            {!readOnly && <Button type="submit" loading={mutation.isPending}>Save role</Button>}
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

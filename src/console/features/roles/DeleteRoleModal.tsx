import { useState } from 'react';
import { Alert, Button, Group, Modal, Select, Stack, Text } from '@mantine/core';
import type { Role } from '../../lib/org-catalog';
import { useOrg } from '../../lib/org-context';
import { fieldErrorsOf } from '../../lib/form-errors';
import { errorMessage, notifySuccess } from '../../lib/notify';
import { useDeleteRole } from './api';

/** Deleting a role still held by members needs a role to move them to (never OWNER). */
export function DeleteRoleModal({ role, roles, onClose }: { role: Role | null; roles: Role[]; onClose: () => void }) {
  const { slug } = useOrg();
  const [reassignTo, setReassignTo] = useState<string | null>(null);
  const remove = useDeleteRole(slug);
  const close = () => {
    setReassignTo(null);
    remove.reset();
    onClose();
  };
  const needsTarget = (role?.memberCount ?? 0) > 0;
  const fieldError = remove.error ? fieldErrorsOf(remove.error, 'query').reassignTo : undefined;

  return (
    <Modal opened={!!role} onClose={close} title={`Delete role ${role?.name ?? ''}?`}>
      {role && (
        <Stack>
          {remove.error && !fieldError && <Alert color="red" role="alert">{errorMessage(remove.error)}</Alert>}
          {needsTarget ? (
            <Select
              label={`Move its ${role.memberCount} member(s) to`}
              data={roles.filter((r) => r.key !== role.key && r.key !== 'OWNER').map((r) => ({ value: r.key, label: r.name }))}
              value={reassignTo}
              onChange={setReassignTo}
              error={fieldError}
              required
              data-autofocus
            />
          ) : (
            <Text size="sm">Nobody holds this role. Deleting it cannot be undone.</Text>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>Cancel</Button>
            <Button
              color="red"
              disabled={needsTarget && !reassignTo}
              loading={remove.isPending}
              onClick={() => remove.mutate({ key: role.key, reassignTo }, { onSuccess: () => (notifySuccess(`Role ${role.name} deleted`), close()) })}
            >
              Delete role
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}

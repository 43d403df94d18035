import { Button, Group, Modal, Select, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { Member } from '../../lib/org';
import type { Role } from '../../lib/org-catalog';
import { fieldErrorsOf } from '../../lib/form-errors';
import { errorMessage, notifySuccess } from '../../lib/notify';
import { useChangeRole } from './api';

/** Picks a new role; the API refuses roles above mine (and only an owner makes an owner). */
export function ChangeRoleModal({ slug, member, roles, onClose }: { slug: string; member: Member | null; roles: Role[]; onClose: () => void }) {
  const [role, setRole] = useState<string | null>(null);
  const change = useChangeRole(slug);
  const close = () => {
    setRole(null);
    change.reset();
    onClose();
  };
  const error = change.error ? (fieldErrorsOf(change.error).role ?? errorMessage(change.error)) : undefined;

  return (
    <Modal opened={!!member} onClose={close} title={`Change role of ${member?.name ?? ''}`}>
      {member && (
        <form
          aria-label="Change role"
          onSubmit={(e) => {
            e.preventDefault();
            if (!role) return;
            change.mutate({ id: member.id, role }, { onSuccess: () => (notifySuccess(`${member.name} is now ${role}`), close()) });
          }}
        >
          <Stack>
            <Text size="sm">Current role: {member.role}</Text>
            <Select
              label="New role"
              data={roles.map((r) => ({ value: r.key, label: r.name, disabled: r.key === member.role }))}
              value={role}
              onChange={setRole}
              error={error}
              data-autofocus
              required
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>Cancel</Button>
              <Button type="submit" disabled={!role} loading={change.isPending}>Change role</Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}

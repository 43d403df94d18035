import { useEffect } from 'react';
import { Alert, Button, Group, Modal, Stack, TextInput, Textarea } from '@mantine/core';
import { hasLength, useForm } from '@mantine/form';
import { fieldErrorsOf } from '../../lib/form-errors';
import type { Team } from '../../lib/org-catalog';
import { useOrg } from '../../lib/org-context';
import { errorMessage, notifySuccess } from '../../lib/notify';
import { useCreateTeam, useUpdateTeam } from './api';

/** `team`: undefined = closed, null = create, a team = rename/describe it. */
export function TeamFormModal({ team, onClose }: { team: Team | null | undefined; onClose: () => void }) {
  const { slug } = useOrg();
  const create = useCreateTeam(slug);
  const update = useUpdateTeam(slug);
  const mutation = team ? update : create;
  const form = useForm({
    mode: 'uncontrolled',
    initialValues: { name: '', description: '' },
    validate: { name: hasLength({ min: 1, max: 100 }, 'Enter a name') },
  });

  useEffect(() => {
    if (team === undefined) return;
    form.setValues({ name: team?.name ?? '', description: team?.description ?? '' });
    form.clearErrors();
    create.reset();
    update.reset();
    // Re-initialize when another team is opened only.
  }, [team]);

  const submit = form.onSubmit((v) => {
    const input = { name: v.name, description: v.description || null };
    const done = {
      onSuccess: () => {
        notifySuccess(`Team ${v.name} saved`);
        onClose();
      },
      onError: (e: unknown) => form.setErrors(fieldErrorsOf(e)),
    };
    if (team) update.mutate({ id: team.id, ...input }, done);
    else create.mutate(input, done);
  });

  return (
    <Modal opened={team !== undefined} onClose={onClose} title={team ? `Edit ${team.name}` : 'New team'}>
      <form onSubmit={submit} aria-label={team ? 'Edit team' : 'New team'} noValidate>
        <Stack gap="sm">
          {mutation.error && !Object.keys(fieldErrorsOf(mutation.error)).length && <Alert color="red" role="alert">{errorMessage(mutation.error)}</Alert>}
          <TextInput label="Name" required data-autofocus key={form.key('name')} {...form.getInputProps('name')} />
          <Textarea label="Description" autosize minRows={2} key={form.key('description')} {...form.getInputProps('description')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>Cancel</Button>
            <Button type="submit" loading={mutation.isPending}>Save team</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

import { Alert, Button, Group, Modal, NumberInput, Select, Stack, TextInput, Textarea } from '@mantine/core';
import { isEmail, useForm } from '@mantine/form';
import { useQuery } from '@tanstack/react-query';
import { fieldErrorsOf, unplacedErrors } from '../../lib/form-errors';
import { rolesQuery, teamsQuery } from '../../lib/org-catalog';
import { useOrg } from '../../lib/org-context';
import { errorMessage, notifySuccess } from '../../lib/notify';
import { useInvite } from './api';

const FIELDS = ['email', 'role', 'teamId', 'expiresInDays', 'message'] as const;

export function InviteModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { slug, can, membership } = useOrg();
  const roles = useQuery(rolesQuery(slug)).data?.items ?? [];
  const teams = useQuery({ ...teamsQuery(slug), enabled: can('teams:read') }).data ?? [];
  const invite = useInvite(slug);
  const form = useForm({
    mode: 'uncontrolled',
    initialValues: { email: '', role: 'MEMBER', teamId: null as string | null, expiresInDays: 7 as number | string, message: '' },
    validate: { email: isEmail('Enter an email address') },
  });
  const close = () => {
    form.reset();
    invite.reset();
    onClose();
  };
  const submit = form.onSubmit((v) =>
    invite.mutate(
      { email: v.email, role: v.role, teamId: v.teamId, expiresInDays: Number(v.expiresInDays) || 7, message: v.message || null },
      {
        onSuccess: () => {
          notifySuccess(`Invitation sent to ${v.email}`);
          close();
        },
        onError: (e) => form.setErrors(fieldErrorsOf(e)),
      },
    ),
  );
  const summary = invite.error && (unplacedErrors(invite.error, FIELDS).join('; ') || (Object.keys(fieldErrorsOf(invite.error)).length ? '' : errorMessage(invite.error)));

  return (
    <Modal opened={opened} onClose={close} title="Invite someone">
      <form onSubmit={submit} aria-label="Invite member" noValidate>
        <Stack gap="sm">
          {summary && <Alert color="red" role="alert">{summary}</Alert>}
          <TextInput label="Email" type="email" required data-autofocus key={form.key('email')} {...form.getInputProps('email')} />
          <Select label="Role" data={roles.filter((r) => r.key !== 'OWNER' || membership.role === 'OWNER').map((r) => ({ value: r.key, label: r.name }))} allowDeselect={false} key={form.key('role')} {...form.getInputProps('role')} />
          {teams.length > 0 && (
            <Select label="Team" placeholder="No team" clearable data={teams.map((t) => ({ value: t.id, label: t.name }))} key={form.key('teamId')} {...form.getInputProps('teamId')} />
          )}
          <NumberInput label="Expires after (days)" min={1} max={30} key={form.key('expiresInDays')} {...form.getInputProps('expiresInDays')} />
          <Textarea label="Message" description="Included in the email" maxLength={1000} autosize minRows={2} key={form.key('message')} {...form.getInputProps('message')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>Cancel</Button>
            <Button type="submit" loading={invite.isPending}>Send invitation</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

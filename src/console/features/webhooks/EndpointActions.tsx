import { ActionIcon, Menu, Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import { IconDots, IconKey, IconPencil, IconPlayerPause, IconPlayerPlay, IconSend, IconTrash } from '@tabler/icons-react';
import { useOrg } from '../../lib/org-context';
import { notifyError, notifySuccess } from '../../lib/notify';
import { useDeleteEndpoint, useRotateSecret, useSendTestEvent, useUpdateEndpoint, type Endpoint } from './api';
import type { ShownSecret } from './SecretDialog';

type Props = {
  endpoint: Endpoint;
  onEdit: (e: Endpoint) => void;
  onSecret: (s: ShownSecret) => void;
  onDeleted?: () => void;
};

/** The changes one endpoint offers (webhooks:manage): edit, switch on/off, test, rotate, delete. */
export function EndpointActions({ endpoint, onEdit, onSecret, onDeleted }: Props) {
  const { slug, can } = useOrg();
  const update = useUpdateEndpoint(slug);
  const rotate = useRotateSecret(slug);
  const sendTest = useSendTestEvent(slug);
  const remove = useDeleteEndpoint(slug);
  if (!can('webhooks:manage')) return null;

  const setEnabled = (enabled: boolean) =>
    update.mutate(
      { id: endpoint.id, enabled },
      { onSuccess: () => notifySuccess(enabled ? 'Endpoint enabled' : 'Endpoint disabled'), onError: (e) => notifyError(e) },
    );

  const confirmRotate = () =>
    modals.openConfirmModal({
      title: 'Rotate the signing secret?',
      children: (
        <Text size="sm">
          A new secret signs every message from now on. The current one keeps signing alongside it for 24 hours, so
          receivers can switch over without missing a message.
        </Text>
      ),
      labels: { confirm: 'Rotate secret', cancel: 'Cancel' },
      onConfirm: () =>
        rotate.mutate(endpoint.id, {
          onSuccess: (r) => onSecret({ kind: 'rotated', url: r.url, secret: r.secret, previousValidUntil: r.previousSecretValidUntil }),
          onError: (e) => notifyError(e),
        }),
    });

  const confirmDelete = () =>
    modals.openConfirmModal({
      title: 'Delete this endpoint?',
      children: <Text size="sm">{endpoint.url} receives nothing more, and its delivery log is deleted with it.</Text>,
      labels: { confirm: 'Delete endpoint', cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: () =>
        remove.mutate(endpoint.id, { onSuccess: () => (notifySuccess('Endpoint deleted'), onDeleted?.()), onError: (e) => notifyError(e) }),
    });

  const test = () =>
    sendTest.mutate(endpoint.id, { onSuccess: () => notifySuccess('Test event queued: see the delivery log'), onError: (e) => notifyError(e) });

  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${endpoint.url}`}>
          <IconDots size={18} />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item leftSection={<IconPencil size={16} />} onClick={() => onEdit(endpoint)}>Edit</Menu.Item>
        {endpoint.enabled ? (
          <Menu.Item leftSection={<IconPlayerPause size={16} />} onClick={() => setEnabled(false)}>Disable</Menu.Item>
        ) : (
          <Menu.Item leftSection={<IconPlayerPlay size={16} />} onClick={() => setEnabled(true)}>Enable</Menu.Item>
        )}
        <Menu.Item leftSection={<IconSend size={16} />} onClick={test}>Send test event</Menu.Item>
        <Menu.Item leftSection={<IconKey size={16} />} onClick={confirmRotate}>Rotate secret</Menu.Item>
        <Menu.Divider />
        <Menu.Item color="red" leftSection={<IconTrash size={16} />} onClick={confirmDelete}>Delete</Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

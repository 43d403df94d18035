import { useState } from 'react';
import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifyError, notifySuccess } from '../../lib/notify';
import { useRowAction } from './api';

type Props = {
  module: string;
  resource: string;
  id: string;
  /** Path segment: POST /{module}/{resource}/{id}/{action}. */
  action: string;
  label: string;
  /** Names the row for screen readers: "Issue invoice 12". */
  ariaLabel: string;
  color?: string;
  variant?: 'subtle' | 'light' | 'filled' | 'default' | 'outline';
  size?: 'compact-sm' | 'sm' | 'xs';
  /** Ask first (irreversible steps). */
  confirm?: string;
  /** Ask for a reason, sent as { reason }. */
  reason?: { title: string; required?: boolean };
  done?: string;
};

/** A custom endpoint of a row as a button (issue, publish, accept…), with an optional confirmation or reason. */
export function RowActionButton({ module, resource, id, action, label, ariaLabel, color, variant = 'subtle', size = 'compact-sm', confirm, reason, done }: Props) {
  const run = useRowAction(module, resource);
  const [asking, setAsking] = useState(false);
  const [text, setText] = useState('');
  const go = (body?: unknown) =>
    run.mutate(
      { id, action, body },
      {
        onSuccess: () => {
          notifySuccess(done ?? `${label}: done`);
          setAsking(false);
          setText('');
        },
        onError: (e) => notifyError(e, `Could not ${label.toLowerCase()}`),
      },
    );
  const click = () => {
    if (reason) return setAsking(true);
    if (confirm) {
      return modals.openConfirmModal({
        title: `${label}?`,
        children: <Text size="sm">{confirm}</Text>,
        labels: { confirm: label, cancel: 'Cancel' },
        confirmProps: { color },
        onConfirm: () => go(),
      });
    }
    go();
  };
  return (
    <>
      <Button size={size} variant={variant} color={color} loading={run.isPending} onClick={click} aria-label={ariaLabel}>
        {label}
      </Button>
      {reason && (
        <Modal opened={asking} onClose={() => setAsking(false)} title={reason.title}>
          <form
            aria-label={reason.title}
            onSubmit={(e) => {
              e.preventDefault();
              go({ reason: text.trim() });
            }}
          >
            <Stack>
              <Textarea label="Reason" required={reason.required} maxLength={500} autosize minRows={3} value={text} onChange={(e) => setText(e.currentTarget.value)} data-autofocus />
              <Group justify="flex-end">
                <Button variant="default" onClick={() => setAsking(false)}>Cancel</Button>
                <Button type="submit" color={color} loading={run.isPending} disabled={reason.required && !text.trim()}>{label}</Button>
              </Group>
            </Stack>
          </form>
        </Modal>
      )}
    </>
  );
}

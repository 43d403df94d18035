import { useState } from 'react';
import { Button, Group, Modal, Stack, Textarea } from '@mantine/core';

type Props = {
  opened: boolean;
  title: string;
  confirmLabel: string;
  required: boolean;
  color?: string;
  loading: boolean;
  onConfirm: (reason: string | undefined) => void;
  onClose: () => void;
};

/** Asks for the reason the owners will read (required to reject or suspend). */
export function ReasonModal({ opened, title, confirmLabel, required, color, loading, onConfirm, onClose }: Props) {
  const [reason, setReason] = useState('');
  const close = () => {
    setReason('');
    onClose();
  };
  return (
    <Modal opened={opened} onClose={close} title={title}>
      <form
        aria-label={title}
        onSubmit={(e) => {
          e.preventDefault();
          onConfirm(reason.trim() || undefined);
        }}
      >
        <Stack>
          <Textarea
            label="Reason"
            description="Shown to the organization's owners and administrators"
            required={required}
            maxLength={1000}
            autosize
            minRows={3}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            data-autofocus
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>Cancel</Button>
            <Button type="submit" color={color} loading={loading} disabled={required && !reason.trim()}>{confirmLabel}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

import { useState } from 'react';
import { Alert, Button, Code, Group, Modal, Stack, Text, TextInput } from '@mantine/core';

type Props = {
  opened: boolean;
  title: string;
  warning: string;
  slug: string;
  confirmLabel: string;
  loading: boolean;
  onConfirm: () => void;
  onClose: () => void;
};

/** Destructive operator actions: the organization's slug must be typed, so a misclick cannot do it. */
export function ConfirmSlugModal({ opened, title, warning, slug, confirmLabel, loading, onConfirm, onClose }: Props) {
  const [typed, setTyped] = useState('');
  const close = () => {
    setTyped('');
    onClose();
  };
  return (
    <Modal opened={opened} onClose={close} title={title}>
      <form
        aria-label={title}
        onSubmit={(e) => {
          e.preventDefault();
          if (typed === slug) onConfirm();
        }}
      >
        <Stack>
          <Alert color="red">{warning}</Alert>
          <Text size="sm">
            Type <Code>{slug}</Code> to confirm.
          </Text>
          <TextInput label="Organization slug" value={typed} onChange={(e) => setTyped(e.currentTarget.value)} autoComplete="off" data-autofocus />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>Cancel</Button>
            <Button type="submit" color="red" disabled={typed !== slug} loading={loading}>{confirmLabel}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

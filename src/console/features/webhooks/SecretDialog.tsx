import { Alert, Button, Code, CopyButton, Group, Modal, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconCopy } from '@tabler/icons-react';

export type ShownSecret = { kind: 'created' | 'rotated'; url: string; secret: string; previousValidUntil?: string };

/**
 * The signing secret, shown exactly once (the API stores it encrypted and never returns it again). The
 * dialog closes only through its button, so a stray click or Escape cannot lose the secret.
 */
export function SecretDialog({ shown, onClose }: { shown: ShownSecret | null; onClose: () => void }) {
  return (
    <Modal
      opened={!!shown}
      onClose={onClose}
      title={shown?.kind === 'rotated' ? 'New signing secret' : 'Endpoint created: its signing secret'}
      closeOnClickOutside={false}
      closeOnEscape={false}
      withCloseButton={false}
      size="lg"
    >
      {shown && (
        <Stack>
          <Alert color="yellow" icon={<IconAlertTriangle />} title="Copy this secret now" role="alert">
            It is shown only this once. Tenantry keeps it encrypted and cannot show it again; if you lose it, rotate the secret.
          </Alert>
          <Text size="sm">
            Receivers at <Text span ff="monospace">{shown.url}</Text> use it to verify the <Code>webhook-signature</Code> header (Standard Webhooks).
          </Text>
          <Code block aria-label="Signing secret" style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}>{shown.secret}</Code>
          {shown.kind === 'rotated' && (
            <Text size="sm">
              The previous secret stays valid for 24 hours
              {shown.previousValidUntil ? ` (until ${new Date(shown.previousValidUntil).toLocaleString()})` : ''}: messages are signed with
              both until then, so your receivers can switch over without missing any.
            </Text>
          )}
          <Group justify="flex-end">
            <CopyButton value={shown.secret}>
              {({ copied, copy }) => (
                <Button variant="light" color={copied ? 'teal' : undefined} leftSection={copied ? <IconCheck size={16} /> : <IconCopy size={16} />} onClick={copy}>
                  {copied ? 'Copied' : 'Copy secret'}
                </Button>
              )}
            </CopyButton>
            <Button onClick={onClose}>I have stored the secret</Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}

import { Anchor, Badge, Code, DataList, Drawer, Group, Stack, Tabs, Text } from '@mantine/core';
import { Link } from 'react-router';
import type { OutboxMessage } from './api';
import { DeliveryBadge } from './DeliveryBadge';

/** Links in the plain text (the verification/reset/invitation URL), so a developer can open them. */
const urlsIn = (text: string) => [...new Set(text.match(/https?:\/\/[^\s<>"']+/g) ?? [])];

/**
 * One message as its recipient would see it. The HTML goes into an iframe with an empty `sandbox`: no
 * scripts, no forms, no same-origin access, no navigation of this page, whatever the message contains.
 */
export function MessageDrawer({ message, onClose }: { message: OutboxMessage | null; onClose: () => void }) {
  return (
    <Drawer opened={!!message} onClose={onClose} position="right" size="xl" title={message?.subject ?? ''}>
      {message && (
        <Stack>
          <DataList size="sm" labelWidth={110}>
            <DataList.Item>
              <DataList.ItemLabel>To</DataList.ItemLabel>
              <DataList.ItemValue>{message.to}</DataList.ItemValue>
            </DataList.Item>
            <DataList.Item>
              <DataList.ItemLabel>Kind</DataList.ItemLabel>
              <DataList.ItemValue><Badge variant="outline" tt="none" size="sm">{message.kind}</Badge></DataList.ItemValue>
            </DataList.Item>
            <DataList.Item>
              <DataList.ItemLabel>Written</DataList.ItemLabel>
              <DataList.ItemValue>{new Date(message.createdAt).toLocaleString()}</DataList.ItemValue>
            </DataList.Item>
            <DataList.Item>
              <DataList.ItemLabel>Delivery</DataList.ItemLabel>
              <DataList.ItemValue>
                <Group gap="xs">
                  <DeliveryBadge message={message} />
                  {message.sentAt && <Text size="sm">{new Date(message.sentAt).toLocaleString()}</Text>}
                  {message.attempts > 0 && <Text size="sm" c="dimmed">{message.attempts} attempt{message.attempts === 1 ? '' : 's'}</Text>}
                </Group>
                {message.lastError && <Text size="sm" c="red">{message.lastError}</Text>}
              </DataList.ItemValue>
            </DataList.Item>
            {message.organizationId && (
              <DataList.Item>
                <DataList.ItemLabel>Organization</DataList.ItemLabel>
                <DataList.ItemValue>
                  <Anchor component={Link} to={`/admin/organizations/${message.organizationId}`} size="sm">Open organization</Anchor>
                </DataList.ItemValue>
              </DataList.Item>
            )}
            {urlsIn(message.text).map((url) => (
              <DataList.Item key={url}>
                <DataList.ItemLabel>Link</DataList.ItemLabel>
                <DataList.ItemValue>
                  <Anchor href={url} target="_blank" rel="noopener noreferrer" size="sm" style={{ wordBreak: 'break-all' }}>{url}</Anchor>
                </DataList.ItemValue>
              </DataList.Item>
            ))}
          </DataList>
          <Tabs defaultValue="html">
            <Tabs.List>
              <Tabs.Tab value="html">HTML</Tabs.Tab>
              <Tabs.Tab value="text">Plain text</Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="html" pt="sm">
              <iframe
                title={`Email: ${message.subject}`}
                sandbox=""
                srcDoc={message.html}
                referrerPolicy="no-referrer"
                style={{ width: '100%', height: 480, border: '1px solid var(--mantine-color-default-border)', borderRadius: 8, background: '#fff' }}
              />
            </Tabs.Panel>
            <Tabs.Panel value="text" pt="sm">
              <Code block aria-label="Plain text body" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>{message.text}</Code>
            </Tabs.Panel>
          </Tabs>
        </Stack>
      )}
    </Drawer>
  );
}

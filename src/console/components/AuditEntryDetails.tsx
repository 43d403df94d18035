import type { ReactNode } from 'react';
import { ActionIcon, CopyButton, DataList, Group, SimpleGrid, Stack, Text, Title, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import { ChangesDiff } from './ChangesDiff';

// The expanded view of one audit entry, shared by the organization's log and the operator's platform
// log: the readable diff, then where the request came from (IP, user agent, request id to find it in
// the server logs) and the ids involved.

export type AuditEntryLike = {
  id: string;
  actorType: string;
  actorId: string | null;
  targetType: string;
  targetId: string | null;
  changes?: unknown;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  createdAt: string;
};

function Copyable({ value }: { value: string }) {
  return (
    <Group gap={4} wrap="nowrap">
      <Text size="sm" ff="monospace" style={{ wordBreak: 'break-all' }}>{value}</Text>
      <CopyButton value={value}>
        {({ copied, copy }) => (
          <Tooltip label={copied ? 'Copied' : 'Copy'} withArrow>
            <ActionIcon size="sm" variant="subtle" color={copied ? 'teal' : 'gray'} onClick={copy} aria-label={`Copy ${value}`}>
              {copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
            </ActionIcon>
          </Tooltip>
        )}
      </CopyButton>
    </Group>
  );
}

const orNone = (v: string | null, render: (v: string) => ReactNode = (x) => x) => (v ? render(v) : <Text size="sm" c="dimmed">not recorded</Text>);

export function AuditEntryDetails({ entry, extra }: { entry: AuditEntryLike; extra?: ReactNode }) {
  return (
    <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg" p="sm" role="region" aria-label="Audit entry details">
      <Stack gap="xs">
        <Title order={5}>Changes</Title>
        <ChangesDiff changes={entry.changes} />
      </Stack>
      <Stack gap="xs">
        <Title order={5}>Request</Title>
        <DataList size="sm" labelWidth={110}>
          <DataList.Item>
            <DataList.ItemLabel>When</DataList.ItemLabel>
            <DataList.ItemValue>{new Date(entry.createdAt).toLocaleString()} ({entry.createdAt})</DataList.ItemValue>
          </DataList.Item>
          <DataList.Item>
            <DataList.ItemLabel>IP address</DataList.ItemLabel>
            <DataList.ItemValue>{orNone(entry.ip)}</DataList.ItemValue>
          </DataList.Item>
          <DataList.Item>
            <DataList.ItemLabel>User agent</DataList.ItemLabel>
            <DataList.ItemValue>{orNone(entry.userAgent, (v) => <Text size="sm" style={{ wordBreak: 'break-word' }}>{v}</Text>)}</DataList.ItemValue>
          </DataList.Item>
          <DataList.Item>
            <DataList.ItemLabel>Request id</DataList.ItemLabel>
            <DataList.ItemValue>{orNone(entry.requestId, (v) => <Copyable value={v} />)}</DataList.ItemValue>
          </DataList.Item>
          <DataList.Item>
            <DataList.ItemLabel>Actor</DataList.ItemLabel>
            <DataList.ItemValue>
              {entry.actorType}
              {entry.actorId && <Copyable value={entry.actorId} />}
            </DataList.ItemValue>
          </DataList.Item>
          <DataList.Item>
            <DataList.ItemLabel>Target</DataList.ItemLabel>
            <DataList.ItemValue>
              {entry.targetType}
              {entry.targetId && <Copyable value={entry.targetId} />}
            </DataList.ItemValue>
          </DataList.Item>
          <DataList.Item>
            <DataList.ItemLabel>Entry id</DataList.ItemLabel>
            <DataList.ItemValue><Copyable value={entry.id} /></DataList.ItemValue>
          </DataList.Item>
        </DataList>
        {extra}
      </Stack>
    </SimpleGrid>
  );
}

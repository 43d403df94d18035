import { Text, Timeline } from '@mantine/core';
import type { HistoryEntry } from './api';

/** The organization's lifecycle events, newest first, with who did it and why. */
export function HistoryTimeline({ history }: { history: HistoryEntry[] }) {
  if (history.length === 0) return <Text size="sm" c="dimmed">No lifecycle events yet.</Text>;
  const sorted = [...history].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return (
    <Timeline bulletSize={14} lineWidth={2} active={sorted.length}>
      {sorted.map((e, i) => (
        <Timeline.Item key={`${e.createdAt}-${i}`} title={e.action}>
          <Text size="xs" c="dimmed">
            {new Date(e.createdAt).toLocaleString()} · {e.actorKind}
            {e.fromStatus || e.toStatus ? ` · ${e.fromStatus ?? '—'} → ${e.toStatus ?? '—'}` : ''}
          </Text>
          {e.reason && <Text size="sm">{e.reason}</Text>}
        </Timeline.Item>
      ))}
    </Timeline>
  );
}

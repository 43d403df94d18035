import { Badge, Group, Text, Tooltip } from '@mantine/core';
import { ALL_EVENTS, type Endpoint } from './api';

/** Enabled, switched off by someone, or switched off by the platform after repeated failures (with why). */
export function EndpointStatusBadge({ endpoint }: { endpoint: Endpoint }) {
  if (endpoint.enabled) return <Badge color="green" variant="light" size="sm">enabled</Badge>;
  if (endpoint.disabledReason) {
    return (
      <Tooltip label={endpoint.disabledReason} multiline w={260} withArrow>
        <Badge color="red" variant="light" size="sm">disabled by failures</Badge>
      </Tooltip>
    );
  }
  return <Badge color="gray" variant="light" size="sm">disabled</Badge>;
}

/** The subscribed event types; '*' reads "All events". Long lists are cut with a count. */
export function EventTypeBadges({ types, max = 3 }: { types: string[]; max?: number }) {
  if (types.includes(ALL_EVENTS)) return <Badge variant="outline" size="sm" tt="none">All events</Badge>;
  const shown = types.slice(0, max);
  return (
    <Group gap={4}>
      {shown.map((t) => <Badge key={t} variant="outline" size="sm" tt="none">{t}</Badge>)}
      {types.length > max && <Text size="xs" c="dimmed">+{types.length - max} more</Text>}
    </Group>
  );
}

import { Badge } from '@mantine/core';

const colors: Record<string, string> = { ACTIVE: 'green', PENDING: 'yellow', REJECTED: 'red', SUSPENDED: 'orange', DELETED: 'gray' };

/** An organization's (or membership's) status in the same colors everywhere. */
export function StatusBadge({ status, size = 'sm' }: { status: string; size?: 'xs' | 'sm' | 'md' }) {
  return (
    <Badge color={colors[status] ?? 'gray'} variant="light" size={size}>
      {status.toLowerCase().replace('_', ' ')}
    </Badge>
  );
}

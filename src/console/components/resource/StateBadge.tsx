import { Badge } from '@mantine/core';

const colors: Record<string, string> = {
  DRAFT: 'gray', ISSUED: 'blue', PAID: 'green', VOID: 'red',
  PUBLISHED: 'green', CLOSED: 'gray',
  REQUESTED: 'yellow', ACCEPTED: 'blue', REJECTED: 'red', CANCELLED: 'gray', FULFILLED: 'green',
  PLANNED: 'gray', ACTIVE: 'blue', COMPLETED: 'green',
  INACTIVE: 'gray',
};

/** A module row's state (invoice, listing, order, project…), the same colors on every screen. */
export function StateBadge({ state, size = 'sm' }: { state: string; size?: 'xs' | 'sm' | 'md' | 'lg' }) {
  return <Badge color={colors[state] ?? 'gray'} variant="light" size={size}>{state}</Badge>;
}

// The lifecycle buttons an organization offers in its current state, and how each one asks to be sure:
// a reason (required to reject or suspend, so owners learn why), or the slug typed out for the
// destructive ones. The server checks the same transitions; this only avoids offering refused ones.
import type { Organization } from '../../lib/org';
import type { LifecycleAction } from './api';

export type ActionSpec = {
  action: LifecycleAction;
  label: string;
  color: string;
  confirm: 'reason-required' | 'reason-optional' | 'slug' | 'none';
  done: string;
  warning?: string;
};

const specs: Record<LifecycleAction, ActionSpec> = {
  approve: { action: 'approve', label: 'Approve', color: 'green', confirm: 'reason-optional', done: 'approved' },
  reject: { action: 'reject', label: 'Reject', color: 'red', confirm: 'reason-required', done: 'rejected' },
  suspend: { action: 'suspend', label: 'Suspend', color: 'orange', confirm: 'reason-required', done: 'suspended' },
  reactivate: { action: 'reactivate', label: 'Reactivate', color: 'green', confirm: 'reason-optional', done: 'reactivated' },
  delete: {
    action: 'delete', label: 'Delete', color: 'red', confirm: 'slug', done: 'deleted',
    warning: 'Every member loses access. It can be restored within the restore window, then purged.',
  },
  restore: { action: 'restore', label: 'Restore', color: 'blue', confirm: 'none', done: 'restored' },
  purge: {
    action: 'purge', label: 'Purge', color: 'red', confirm: 'slug', done: 'purged',
    warning: 'This permanently removes the organization and everything it owns. It cannot be undone.',
  },
};

export function actionsFor(org: Organization): ActionSpec[] {
  if (org.deletedAt) return [specs.restore, specs.purge];
  const byStatus: Record<string, LifecycleAction[]> = {
    PENDING: ['approve', 'reject'],
    ACTIVE: ['suspend'],
    SUSPENDED: ['reactivate'],
    REJECTED: [],
  };
  return [...(byStatus[org.status] ?? []), 'delete' as const].map((a) => specs[a]);
}

// Which actions a row offers: those the member's status allows AND my permissions grant. The API
// enforces the same rules; hiding them here just keeps people from clicking into a 403.
import type { Member } from '../../lib/org';

export type RowAction = 'approve' | 'reject' | 'changeRole' | 'suspend' | 'reinstate' | 'offerOwnership' | 'remove';

export function actionsFor(member: Member, me: { membershipId: string; role: string; can: (p: string) => boolean }): RowAction[] {
  if (member.id === me.membershipId) return []; // leaving is on the overview page
  const out: RowAction[] = [];
  const { can } = me;
  if (member.status === 'PENDING' && can('members:approve')) out.push('approve', 'reject');
  if (member.status === 'ACTIVE' && can('members:update')) out.push('changeRole', 'suspend');
  if (member.status === 'ACTIVE' && me.role === 'OWNER' && member.role !== 'OWNER') out.push('offerOwnership');
  if (member.status === 'SUSPENDED' && can('members:update')) out.push('reinstate');
  if (member.status !== 'REMOVED' && can('members:remove')) out.push('remove');
  return out;
}

// Membership statuses and the transitions between them, in one place.
import { AppError } from '../../errors.ts';
import type { MembershipStatus } from './schema.ts';

export const MEMBERSHIP_TRANSITIONS = {
  approve: { from: ['PENDING'], to: 'ACTIVE' },
  reject: { from: ['PENDING'], to: 'REMOVED' },
  suspend: { from: ['ACTIVE'], to: 'SUSPENDED' },
  reinstate: { from: ['SUSPENDED'], to: 'ACTIVE' },
  remove: { from: ['INVITED', 'PENDING', 'ACTIVE', 'SUSPENDED'], to: 'REMOVED' },
  leave: { from: ['PENDING', 'ACTIVE'], to: 'REMOVED' },
} as const satisfies Record<string, { from: readonly MembershipStatus[]; to: MembershipStatus }>;

export type MembershipAction = keyof typeof MEMBERSHIP_TRANSITIONS;

/** The status `action` leads to from `current`, or 409 invalid_transition. */
export function nextStatus(action: MembershipAction, current: string): MembershipStatus {
  const t = MEMBERSHIP_TRANSITIONS[action];
  if (!(t.from as readonly string[]).includes(current)) {
    throw new AppError('invalid_transition', `Cannot ${action} a membership that is ${current}`);
  }
  return t.to;
}

/** Statuses that occupy a seat (count against the organization's member limit). */
export const SEAT_STATUSES: MembershipStatus[] = ['PENDING', 'ACTIVE', 'SUSPENDED'];

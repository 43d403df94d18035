// Emits a domain event into the organization's outbox, in the caller's transaction.
import type { Tx } from '../../db/client.ts';
import { domainEvents } from './schema.ts';

export const EVENT_TYPES = [
  'TENANT_CREATED', 'TENANT_APPROVED', 'TENANT_REJECTED', 'TENANT_SUSPENDED', 'TENANT_REACTIVATED',
  'TENANT_DELETED', 'TENANT_RESTORED', 'TENANT_UPDATED',
  'MEMBER_INVITED', 'MEMBER_JOINED', 'MEMBER_ROLE_CHANGED', 'MEMBER_SUSPENDED', 'MEMBER_REINSTATED',
  'MEMBER_REMOVED', 'MEMBER_LEFT', 'OWNERSHIP_TRANSFERRED',
  'ROLE_CREATED', 'ROLE_UPDATED', 'ROLE_DELETED', 'TEAM_CREATED', 'TEAM_UPDATED', 'TEAM_DELETED',
  'MODULE_ENABLED', 'MODULE_DISABLED',
] as const;

const registered = new Set<string>(EVENT_TYPES);

/** Modules register their own event types (e.g. INVOICE_ISSUED) so webhooks can subscribe to them. */
export function registerEventTypes(types: readonly string[]): void {
  for (const t of types) registered.add(t);
}
export const knownEventTypes = () => [...registered].sort();

export async function emitEvent(tx: Tx, organizationId: string, type: string, payload: Record<string, unknown>): Promise<void> {
  if (!registered.has(type)) throw new Error(`unregistered event type ${type}`);
  await tx.insert(domainEvents).values({ organizationId, type, payload });
}

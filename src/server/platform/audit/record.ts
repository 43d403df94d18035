// Records audit entries with the caller's transaction: a rolled-back change leaves no audit row, and
// a failing audit insert fails the change. Actor and request metadata come from the request scope.
import { v7 as uuidv7 } from 'uuid';
import type { Tx } from '../../db/client.ts';
import { currentScope } from '../../http/request-scope.ts';
import { auditLogs, platformAuditLogs } from './schema.ts';
import { redact } from './redact.ts';
import { emitEvent } from '../events/emit.ts';

export type AuditEntry = {
  action: string;
  targetType: string;
  targetId?: string | null;
  changes?: { before?: unknown; after?: unknown } | null;
};

function metadata() {
  const s = currentScope();
  return {
    actorType: s.actor.type,
    actorId: s.actor.id,
    actorEmail: s.actor.email,
    ip: s.ip,
    userAgent: s.userAgent,
    requestId: s.requestId,
  };
}

const changesOf = (e: AuditEntry) => (e.changes ? (redact(e.changes) as AuditEntry['changes']) : null);

/** A tenant audit row (inside withTenant the RLS policy pins it to the organization in context). */
export async function audit(tx: Tx, organizationId: string, entry: AuditEntry): Promise<void> {
  await tx.insert(auditLogs).values({
    organizationId,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId ?? null,
    changes: changesOf(entry),
    ...metadata(),
  });
}

/** An operator action: in the organization's own log and in the platform-wide log. */
export async function auditOperator(tx: Tx, organizationId: string | null, entry: AuditEntry): Promise<void> {
  if (organizationId) await audit(tx, organizationId, entry);
  await tx.insert(platformAuditLogs).values({
    id: uuidv7(),
    subjectOrganizationId: organizationId,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId ?? null,
    changes: changesOf(entry),
    ...metadata(),
  });
}

/** The usual pair for a tenant change: an audit row, and (optionally) a domain event. */
export async function recordChange(
  tx: Tx,
  organizationId: string,
  entry: AuditEntry,
  event?: { type: string; payload: Record<string, unknown> },
): Promise<void> {
  await audit(tx, organizationId, entry);
  if (event) await emitEvent(tx, organizationId, event.type, event.payload);
}

// Refused attempts are counted (Prometheus) and logged (security_events) without revealing their
// target: only the route pattern is kept, never the ids in the path, and the caller's answer is
// exactly the same as for any other refusal.
import { v7 as uuidv7 } from 'uuid';
import { Counter, type Registry } from 'prom-client';
import type { Logger } from 'pino';
import type { Database } from '../../db/client.ts';
import { currentScope } from '../../http/request-scope.ts';
import { securityEvents } from './schema.ts';

export type SecurityEventKind = 'permission_denied' | 'not_found_probe' | 'operator_required';

export function createSecurityEvents(db: Database, registry: Registry, log: Logger) {
  const counter = new Counter({
    name: 'tenantry_security_events_total',
    help: 'Refused requests: permission denials and probes of resources the caller cannot see',
    labelNames: ['kind'] as const,
    registers: [registry],
  });
  return function record(kind: SecurityEventKind, event: { userId: string | null; method: string; route: string; code: string }) {
    counter.inc({ kind });
    const scope = currentScope();
    // Off the request path: a slow insert must not delay the refusal.
    db.owner
      .insert(securityEvents)
      .values({ id: uuidv7(), kind, ...event, ip: scope.ip, userAgent: scope.userAgent, requestId: scope.requestId })
      .catch((err: unknown) => log.warn({ err }, 'could not record security event'));
  };
}

export type RecordSecurityEvent = ReturnType<typeof createSecurityEvents>;

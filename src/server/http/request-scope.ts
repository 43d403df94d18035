// Who is acting and from where, for the duration of one request or job (AsyncLocalStorage), so the
// audit log can record actor, IP, user agent and request id without threading them through every
// service signature. The data is written with the caller's transaction; this only carries metadata.
import { AsyncLocalStorage } from 'node:async_hooks';

export type ActorType = 'user' | 'api_client' | 'operator' | 'system';

export type RequestScope = {
  requestId: string | null;
  ip: string | null;
  userAgent: string | null;
  actor: { type: ActorType; id: string | null; email: string | null };
};

const storage = new AsyncLocalStorage<RequestScope>();

export const SYSTEM_SCOPE: RequestScope = { requestId: null, ip: null, userAgent: null, actor: { type: 'system', id: null, email: null } };

export function runInScope<T>(scope: RequestScope, fn: () => T): T {
  return storage.run(scope, fn);
}

export function currentScope(): RequestScope {
  return storage.getStore() ?? SYSTEM_SCOPE;
}

/** Called once authentication is known: later audit rows name the actor. */
export function setActor(actor: RequestScope['actor']): void {
  const scope = storage.getStore();
  if (scope) scope.actor = actor;
}

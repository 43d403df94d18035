// The single entry to tenant data. A TenantContext is built only by the tenant middleware (after
// checking an ACTIVE membership in an ACTIVE organization) or by platform code acting for an operator.
import type { Database, Tx } from '../db/client.ts';
import type { Permission } from './permissions.ts';

export type TenantContext = {
  readonly orgId: string;
  readonly orgSlug: string;
  readonly userId: string;
  readonly membershipId: string;
  readonly role: string;
  readonly permissions: ReadonlySet<Permission>;
  /** Modules enabled for the organization, read with the membership on every request. */
  readonly modules: ReadonlySet<string>;
};

/** What withTenant needs: the organization, and who acts (null for system jobs). */
export type TenantScope = Pick<TenantContext, 'orgId'> & { userId: string | null };

/**
 * Runs fn in one transaction as the runtime role with `app.org_id` set transaction-locally via a
 * bound parameter. When the transaction ends the setting is gone, so a pooled connection never
 * carries one request's tenant into the next.
 */
export function withTenant<T>(db: Database, scope: TenantScope, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.tenantTransaction({ orgId: scope.orgId, userId: scope.userId }, fn);
}

/**
 * Explicit platform (operator/system) access: owner-level, sees every tenant. Only platform services
 * call this, each for a named reason so the access is visible in code review and logs.
 */
export function withPlatform<T>(db: Database, _reason: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.ownerTransaction(fn);
}

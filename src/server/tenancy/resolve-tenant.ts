// Resolves the {org} path segment (id or slug) for a user: one query on every request, no cache, so
// a suspension, removal or status change takes effect at the very next request.
import { and, eq, sql } from 'drizzle-orm';
import { organizations } from '../platform/organizations/schema.ts';
import { memberships } from '../platform/members/schema.ts';
import { roles } from '../platform/roles/schema.ts';
import { AppError } from '../errors.ts';
import type { Database } from '../db/client.ts';
import { permissionsOf } from './permissions.ts';
import type { TenantContext } from './with-tenant.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type MembershipLookup = {
  id: string;
  slug: string;
  status: string;
  deleted: boolean;
  membershipId: string;
  role: string;
  membershipStatus: string;
  customPermissions: string[] | null;
  modules: string[];
};

function membershipQuery(db: Database, by: 'id' | 'slug') {
  return db.owner
    .select({
      id: organizations.id,
      slug: organizations.slug,
      status: organizations.status,
      deleted: sql<boolean>`${organizations.deletedAt} is not null`,
      membershipId: memberships.id,
      role: memberships.role,
      membershipStatus: memberships.status,
      customPermissions: roles.permissions,
      modules: sql<string[]>`array(select om.module_id from organization_modules om where om.organization_id = ${organizations}.id and om.enabled)`,
    })
    .from(organizations)
    .innerJoin(memberships, and(eq(memberships.organizationId, organizations.id), eq(memberships.userId, sql.placeholder('userId'))))
    .leftJoin(roles, and(eq(roles.organizationId, memberships.organizationId), eq(roles.key, memberships.role)))
    .where(by === 'id' ? eq(organizations.id, sql.placeholder('ref')) : eq(organizations.slug, sql.placeholder('ref')))
    .limit(1)
    .prepare(`tenantry_membership_by_${by}`);
}

// This runs on every tenant request: the statements are built once per database, not per request.
const prepared = new WeakMap<Database, Record<'id' | 'slug', ReturnType<typeof membershipQuery>>>();

/** The caller's membership in an organization named by id or slug, or undefined. */
export async function findMembership(db: Database, orgRef: string, userId: string): Promise<MembershipLookup | undefined> {
  const byId = UUID.test(orgRef);
  if (!byId && !/^[a-z0-9-]{1,64}$/.test(orgRef)) return undefined;
  let queries = prepared.get(db);
  if (!queries) {
    queries = { id: membershipQuery(db, 'id'), slug: membershipQuery(db, 'slug') };
    prepared.set(db, queries);
  }
  const [row] = await queries[byId ? 'id' : 'slug'].execute({ ref: byId ? orgRef.toLowerCase() : orgRef, userId });
  return row;
}

/** Throws the answer the caller must get unless they are an ACTIVE member of an ACTIVE organization. */
export function assertUsable(row: MembershipLookup | undefined): asserts row is MembershipLookup {
  // Non-members, inactive members and deleted organizations all look exactly like "no such organization".
  if (!row || row.deleted || row.membershipStatus !== 'ACTIVE') throw new AppError('not_found', 'Organization not found');
  if (row.status === 'PENDING') throw new AppError('organization_pending');
  if (row.status === 'REJECTED') throw new AppError('organization_rejected');
  if (row.status === 'SUSPENDED') throw new AppError('organization_suspended');
}

export async function resolveTenant(db: Database, orgRef: string, userId: string): Promise<TenantContext> {
  const row = await findMembership(db, orgRef, userId);
  assertUsable(row);
  return {
    orgId: row.id,
    orgSlug: row.slug,
    userId,
    membershipId: row.membershipId,
    role: row.role,
    permissions: permissionsOf(row.role, row.customPermissions),
    modules: new Set(row.modules),
  };
}

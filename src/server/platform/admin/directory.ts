// Operator directory (T5): every organization, searchable, filterable, sortable, cursor-paginated;
// organization detail with members and lifecycle history; user search.
import { and, asc, desc, eq, gt, gte, ilike, isNotNull, isNull, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { withPlatform } from '../../tenancy/with-tenant.ts';
import { decodeCursor, page } from '../../http/pagination.ts';
import { users } from '../../auth/schema.ts';
import { memberships } from '../members/schema.ts';
import { organizations, organizationStatusEvents, type OrganizationStatus } from '../organizations/schema.ts';
import { escapeLike } from '../organizations/service.ts';
import { iso, organizationView } from '../organizations/view.ts';
import { memberFields } from '../members/fields.ts';

export type DirectoryQuery = {
  q?: string;
  status?: OrganizationStatus;
  createdFrom?: string;
  createdTo?: string;
  deleted: 'exclude' | 'include' | 'only';
  sort: 'createdAt' | 'name' | 'slug';
  order: 'asc' | 'desc';
  limit: number;
  cursor?: string;
};

const sortColumns = { createdAt: organizations.createdAt, name: organizations.name, slug: organizations.slug } as const;

const CREATED_AT_KEY = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

export async function listOrganizations(db: Database, query: DirectoryQuery) {
  const column = sortColumns[query.sort];
  const after = decodeCursor(query.cursor);
  const beyond = query.order === 'asc' ? gt : lt;
  // createdAt keys travel at full (microsecond) precision and are compared in SQL: a JS Date keeps only
  // milliseconds, which repeats or skips rows at page boundaries.
  if (after && query.sort === 'createdAt' && !CREATED_AT_KEY.test(String(after.k))) {
    throw new AppError('validation_failed', 'Invalid cursor', { errors: [{ path: 'query.cursor', message: 'invalid cursor' }] });
  }
  const keyValue = after && (query.sort === 'createdAt' ? sql`${String(after.k)}::timestamptz` : String(after.k));
  const filters: (SQL | undefined)[] = [
    query.q
      ? or(
          ilike(organizations.name, `%${escapeLike(query.q)}%`),
          ilike(organizations.slug, `%${escapeLike(query.q)}%`),
          ilike(organizations.contactEmail, `%${escapeLike(query.q)}%`),
        )
      : undefined,
    query.status ? eq(organizations.status, query.status) : undefined,
    query.createdFrom ? gte(organizations.createdAt, new Date(query.createdFrom)) : undefined,
    query.createdTo ? lte(organizations.createdAt, new Date(query.createdTo)) : undefined,
    query.deleted === 'exclude' ? isNull(organizations.deletedAt) : query.deleted === 'only' ? isNotNull(organizations.deletedAt) : undefined,
    after && keyValue !== undefined
      ? or(beyond(column, keyValue), and(eq(column, keyValue), beyond(organizations.id, after.id)))
      : undefined,
  ];
  const direction = query.order === 'asc' ? asc : desc;
  const rows = await withPlatform(db, 'operator directory', (tx) =>
    tx
      .select({
        org: organizations,
        // Qualified by hand: drizzle renders a single-table column unqualified ("id"), which inside the
        // subquery would resolve to m.id.
        memberCount: sql<number>`(select count(*)::int from memberships m where m.organization_id = "organizations"."id" and m.status = 'ACTIVE')`,
        createdAtKey: sql<string>`to_char(${organizations.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
      })
      .from(organizations)
      .where(and(...filters))
      .orderBy(direction(column), direction(organizations.id))
      .limit(query.limit + 1),
  );
  const result = page(rows, query.limit, (r) => ({
    k: query.sort === 'createdAt' ? r.createdAtKey : r.org[query.sort],
    id: r.org.id,
  }));
  return { items: result.items.map((r) => ({ ...organizationView(r.org), memberCount: Number(r.memberCount) })), nextCursor: result.nextCursor };
}

export async function organizationDetail(db: Database, orgId: string) {
  return withPlatform(db, 'operator organization detail', async (tx) => {
    const [org] = await tx.select().from(organizations).where(eq(organizations.id, orgId));
    if (!org) throw new AppError('not_found', 'Organization not found');
    const members = await tx
      .select(memberFields)
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(eq(memberships.organizationId, orgId))
      .orderBy(asc(memberships.createdAt))
      .limit(200);
    const history = await tx
      .select()
      .from(organizationStatusEvents)
      .where(eq(organizationStatusEvents.organizationId, orgId))
      .orderBy(desc(organizationStatusEvents.createdAt))
      .limit(100);
    return {
      organization: organizationView(org),
      members: members.map((m) => ({ ...m, createdAt: iso(m.createdAt)! })),
      history: history.map((h) => ({
        action: h.action,
        fromStatus: h.fromStatus,
        toStatus: h.toStatus,
        reason: h.reason,
        actorUserId: h.actorUserId,
        actorKind: h.actorKind,
        createdAt: iso(h.createdAt)!,
      })),
    };
  });
}

export async function searchUsers(db: Database, query: { q?: string; limit: number; cursor?: string }) {
  const after = decodeCursor(query.cursor);
  const rows = await withPlatform(db, 'operator user search', (tx) =>
    tx
      .select({
        id: users.id,
        name: users.name,
        email: users.email,
        emailVerified: users.emailVerified,
        role: users.role,
        createdAt: users.createdAt,
        organizationCount: sql<number>`(select count(*)::int from memberships m where m.user_id = "users"."id" and m.status = 'ACTIVE')`,
      })
      .from(users)
      .where(
        and(
          query.q ? or(ilike(users.email, `%${escapeLike(query.q)}%`), ilike(users.name, `%${escapeLike(query.q)}%`)) : undefined,
          after ? or(gt(users.email, String(after.k)), and(eq(users.email, String(after.k)), gt(users.id, after.id))) : undefined,
        ),
      )
      .orderBy(asc(users.email), asc(users.id))
      .limit(query.limit + 1),
  );
  const result = page(rows, query.limit, (r) => ({ k: r.email, id: r.id }));
  return {
    items: result.items.map((u) => ({ ...u, isOperator: u.role === 'admin', createdAt: iso(u.createdAt)!, organizationCount: Number(u.organizationCount) })),
    nextCursor: result.nextCursor,
  };
}

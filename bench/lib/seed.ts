// Bulk seed with generate_series on the owner connection: N ACTIVE organizations, one user per
// membership (each org gets `membersPerOrg` members, the first of them OWNER), a few lifecycle events
// per org. Identifiers are gen_random_uuid(); slugs and emails carry a running number so the
// membership insert can pair users and orgs through the unique indexes.
import type { Database } from '../../src/server/db/client.ts';
import { BUILT_IN_ROLES } from '../../src/server/tenancy/permissions.ts';
import type { BenchConfig } from './config.ts';

export type SeedResult = {
  organizations: number;
  users: number;
  memberships: number;
  statusEvents: number;
  ms: number;
};

const count = async (db: Database, table: string) =>
  Number((await db.query<{ n: number | string }>(`select count(*)::int as n from ${table}`))[0]!.n);

export async function seed(db: Database, cfg: Pick<BenchConfig, 'orgs' | 'membersPerOrg' | 'statusEventsPerOrg'>): Promise<SeedResult> {
  const started = performance.now();
  const totalUsers = cfg.orgs * cfg.membersPerOrg;

  // Spread creation times over the past so keyset ordering by created_at is realistic.
  await db.query(
    `insert into organizations (id, slug, name, status, contact_email, created_at, updated_at)
     select gen_random_uuid(), 'bench-org-' || g, 'Bench Org ' || g, 'ACTIVE', 'org' || g || '@bench.example',
            now() - make_interval(hours => g), now()
     from generate_series(1, $1::int) g`,
    [cfg.orgs],
  );

  await db.query(
    `insert into users (id, name, email, email_verified, role, created_at, updated_at)
     select gen_random_uuid(), 'Bench User ' || g, 'bench-user-' || g || '@bench.example', true, 'user',
            now() - make_interval(secs => g), now()
     from generate_series(0, $1::int - 1) g`,
    [totalUsers],
  );

  // Built-in roles are rows of every organization (memberships reference them by key).
  if ((await db.query<{ t: string | null }>(`select to_regclass('public.roles')::text as t`))[0]?.t) {
    const names: Record<string, string> = { OWNER: 'Owner', ADMIN: 'Admin', MEMBER: 'Member', READ_ONLY: 'Read-only' };
    await db.query(
      `insert into roles (organization_id, id, key, name, builtin)
       select o.id, gen_random_uuid(), r.key, r.name, true
       from organizations o cross join unnest($1::text[], $2::text[]) as r(key, name)
       where o.slug like 'bench-org-%'
       on conflict do nothing`,
      [[...BUILT_IN_ROLES], BUILT_IN_ROLES.map((k) => names[k] ?? k)],
    );
  }

  // User g belongs to org (g / per) + 1; the first member of each org is its OWNER.
  await db.query(
    `insert into memberships (organization_id, id, user_id, role, status, created_at, updated_at)
     select o.id, gen_random_uuid(), u.id,
            case when g % $2::int = 0 then 'OWNER' else 'MEMBER' end, 'ACTIVE',
            o.created_at + make_interval(secs => g % $2::int), now()
     from generate_series(0, $1::int - 1) g
     join users u on u.email = 'bench-user-' || g || '@bench.example'
     join organizations o on o.slug = 'bench-org-' || (g / $2::int + 1)`,
    [totalUsers, cfg.membersPerOrg],
  );

  if (cfg.statusEventsPerOrg > 0) {
    await db.query(
      `insert into organization_status_events (organization_id, id, action, from_status, to_status, reason, actor_kind, created_at)
       select o.id, gen_random_uuid(), e.action, e.from_status, e.to_status, null, e.actor_kind,
              o.created_at + make_interval(mins => e.n)
       from organizations o
       cross join (values (1, 'created', null, 'PENDING', 'user'),
                          (2, 'approve', 'PENDING', 'ACTIVE', 'operator'),
                          (3, 'settings_updated', 'ACTIVE', 'ACTIVE', 'user')) as e(n, action, from_status, to_status, actor_kind)
       where o.slug like 'bench-org-%' and e.n <= $1::int`,
      [cfg.statusEventsPerOrg],
    );
  }

  await db.query('analyze');
  return {
    organizations: await count(db, 'organizations'),
    users: await count(db, 'users'),
    memberships: await count(db, 'memberships'),
    statusEvents: await count(db, 'organization_status_events'),
    ms: performance.now() - started,
  };
}

/** A random sample of (organization, membership) keys to read. */
export async function sampleMembershipKeys(db: Database, n: number): Promise<{ orgId: string; id: string }[]> {
  return db.query<{ orgId: string; id: string }>(
    'select organization_id as "orgId", id from memberships order by random() limit $1::int',
    [n],
  );
}

/** The ids of `n` random seeded organizations. */
export async function sampleOrganizations(db: Database, n: number): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    `select id from organizations where slug like 'bench-org-%' order by random() limit $1::int`,
    [n],
  );
  return rows.map((r) => r.id);
}

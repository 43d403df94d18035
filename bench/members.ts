// 4. Members: the per-request tenant middleware work — resolveTenant (membership check, role, custom
// role permissions, enabled modules: one query) — for a random member of an organization of 10 members
// vs. one of 10,000, in the same process; then GET /api/v1/orgs/{org}/me over HTTP with real bearer
// sessions in both. Membership cost must not depend on the organization's size.
import { randomUUID } from 'node:crypto';
import type { Database } from '../src/server/db/client.ts';
import { resolveTenant } from '../src/server/tenancy/resolve-tenant.ts';
import type { BenchConfig } from './lib/config.ts';
import { KeepAliveClient } from './lib/http.ts';
import { interleaved, type Variant, type VariantResult } from './lib/load.ts';
import { signUp, startTenantry } from './lib/tenantry.ts';

type Org = { label: string; orgId: string; members: number; userIds: string[] };
type Comparison = { variants: VariantResult[]; p50Ratio: number; p99Ratio: number; throughputRatio: number };

export type MembersResult = {
  orgs: { label: string; members: number }[];
  seedMs: number;
  resolve: Comparison & { target: number; pass: boolean };
  me: Comparison & { path: string; users: number; signUpMs: number };
};

const AUDITOR = ['organization:read', 'members:read', 'audit:read', 'audit:export'];

/** One ACTIVE org with `members` synthetic members: the first OWNER, then ADMIN, a custom role, MEMBERs. */
async function seedOrg(db: Database, label: string, members: number): Promise<string> {
  const slug = `bench-members-${label}`;
  const [org] = await db.query<{ id: string }>(
    `insert into organizations (id, slug, name, status, contact_email) values (gen_random_uuid(), $1, $2, 'ACTIVE', $3) returning id`,
    [slug, `Bench members ${label}`, `${slug}@bench.example`],
  );
  const orgId = org!.id;
  await db.query(
    `insert into roles (organization_id, id, key, name, builtin, permissions)
     select $1, gen_random_uuid(), r.key, r.name, r.builtin, r.permissions
     from (values ('OWNER', 'Owner', true, '[]'::jsonb), ('ADMIN', 'Admin', true, '[]'), ('MEMBER', 'Member', true, '[]'),
                  ('READ_ONLY', 'Read-only', true, '[]'), ('auditor', 'Auditor', false, $2::jsonb)) as r(key, name, builtin, permissions)`,
    [orgId, JSON.stringify(AUDITOR)],
  );
  await db.query(`insert into organization_modules (organization_id, id, module_id, enabled, enabled_at) values ($1, gen_random_uuid(), 'billing', true, now())`, [orgId]);
  await db.query(
    `with u as (
       insert into users (id, name, email, email_verified, role, created_at, updated_at)
       select gen_random_uuid(), 'Bench member ' || g, $2 || '-' || g || '@bench.example', true, 'user', now(), now()
       from generate_series(1, $3::int) g
       returning id)
     insert into memberships (organization_id, id, user_id, role, status)
     select $1, gen_random_uuid(), x.id,
            case when x.n = 1 then 'OWNER' when x.n % 10 = 2 then 'ADMIN' when x.n % 10 = 3 then 'auditor' else 'MEMBER' end, 'ACTIVE'
     from (select id, row_number() over () as n from u) x`,
    [orgId, slug, members],
  );
  return orgId;
}

function compare(variants: VariantResult[]): Comparison {
  const [s, l] = variants as [VariantResult, VariantResult];
  return { variants, p50Ratio: l.latencyMs.p50 / s.latencyMs.p50, p99Ratio: l.latencyMs.p99 / s.latencyMs.p99, throughputRatio: s.medianOpsPerSec / l.medianOpsPerSec };
}

export async function members(db: Database, cfg: BenchConfig, progress: (m: string) => void): Promise<MembersResult> {
  const users = Math.min(cfg.apiUsers, cfg.smallOrgMembers - 1, cfg.largeOrgMembers - 1);
  const sizes = [['small', cfg.smallOrgMembers], ['large', cfg.largeOrgMembers]] as const;
  const t0 = performance.now();
  const orgs: Org[] = [];
  // The signed-up users take `users` of each org's seats, so the orgs hold exactly the configured counts.
  for (const [label, n] of sizes) orgs.push({ label, orgId: await seedOrg(db, label, n - users), members: n, userIds: [] });
  await db.query('analyze organizations, memberships, roles, users, organization_modules');
  const seedMs = performance.now() - t0;

  const tenantry = await startTenantry(db);
  const client = new KeepAliveClient(tenantry.base, cfg.concurrency);
  try {
    const t1 = performance.now();
    const accounts: { token: string; id: string }[] = [];
    for (let i = 0; i < users; i++) accounts.push(await signUp(tenantry.base, `members-${i}`));
    const signUpMs = performance.now() - t1;
    for (const org of orgs) {
      for (const a of accounts) {
        await db.query(`insert into memberships (organization_id, id, user_id, role, status) values ($1, gen_random_uuid(), $2, 'MEMBER', 'ACTIVE')`, [org.orgId, a.id]);
      }
      org.userIds = (await db.query<{ u: string }>('select user_id as u from memberships where organization_id = $1', [org.orgId])).map((r) => r.u);
      if (org.userIds.length !== org.members) throw new Error(`${org.label} org has ${org.userIds.length} members, expected ${org.members}`);
    }
    await db.query('analyze memberships');

    // Sanity before timing: a member resolves with permissions (custom role included); a stranger is refused.
    const [small, large] = orgs as [Org, Org];
    const [auditor] = await db.query<{ u: string }>(`select user_id as u from memberships where organization_id = $1 and role = 'auditor' limit 1`, [large.orgId]);
    const ctx = await resolveTenant(db, large.orgId, auditor?.u ?? large.userIds[0]!);
    if (auditor && [...ctx.permissions].sort().join() !== [...AUDITOR].sort().join()) throw new Error('custom role permissions not resolved');
    if (!ctx.modules.has('billing')) throw new Error('enabled modules not resolved');
    const stranger = small.userIds.find((u) => !accounts.some((a) => a.id === u))!;
    if (await resolveTenant(db, large.orgId, stranger).then(() => true, () => false)) throw new Error('a non-member resolved a tenant');
    const notMine = await client.get(`/api/v1/orgs/${randomUUID()}/me`, { authorization: `Bearer ${accounts[0]!.token}` });
    if (notMine.status !== 404) throw new Error(`/me of an unknown org answered ${notMine.status}`);

    const pickIn = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)]!;
    const opts = { ...cfg, maxOps: cfg.maxOpsPerRun };
    progress('  resolveTenant');
    const resolveVariants = await interleaved(
      orgs.map((org): Variant => ({
        name: `resolveTenant, ${org.members.toLocaleString('en-US')} members`,
        op: async () => {
          const t = await resolveTenant(db, org.orgId, pickIn(org.userIds));
          return t.orgId === org.orgId && t.permissions.size > 0;
        },
      })),
      opts,
      progress,
    );
    const resolve = compare(resolveVariants);

    progress('  GET /api/v1/orgs/{org}/me');
    for (const org of orgs) {
      const r = await client.get(`/api/v1/orgs/${org.orgId}/me`, { authorization: `Bearer ${accounts[0]!.token}` });
      const body = JSON.parse(r.body.toString()) as { organization?: { id: string }; role?: string };
      if (r.status !== 200 || body.organization?.id !== org.orgId || body.role !== 'MEMBER') throw new Error(`/me answered ${r.status}: ${r.body.toString()}`);
    }
    const meVariants = await interleaved(
      orgs.map((org): Variant => ({
        name: `/me, ${org.members.toLocaleString('en-US')} members`,
        op: async () => (await client.get(`/api/v1/orgs/${org.orgId}/me`, { authorization: `Bearer ${pickIn(accounts).token}` })).status === 200,
      })),
      opts,
      progress,
    );
    return {
      orgs: orgs.map((o) => ({ label: o.label, members: o.members })),
      seedMs,
      resolve: { ...resolve, target: cfg.membersTargetRatio, pass: resolve.p50Ratio <= cfg.membersTargetRatio },
      me: { ...compare(meVariants), path: 'GET /api/v1/orgs/{org}/me', users: accounts.length, signUpMs },
    };
  } finally {
    client.close();
    await tenantry.close();
  }
}

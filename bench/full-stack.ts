// 2. Full stack: authenticated GET /api/v1/orgs/{org}/members?limit=20 over real HTTP (Better Auth
// bearer session → tenant resolution → permission → withTenant → zod-validated JSON) versus a bare
// Hono route that runs the same list SQL on the owner connection with no auth and no tenancy.
import { asc, eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { users } from '../src/server/auth/schema.ts';
import type { Database } from '../src/server/db/client.ts';
import { page } from '../src/server/http/pagination.ts';
import { memberships } from '../src/server/platform/members/schema.ts';
import type { BenchConfig } from './lib/config.ts';
import { KeepAliveClient, listen } from './lib/http.ts';
import { interleaved, type Variant, type VariantResult } from './lib/load.ts';
import { sampleOrganizations } from './lib/seed.ts';
import { signUp, startTenantry } from './lib/tenantry.ts';

export type FullStackResult = {
  path: string;
  users: number;
  organizations: number;
  signUpMs: number;
  variants: VariantResult[];
  ratio: number;
};

/** The members list's query, minus tenancy: one org's memberships joined with users, keyset order. */
function bareApp(db: Database) {
  const app = new Hono();
  app.get('/orgs/:org/members', async (c) => {
    const limit = Math.min(Math.max(Number(c.req.query('limit') ?? 25) || 25, 1), 100);
    const rows = await db.owner
      .select({
        id: memberships.id,
        userId: memberships.userId,
        name: users.name,
        email: users.email,
        role: memberships.role,
        status: memberships.status,
        createdAt: memberships.createdAt,
      })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(eq(memberships.organizationId, c.req.param('org')))
      .orderBy(asc(memberships.createdAt), asc(memberships.id))
      .limit(limit + 1);
    const result = page(rows, limit, (r) => ({ k: r.createdAt.toISOString(), id: r.id }));
    return c.json({ items: result.items.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })), nextCursor: result.nextCursor });
  });
  return app;
}

export async function fullStack(db: Database, cfg: BenchConfig, progress: (m: string) => void): Promise<FullStackResult> {
  const tenantry = await startTenantry(db);
  const bare = await listen(bareApp(db).fetch, 'bare hono');

  // Real users with real sessions, each an ACTIVE MEMBER of a few seeded organizations.
  const t0 = performance.now();
  const accounts: { token: string; id: string }[] = [];
  for (let i = 0; i < cfg.httpUsers; i++) accounts.push(await signUp(tenantry.base, i));
  const signUpMs = performance.now() - t0;
  const orgIds = await sampleOrganizations(db, Math.min(cfg.orgs, cfg.httpUsers * cfg.orgsPerHttpUser));
  const pairs: { token: string; orgId: string }[] = [];
  for (const [i, orgId] of orgIds.entries()) {
    const account = accounts[i % accounts.length]!;
    await db.query(
      `insert into memberships (organization_id, id, user_id, role, status) values ($1, gen_random_uuid(), $2, 'MEMBER', 'ACTIVE')
       on conflict do nothing`,
      [orgId, account.id],
    );
    pairs.push({ token: account.token, orgId });
  }
  await db.query('analyze memberships');

  const path = (orgId: string) => `/api/v1/orgs/${orgId}/members?limit=${cfg.pageSize}`;
  const barePath = (orgId: string) => `/orgs/${orgId}/members?limit=${cfg.pageSize}`;
  const appClient = new KeepAliveClient(tenantry.base, cfg.concurrency);
  const bareClient = new KeepAliveClient(bare.base, cfg.concurrency);
  try {
    // Both endpoints must answer the same page before their speed is compared.
    const probe = pairs[0]!;
    const viaApp = await appClient.get(path(probe.orgId), { authorization: `Bearer ${probe.token}` });
    const viaBare = await bareClient.get(barePath(probe.orgId));
    if (viaApp.status !== 200) throw new Error(`members list answered ${viaApp.status}: ${viaApp.body.toString()}`);
    const ids = (r: { body: Buffer }) => (JSON.parse(r.body.toString()) as { items: { id: string }[] }).items.map((x) => x.id).join(',');
    if (ids(viaApp) !== ids(viaBare)) throw new Error('the bare route and the members list returned different pages');
    if ((JSON.parse(viaApp.body.toString()) as { items: unknown[] }).items.length !== Math.min(cfg.pageSize, cfg.membersPerOrg + 1)) {
      throw new Error('the members list returned an unexpected page size');
    }

    const pick = () => pairs[Math.floor(Math.random() * pairs.length)]!;
    const full: Variant = {
      name: 'Tenantry (auth + RLS)',
      op: async () => {
        const p = pick();
        const r = await appClient.get(path(p.orgId), { authorization: `Bearer ${p.token}` });
        return r.status === 200;
      },
    };
    const plain: Variant = {
      name: 'bare Hono (same SQL)',
      op: async () => (await bareClient.get(barePath(pick().orgId))).status === 200,
    };
    const variants = await interleaved([full, plain], { ...cfg, maxOps: cfg.maxOpsPerRun }, progress);
    const [f, b] = variants as [VariantResult, VariantResult];
    return {
      path: `GET /api/v1/orgs/{org}/members?limit=${cfg.pageSize}`,
      users: accounts.length,
      organizations: pairs.length,
      signUpMs,
      variants: [b, f],
      ratio: f.medianOpsPerSec / b.medianOpsPerSec,
    };
  } finally {
    appClient.close();
    bareClient.close();
    await bare.close();
    await tenantry.close();
  }
}

// 5. Module tables: list (page of 50 ISSUED invoices by due date, newest first) and get by id on
// billing_invoices holding 1M rows over 1,000 organizations, one of which holds 10 % of them. Each is
// measured through the full HTTP stack (bearer session → tenant → module guard → permission →
// withTenant/RLS → zod) and as the same SQL run plainly on the owner connection in this process (with
// the organization_id predicate RLS would add), for small organizations and for the large one. The
// isolation check: small organizations' list p99 measured right before and right after the large
// neighbour's rows are inserted (same database, organizations, users and variants; only the rows differ).
import { and, desc, eq } from 'drizzle-orm';
import type { Database } from '../src/server/db/client.ts';
import { invoices } from '../src/server/modules/billing/schema.ts';
import { keyExpression } from '../src/server/modules/toolkit/keyset.ts';
import type { BenchConfig } from './lib/config.ts';
import { openBenchDatabase, type EngineChoice } from './lib/engine.ts';
import { KeepAliveClient } from './lib/http.ts';
import { interleaved, type Variant, type VariantResult } from './lib/load.ts';
import { moduleOrgId, seedInvoices, seedModuleOrgs } from './lib/module-seed.ts';
import { signUp, startTenantry } from './lib/tenantry.ts';

export type ModuleTablesResult = {
  database: string;
  serverVersion: string | null;
  rows: number;
  organizations: number;
  largeRows: number;
  smallOrgsMeasured: number;
  seedMs: { smallOrgs: number; largeOrg: number };
  paths: { list: string; get: string };
  /** Small organizations' list before the large organization's rows existed. */
  before: VariantResult[];
  after: VariantResult[];
  /** HTTP req/s ÷ plain SQL ops/s. */
  ratios: { label: string; ratio: number }[];
  isolation: {
    httpP99Before: number; httpP99After: number; ratio: number; httpP50Ratio: number;
    sqlP99Before: number; sqlP99After: number; sqlRatio: number; target: number; pass: boolean;
  };
};

type Group = { label: string; orgIds: string[]; ids: Map<string, string[]> };
const pick = <T>(xs: readonly T[]) => xs[Math.floor(Math.random() * xs.length)]!;

/** Runs on a database of its own, dropped as soon as the run ends (1M rows need not outlive it). */
export async function moduleTables(choice: EngineChoice, cfg: BenchConfig, progress: (m: string) => void): Promise<ModuleTablesResult> {
  const bench = await openBenchDatabase(choice, cfg.concurrency);
  try {
    return await run(bench.db, bench.name, cfg, progress);
  } finally {
    await bench.release();
  }
}

async function run(db: Database, name: string, cfg: BenchConfig, progress: (m: string) => void): Promise<ModuleTablesResult> {
  const orgCount = cfg.moduleOrgs;
  const largeRows = Math.round(cfg.moduleRows * cfg.moduleLargeShare);
  const limit = cfg.modulePageSize;
  // Organization 1 is the large one; the measured small ones are spread over 2..orgCount.
  const smallCount = Math.min(cfg.moduleSmallOrgs, orgCount - 1);
  const smallNs = Array.from({ length: smallCount }, (_, i) => 2 + Math.floor((i * (orgCount - 1)) / smallCount));
  const small: Group = { label: 'small', orgIds: smallNs.map(moduleOrgId), ids: new Map() };
  const large: Group = { label: 'large', orgIds: [moduleOrgId(1)], ids: new Map() };

  progress(`  seeding ${name}: ${(cfg.moduleRows - largeRows).toLocaleString('en-US')} invoices over ${orgCount - 1} small orgs …`);
  let t0 = performance.now();
  await seedModuleOrgs(db, orgCount);
  await seedInvoices(db, { first: 2, last: orgCount, rows: cfg.moduleRows - largeRows, customersPerOrg: cfg.moduleCustomersPerOrg }, progress);
  const smallSeedMs = performance.now() - t0;

  const tenantry = await startTenantry(db);
  const client = new KeepAliveClient(tenantry.base, cfg.concurrency);
  try {
    const accounts: { token: string; id: string }[] = [];
    for (let i = 0; i < cfg.apiUsers; i++) accounts.push(await signUp(tenantry.base, `modules-${i}`));
    for (const orgId of [...small.orgIds, ...large.orgIds]) {
      for (const a of accounts) {
        await db.query(`insert into memberships (organization_id, id, user_id, role, status) values ($1, gen_random_uuid(), $2, 'MEMBER', 'ACTIVE')`, [orgId, a.id]);
      }
    }
    const auth = () => ({ authorization: `Bearer ${pick(accounts).token}` });
    const listPath = (orgId: string) => `/api/v1/orgs/${orgId}/billing/invoices?status=ISSUED&sort=dueDate&order=desc&limit=${limit}`;
    const listSql = (orgId: string) =>
      db.owner
        .select({ row: invoices, key: keyExpression(invoices.dueDate) })
        .from(invoices)
        .where(and(eq(invoices.organizationId, orgId), eq(invoices.status, 'ISSUED')))
        .orderBy(desc(invoices.dueDate), desc(invoices.id))
        .limit(limit + 1);
    const getSql = (orgId: string, id: string) => db.owner.select().from(invoices).where(and(eq(invoices.organizationId, orgId), eq(invoices.id, id)));

    // Ids to get, and proof that HTTP and plain SQL answer the same page before their speed is compared.
    async function prepare(g: Group) {
      for (const orgId of g.orgIds) {
        const rows = await db.query<{ id: string }>('select id from billing_invoices where organization_id = $1 order by random() limit 500', [orgId]);
        if (rows.length === 0) throw new Error(`organization ${orgId} has no invoices`);
        g.ids.set(orgId, rows.map((r) => r.id));
        const viaHttp = await client.get(listPath(orgId), auth());
        if (viaHttp.status !== 200) throw new Error(`invoice list answered ${viaHttp.status}: ${viaHttp.body.toString()}`);
        const httpIds = (JSON.parse(viaHttp.body.toString()) as { items: { id: string }[] }).items.map((x) => x.id);
        const sqlIds = (await listSql(orgId)).slice(0, limit).map((r) => r.row.id);
        if (httpIds.length === 0 || httpIds.join() !== sqlIds.join()) throw new Error('the HTTP list and the plain SQL returned different pages');
        const one = await client.get(`/api/v1/orgs/${orgId}/billing/invoices/${rows[0]!.id}`, auth());
        if (one.status !== 200 || (JSON.parse(one.body.toString()) as { id: string }).id !== rows[0]!.id) throw new Error(`invoice get answered ${one.status}`);
      }
    }

    const variants = (g: Group) => {
      const randomId = () => {
        const orgId = pick(g.orgIds);
        return { orgId, id: pick(g.ids.get(orgId)!) };
      };
      return {
        listHttp: { name: `list ${g.label}, HTTP`, op: async () => (await client.get(listPath(pick(g.orgIds)), auth())).status === 200 } satisfies Variant,
        listSql: { name: `list ${g.label}, plain SQL`, op: async () => (await listSql(pick(g.orgIds))).length > 0 } satisfies Variant,
        getHttp: {
          name: `get ${g.label}, HTTP`,
          op: async () => {
            const k = randomId();
            return (await client.get(`/api/v1/orgs/${k.orgId}/billing/invoices/${k.id}`, auth())).status === 200;
          },
        } satisfies Variant,
        getSql: {
          name: `get ${g.label}, plain SQL`,
          op: async () => {
            const k = randomId();
            return (await getSql(k.orgId, k.id)).length === 1;
          },
        } satisfies Variant,
      };
    };
    const opts = { ...cfg, maxOps: cfg.maxOpsPerRun };

    await prepare(small);
    const s = variants(small);
    progress('  small orgs, large neighbour absent');
    const before = await interleaved([s.listHttp, s.listSql], opts, progress);

    progress(`  seeding the large org: ${largeRows.toLocaleString('en-US')} invoices …`);
    t0 = performance.now();
    await seedInvoices(db, { first: 1, last: 1, rows: largeRows, customersPerOrg: cfg.moduleCustomersPerOrg }, progress);
    const largeSeedMs = performance.now() - t0;
    await prepare(large);
    // Negative controls (prepare() was the positive one): another organization's invoice is a 404 both ways.
    const smallId = small.ids.get(small.orgIds[0]!)![0]!;
    const largeId = large.ids.get(large.orgIds[0]!)![0]!;
    for (const [orgId, id] of [[large.orgIds[0]!, smallId], [small.orgIds[0]!, largeId]] as const) {
      const foreign = await client.get(`/api/v1/orgs/${orgId}/billing/invoices/${id}`, auth());
      if (foreign.status !== 404) throw new Error(`another organization's invoice answered ${foreign.status}`);
    }

    // The same two variants right after the seed, then the rest: before/after differ only by the rows.
    progress('  small orgs, large neighbour present');
    const smallAfter = await interleaved([s.listHttp, s.listSql], opts, progress);
    const l = variants(large);
    progress('  get small; list and get large');
    const after = [...smallAfter, ...(await interleaved([s.getHttp, s.getSql, l.listHttp, l.listSql, l.getHttp, l.getSql], opts, progress))];
    const by = (xs: VariantResult[], n: string) => xs.find((v) => v.name === n)!;
    const ratio = (g: Group, op: 'list' | 'get') => ({
      label: `${op} ${g.label}`,
      ratio: by(after, `${op} ${g.label}, HTTP`).medianOpsPerSec / by(after, `${op} ${g.label}, plain SQL`).medianOpsPerSec,
    });
    const at = (xs: VariantResult[], n: string) => by(xs, n).latencyMs;
    const isolation = {
      httpP99Before: at(before, s.listHttp.name).p99,
      httpP99After: at(after, s.listHttp.name).p99,
      sqlP99Before: at(before, s.listSql.name).p99,
      sqlP99After: at(after, s.listSql.name).p99,
      httpP50Ratio: at(after, s.listHttp.name).p50 / at(before, s.listHttp.name).p50,
    };
    const isoRatio = isolation.httpP99After / isolation.httpP99Before;
    const [version] = await db.query<{ v: string }>("select current_setting('server_version') as v");
    return {
      database: name,
      serverVersion: version?.v ?? null,
      rows: Number((await db.query<{ n: number }>('select count(*)::int as n from billing_invoices'))[0]!.n),
      organizations: orgCount,
      largeRows,
      smallOrgsMeasured: small.orgIds.length,
      seedMs: { smallOrgs: smallSeedMs, largeOrg: largeSeedMs },
      paths: { list: `GET /api/v1/orgs/{org}/billing/invoices?status=ISSUED&sort=dueDate&order=desc&limit=${limit}`, get: 'GET /api/v1/orgs/{org}/billing/invoices/{id}' },
      before,
      after,
      ratios: [ratio(small, 'list'), ratio(large, 'list'), ratio(small, 'get'), ratio(large, 'get')],
      isolation: { ...isolation, ratio: isoRatio, sqlRatio: isolation.sqlP99After / isolation.sqlP99Before, target: cfg.moduleTargetRatio, pass: isoRatio <= cfg.moduleTargetRatio },
    };
  } finally {
    client.close();
    await tenantry.close();
  }
}

// `npm run bench`: seeds a throw-away database and runs the foundation's benchmarks —
//   1. isolation tax (withTenant vs. plain owner query vs. naive 4-round-trip transaction),
//   2. full stack over HTTP (authenticated members list vs. a bare Hono route with the same SQL),
//   3. server start-up time and idle memory (PGlite and, when a server answers, PostgreSQL),
//   4. members: resolveTenant in a 10- vs. a 10,000-member organization, and GET /orgs/{org}/me over HTTP,
//   5. module tables: billing invoice list/get over HTTP vs. plain SQL on 1M rows with a 10 % neighbour.
// Settings come from BENCH_* environment variables (bench/lib/config.ts). Results are printed as
// tables and written to bench/results/<timestamp>.json and bench/results/latest.json.
import os from 'node:os';
import { fullStack, type FullStackResult } from './full-stack.ts';
import { isolationTax, type IsolationResult } from './isolation-tax.ts';
import { members, type MembersResult } from './members.ts';
import { moduleTables, type ModuleTablesResult } from './module-tables.ts';
import { runCleanup } from './lib/cleanup.ts';
import { loadBenchConfig, type BenchName } from './lib/config.ts';
import { chooseEngine, openBenchDatabase, redact } from './lib/engine.ts';
import type { VariantResult } from './lib/load.ts';
import { fmtInt, fmtMs, fmtRatio, table, writeResults } from './lib/report.ts';
import { seed, type SeedResult } from './lib/seed.ts';
import { startup, type StartupRun } from './startup.ts';

const progress = (m: string) => process.stderr.write(`${m}\n`);

type Results = {
  startedAt: string;
  finishedAt?: string;
  environment: Record<string, unknown>;
  config: ReturnType<typeof loadBenchConfig>;
  seed?: SeedResult;
  isolation?: IsolationResult;
  fullStack?: FullStackResult;
  startup?: StartupRun[];
  members?: MembersResult;
  modules?: ModuleTablesResult;
  error?: string;
};

function variantRows(variants: VariantResult[]) {
  return variants.map((v) => [
    v.name,
    fmtInt(v.medianOpsPerSec),
    v.rounds.map((r) => fmtInt(r.opsPerSec)).join(' / '),
    fmtMs(v.latencyMs.p50),
    fmtMs(v.latencyMs.p99),
    v.errors,
  ]);
}

const fmtLoad = (l: unknown) => (Array.isArray(l) ? l.map((x: number) => x.toFixed(2)).join(' ') : 'n/a');

const verdict = (pass: boolean) => (pass ? 'PASS' : 'BELOW TARGET');

function printMembers(m: MembersResult, headers: string[]): string[] {
  const sizes = m.orgs.map((o) => `${o.label} ${fmtInt(o.members)} members`).join(', ');
  const ratios = (c: { p99Ratio: number; throughputRatio: number }) => `p99: ${fmtRatio(c.p99Ratio)}; throughput small / large: ${fmtRatio(c.throughputRatio)}`;
  return [
    `4. Members — resolveTenant(db, org, user), the tenant middleware's per-request work (membership, role, custom permissions, enabled modules), ` +
      `random member per call, same process; orgs: ${sizes} (seeded in ${fmtInt(m.seedMs)} ms)`,
    table(headers, variantRows(m.resolve.variants), [1, 3, 4, 5]),
    `ratio large / small p50 latency: ${fmtRatio(m.resolve.p50Ratio)}  (target ≤ ${fmtRatio(m.resolve.target)}: ${verdict(m.resolve.pass)}); ${ratios(m.resolve)}`,
    '',
    `   ${m.me.path} over HTTP (${m.me.users} users signed up in ${fmtInt(m.me.signUpMs)} ms, members of both orgs; bearer sessions, keep-alive)`,
    table(headers.map((h) => h.replace('ops/s', 'req/s')), variantRows(m.me.variants), [1, 3, 4, 5]),
    `ratio large / small p50 latency: ${fmtRatio(m.me.p50Ratio)}; ${ratios(m.me)}`,
  ];
}

function printModules(m: ModuleTablesResult, headers: string[]): string[] {
  const smallRows = (m.rows - m.largeRows) / (m.organizations - 1);
  const i = m.isolation;
  const hs = headers.map((h) => h.replace('ops/s', 'op/s'));
  const p50 = (op: string) => {
    const v = (org: string) => m.after.find((x) => x.name === `${op} ${org}, HTTP`)!.latencyMs.p50;
    return fmtRatio(v('large') / v('small'));
  };
  return [
    `5. Module tables — billing_invoices: ${fmtInt(m.rows)} rows over ${fmtInt(m.organizations)} orgs in ${m.database} (one org holds ${fmtInt(m.largeRows)}, ` +
      `the others ≈ ${fmtInt(smallRows)} each; 30 % ISSUED); seeded in ${fmtInt(m.seedMs.smallOrgs / 1000)} s + ${fmtInt(m.seedMs.largeOrg / 1000)} s (large org)`,
    `   list = ${m.paths.list}; get = ${m.paths.get}`,
    `   plain SQL = the same query on the owner connection in this process; small = ${m.smallOrgsMeasured} small orgs picked at random per call`,
    '   a) small orgs, before the large org\'s rows existed',
    table(hs, variantRows(m.before), [1, 3, 4, 5]),
    `   b) with the large org's ${fmtInt(m.largeRows)} rows`,
    table(hs, variantRows(m.after), [1, 3, 4, 5]),
    `ratio HTTP / plain SQL (throughput): ${m.ratios.map((r) => `${r.label} ${fmtRatio(r.ratio)}`).join(', ')}`,
    `ratio large / small p50 over HTTP: list ${p50('list')}, get ${p50('get')}`,
    `isolation: small-org list p99 over HTTP ${fmtMs(i.httpP99Before)} ms without the large neighbour's rows, ${fmtMs(i.httpP99After)} ms with them: ` +
      `ratio ${fmtRatio(i.ratio)}  (target ≤ ${fmtRatio(i.target)}: ${verdict(i.pass)})`,
    `           for context: HTTP p50 ratio ${fmtRatio(i.httpP50Ratio)}; plain SQL p99 ${fmtMs(i.sqlP99Before)} → ${fmtMs(i.sqlP99After)} ms, ratio ${fmtRatio(i.sqlRatio)}`,
  ];
}

function print(r: Results) {
  const out: string[] = [];
  const e = r.environment;
  out.push('', `Tenantry benchmarks — ${r.startedAt}`);
  out.push(
    table(
      ['environment', ''],
      [
        ['cpus', `${e.cpus} × ${e.cpuModel}`],
        ['memory', `${e.memoryGb} GB`],
        ['node', `${e.node} (${e.platform})`],
        ['load average', `${fmtLoad(e.loadAverageAtStart)} at start, ${fmtLoad(e.loadAverageAtEnd)} at end (1/5/15 min; other work on the machine skews results)`],
        ['engine', `${e.engine} (${e.engineReason})`],
        ['database', `${e.database}${e.serverVersion ? `, server ${e.serverVersion}` : ''}`],
        ['run settings', `${r.config.concurrency} workers, ${r.config.rounds} rounds × ${r.config.seconds} s per variant, ${r.config.warmupSeconds} s warm-up`],
        ['benchmarks', r.config.only.join(', ')],
      ],
    ),
  );
  if (r.seed) {
    out.push('', `Seed (${fmtInt(r.seed.ms)} ms): ${fmtInt(r.seed.organizations)} organizations (ACTIVE), ${fmtInt(r.seed.users)} users, ` +
      `${fmtInt(r.seed.memberships)} memberships, ${fmtInt(r.seed.statusEvents)} organization_status_events`);
  }
  const headers = ['variant', 'median ops/s', 'per round ops/s', 'p50 ms', 'p99 ms', 'errors'];
  if (r.isolation) {
    const i = r.isolation;
    out.push('', `1. Isolation tax — primary-key read of one membership of a random org (${fmtInt(i.keys)} keys), Drizzle, same process`);
    out.push(table(headers, variantRows(i.variants), [1, 3, 4, 5]));
    out.push(`ratio withTenant / plain: ${fmtRatio(i.ratio)}  (target ≥ ${fmtRatio(i.target)}: ${i.pass ? 'PASS' : 'BELOW TARGET'})`);
    out.push(`ratio naive / plain:      ${fmtRatio(i.naiveRatio)}  (for context)`);
  }
  if (r.fullStack) {
    const f = r.fullStack;
    out.push('', `2. Full stack — ${f.path} over HTTP on 127.0.0.1 (${f.users} users signed up in ${fmtInt(f.signUpMs)} ms, members of ${f.organizations} orgs; keep-alive, ${r.config.concurrency} connections)`);
    out.push(table(headers.map((h) => h.replace('ops/s', 'req/s')), variantRows(f.variants), [1, 3, 4, 5]));
    out.push(`ratio Tenantry / bare: ${fmtRatio(f.ratio)}`);
  }
  if (r.startup) {
    out.push('', `3. Start-up — node src/server/main.ts until /readyz = 200; RSS after ${r.config.idleMs} ms idle`);
    out.push(
      table(
        ['engine', 'start', 'ready ms', 'self-reported ms', 'RSS MB', 'peak RSS MB'],
        r.startup.map((s) => [s.engine, s.start, fmtInt(s.readyMs), s.selfReportedMs ?? 'n/a', fmtMs(s.rssMb), fmtMs(s.peakRssMb)]),
        [2, 3, 4, 5],
      ),
    );
  }
  if (r.members) out.push('', ...printMembers(r.members, headers));
  if (r.modules) out.push('', ...printModules(r.modules, headers));
  if (r.error) out.push('', `FAILED: ${r.error}`);
  process.stdout.write(out.join('\n') + '\n');
}

async function main(): Promise<number> {
  const cfg = loadBenchConfig();
  const startedAt = new Date();
  const results: Results = { startedAt: startedAt.toISOString(), environment: {}, config: cfg };
  const cpus = os.cpus();
  try {
    const choice = await chooseEngine(cfg);
    Object.assign(results.environment, {
      cpus: os.availableParallelism(),
      cpuModel: cpus[0]?.model.trim() ?? 'unknown',
      memoryGb: Math.round(os.totalmem() / 1e8) / 10,
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
      engine: choice.engine,
      engineReason: choice.reason,
      server: choice.serverUrl ? redact(choice.serverUrl) : null,
      loadAverageAtStart: os.loadavg().map((l) => Math.round(l * 100) / 100),
    });
    progress(`engine: ${choice.engine} (${choice.reason}); node ${process.version}; ${os.availableParallelism()} cpus`);

    const wants = (...names: BenchName[]) => names.some((n) => cfg.only.includes(n));
    const main = wants('isolation', 'fullstack', 'members') ? await openBenchDatabase(choice, cfg.concurrency) : undefined;
    if (main) {
      const { db, name } = main;
      const [version] = await db.query<{ v: string }>("select current_setting('server_version') as v");
      Object.assign(results.environment, { database: name, serverVersion: version?.v ?? null });
      if (wants('isolation', 'fullstack')) {
        progress(`seeding ${name}: ${cfg.orgs} orgs × ${cfg.membersPerOrg} members …`);
        results.seed = await seed(db, cfg);
      }
      if (wants('isolation')) {
        progress('1. isolation tax');
        results.isolation = await isolationTax(db, cfg, progress);
      }
      if (wants('fullstack')) {
        progress('2. full stack');
        results.fullStack = await fullStack(db, cfg, progress);
      }
    } else {
      results.environment.database = wants('modules') ? 'own database per benchmark' : 'none (start-up only)';
    }
    if (wants('startup')) {
      progress('3. start-up');
      results.startup = await startup(cfg, choice.serverUrl, progress);
    }
    if (main && wants('members')) {
      progress('4. members');
      results.members = await members(main.db, cfg, progress);
    }
    await main?.release();
    if (wants('modules')) {
      progress('5. module tables');
      results.modules = await moduleTables(choice, cfg, progress);
      results.environment.serverVersion ??= results.modules.serverVersion;
    }
  } catch (e) {
    results.error = e instanceof Error ? (e.stack ?? e.message) : String(e);
  } finally {
    await runCleanup();
  }
  results.finishedAt = new Date().toISOString();
  results.environment.loadAverageAtEnd = os.loadavg().map((l) => Math.round(l * 100) / 100);
  print(results);
  const files = writeResults(startedAt, results);
  process.stdout.write(`\nresults: ${files.map((f) => f.replace(process.cwd() + '/', '')).join(', ')}\n`);
  return results.error ? 1 : 0;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    progress(`\n${signal}: cleaning up …`);
    void runCleanup().finally(() => process.exit(130));
  });
}

process.exitCode = await main();

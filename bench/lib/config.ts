// Benchmark settings, all from the environment with defaults sized so a full run on 2 cores stays
// under about ten minutes (the 1M-row module seed is most of the extra). The benchmarks read only this object, never process.env directly.

function num(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const v = Number(raw);
  if (!Number.isFinite(v) || v < min || v > max) throw new Error(`${name} must be a number in [${min}, ${max}], got "${raw}"`);
  return v;
}

const ALL = ['isolation', 'fullstack', 'startup', 'members', 'modules'] as const;
export type BenchName = (typeof ALL)[number];

function only(): BenchName[] {
  const raw = process.env.BENCH_ONLY;
  if (!raw) return [...ALL];
  const picked = raw.split(',').map((s) => s.trim()).filter(Boolean);
  for (const p of picked) if (!(ALL as readonly string[]).includes(p)) throw new Error(`BENCH_ONLY: unknown benchmark "${p}" (known: ${ALL.join(', ')})`);
  return picked as BenchName[];
}

function engine(): 'auto' | 'postgres' | 'pglite' {
  const raw = process.env.BENCH_ENGINE ?? 'auto';
  if (raw !== 'auto' && raw !== 'postgres' && raw !== 'pglite') throw new Error(`BENCH_ENGINE must be auto, postgres or pglite, got "${raw}"`);
  return raw;
}

export function loadBenchConfig() {
  return {
    /** Length of one measured run (each variant runs `rounds` times, interleaved). */
    seconds: num('BENCH_SECONDS', 5, 0.2, 600),
    /** Un-measured warm-up per variant before the rounds. */
    warmupSeconds: num('BENCH_WARMUP_SECONDS', 2, 0, 600),
    rounds: num('BENCH_ROUNDS', 3, 1, 50),
    concurrency: num('BENCH_CONCURRENCY', 16, 1, 256),
    /** Hard cap on operations per run, so a run ends even if the clock misbehaves. */
    maxOpsPerRun: num('BENCH_MAX_OPS', 5_000_000, 1, 1e9),
    orgs: num('BENCH_ORGS', 1000, 1, 100_000),
    membersPerOrg: num('BENCH_MEMBERS_PER_ORG', 100, 1, 10_000),
    statusEventsPerOrg: num('BENCH_STATUS_EVENTS_PER_ORG', 3, 0, 3),
    /** Signed-up users for the full-stack run, each made a member of `orgsPerHttpUser` seeded orgs. */
    httpUsers: num('BENCH_HTTP_USERS', 16, 1, 1000),
    orgsPerHttpUser: num('BENCH_ORGS_PER_HTTP_USER', 8, 1, 1000),
    pageSize: num('BENCH_PAGE_SIZE', 20, 1, 100),
    idleMs: num('BENCH_IDLE_MS', 2000, 0, 60_000),
    startupTimeoutMs: num('BENCH_STARTUP_TIMEOUT_SECONDS', 90, 1, 600) * 1000,
    targetRatio: num('BENCH_TARGET_RATIO', 0.8, 0, 10),
    /** Members: resolveTenant in a small vs. a large organization; target is large/small p50 latency. */
    smallOrgMembers: num('BENCH_SMALL_ORG_MEMBERS', 10, 2, 1_000_000),
    largeOrgMembers: num('BENCH_LARGE_ORG_MEMBERS', 10_000, 2, 1_000_000),
    membersTargetRatio: num('BENCH_MEMBERS_TARGET_RATIO', 1.2, 0, 100),
    /** Signed-up users for the members and module HTTP runs, each a member of every organization measured. */
    apiUsers: num('BENCH_API_USERS', 4, 1, 1000),
    /** Module tables: billing_invoices rows over `moduleOrgs` orgs, one of which holds `moduleLargeShare` of them. */
    moduleRows: num('BENCH_MODULE_ROWS', 1_000_000, 1000, 100_000_000),
    moduleOrgs: num('BENCH_MODULE_ORGS', 1000, 2, 1_000_000),
    moduleLargeShare: num('BENCH_MODULE_LARGE_SHARE', 0.1, 0.001, 0.9),
    moduleCustomersPerOrg: num('BENCH_MODULE_CUSTOMERS_PER_ORG', 20, 1, 10_000),
    /** Small organizations the small-org variants spread over (picked at random per operation). */
    moduleSmallOrgs: num('BENCH_MODULE_SMALL_ORGS', 8, 1, 1000),
    modulePageSize: num('BENCH_MODULE_PAGE_SIZE', 50, 1, 100),
    /** Small-org list p99 with the large neighbour's rows present / absent must stay at or under this. */
    moduleTargetRatio: num('BENCH_MODULE_TARGET_RATIO', 1.3, 0, 100),
    only: only(),
    engine: engine(),
  };
}

export type BenchConfig = ReturnType<typeof loadBenchConfig>;

// Closed-loop load: `concurrency` workers each run `op` back to back until the deadline (or the
// operation cap). Latency is measured per operation with performance.now().
import { Samples, summarize, type LatencySummary } from './stats.ts';

export type Op = (worker: number) => Promise<boolean>;

export type RunResult = {
  ops: number;
  errors: number;
  elapsedMs: number;
  opsPerSec: number;
  latencyMs: LatencySummary;
  samples: Samples;
  firstError?: string;
};

export async function closedLoop(opts: { concurrency: number; seconds: number; maxOps: number }, op: Op): Promise<RunResult> {
  const samples = new Samples();
  let ops = 0;
  let errors = 0;
  let firstError: string | undefined;
  const start = performance.now();
  const deadline = start + opts.seconds * 1000;

  async function worker(w: number) {
    while (ops + errors < opts.maxOps && performance.now() < deadline) {
      const t0 = performance.now();
      let ok = false;
      try {
        ok = await op(w);
        if (!ok) firstError ??= 'unexpected result';
      } catch (e) {
        firstError ??= e instanceof Error ? e.message : String(e);
      }
      const t1 = performance.now();
      if (ok) {
        ops++;
        samples.push(t1 - t0);
      } else {
        errors++;
      }
    }
  }

  await Promise.all(Array.from({ length: opts.concurrency }, (_, w) => worker(w)));
  const elapsedMs = performance.now() - start;
  return {
    ops,
    errors,
    elapsedMs,
    opsPerSec: (ops / elapsedMs) * 1000,
    latencyMs: summarize(samples.values()),
    samples,
    firstError,
  };
}

export type Variant = { name: string; op: Op };

export type VariantResult = {
  name: string;
  rounds: { opsPerSec: number; ops: number; errors: number; elapsedMs: number }[];
  medianOpsPerSec: number;
  latencyMs: LatencySummary;
  errors: number;
  firstError?: string;
};

/**
 * Warms each variant up, then runs them interleaved (A, B, C, A, B, C, …) so drift in the machine
 * (autovacuum, caches, thermal) hits every variant alike. Latency pools all measured rounds.
 */
export async function interleaved(
  variants: Variant[],
  opts: { concurrency: number; seconds: number; warmupSeconds: number; rounds: number; maxOps: number },
  progress: (msg: string) => void,
): Promise<VariantResult[]> {
  for (const v of variants) {
    if (opts.warmupSeconds <= 0) break;
    progress(`  warm-up ${v.name}`);
    const warm = await closedLoop({ ...opts, seconds: opts.warmupSeconds }, v.op);
    if (warm.ops === 0) throw new Error(`${v.name}: no successful operation during warm-up (${warm.firstError ?? 'no error'})`);
  }
  const runs = new Map<string, RunResult[]>(variants.map((v) => [v.name, []]));
  for (let r = 0; r < opts.rounds; r++) {
    for (const v of variants) {
      const res = await closedLoop(opts, v.op);
      runs.get(v.name)!.push(res);
      progress(`  round ${r + 1}/${opts.rounds} ${v.name}: ${Math.round(res.opsPerSec)}/s${res.errors ? `, ${res.errors} errors` : ''}`);
    }
  }
  return variants.map((v) => {
    const rs = runs.get(v.name)!;
    const pooled = new Samples();
    for (const r of rs) pooled.concat(r.samples);
    const rates = rs.map((r) => r.opsPerSec).sort((a, b) => a - b);
    return {
      name: v.name,
      rounds: rs.map((r) => ({ opsPerSec: r.opsPerSec, ops: r.ops, errors: r.errors, elapsedMs: r.elapsedMs })),
      medianOpsPerSec: rates.length % 2 ? rates[(rates.length - 1) / 2]! : (rates[rates.length / 2 - 1]! + rates[rates.length / 2]!) / 2,
      latencyMs: summarize(pooled.values()),
      errors: rs.reduce((n, r) => n + r.errors, 0),
      firstError: rs.find((r) => r.firstError)?.firstError,
    };
  });
}

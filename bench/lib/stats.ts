// Small statistics helpers for the benchmarks. Percentiles use linear interpolation between the two
// nearest ranks (the "R-7" / Excel PERCENTILE.INC definition), so p50 of [1, 2, 3, 4] is 2.5.

/** The q-th percentile (q in [0, 100]) of already-sorted ascending values; NaN when empty. */
export function percentileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  if (n === 1) return sorted[0]!;
  const rank = (Math.min(Math.max(q, 0), 100) / 100) * (n - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  const a = sorted[lo]!;
  const b = sorted[hi]!;
  return a + (b - a) * (rank - lo);
}

/** Sorts a copy (numeric, ascending) and returns the q-th percentile. */
export function percentile(values: ArrayLike<number>, q: number): number {
  return percentileSorted(sortedCopy(values), q);
}

export const median = (values: ArrayLike<number>) => percentile(values, 50);

export function mean(values: ArrayLike<number>): number {
  if (values.length === 0) return Number.NaN;
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]!;
  return sum / values.length;
}

export function sortedCopy(values: ArrayLike<number>): Float64Array {
  // Float64Array sorts numerically (Array#sort would compare as strings).
  return Float64Array.from(values).sort();
}

export type LatencySummary = { count: number; mean: number; p50: number; p90: number; p99: number; max: number };

/** Latency summary in the unit of the input (the benchmarks record milliseconds). */
export function summarize(values: ArrayLike<number>): LatencySummary {
  const s = sortedCopy(values);
  return {
    count: s.length,
    mean: mean(s),
    p50: percentileSorted(s, 50),
    p90: percentileSorted(s, 90),
    p99: percentileSorted(s, 99),
    max: s.length ? s[s.length - 1]! : Number.NaN,
  };
}

/** Appends numbers without the overhead of a growing JS array of boxed doubles. */
export class Samples {
  private buf = new Float64Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.buf.length) {
      const next = new Float64Array(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    this.buf[this.length++] = v;
  }
  concat(other: Samples): void {
    for (let i = 0; i < other.length; i++) this.push(other.buf[i]!);
  }
  values(): Float64Array {
    return this.buf.subarray(0, this.length);
  }
}

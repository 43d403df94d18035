// Plain-text tables for the terminal and the JSON files under bench/results/.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export function table(headers: string[], rows: (string | number)[][], rightAligned: number[] = []): string {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    r.map((c, i) => (rightAligned.includes(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(cells[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

export const fmtInt = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : 'n/a');
export const fmtMs = (n: number | null | undefined) => (n === null || n === undefined || !Number.isFinite(n) ? 'n/a' : n < 10 ? n.toFixed(2) : n.toFixed(1));
export const fmtRatio = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : 'n/a');

const resultsDir = fileURLToPath(new URL('../results/', import.meta.url));

/** Writes bench/results/<timestamp>.json and bench/results/latest.json; returns both paths. */
export function writeResults(startedAt: Date, data: unknown): string[] {
  mkdirSync(resultsDir, { recursive: true });
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
  const json = JSON.stringify(data, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2) + '\n';
  const files = [path.join(resultsDir, `${stamp}.json`), path.join(resultsDir, 'latest.json')];
  for (const f of files) writeFileSync(f, json);
  return files;
}

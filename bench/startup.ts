// 3. Start-up time and idle memory of the real server process (`node src/server/main.ts`): time from
// spawn until /readyz answers 200 — first start (creates and migrates the database, bootstraps the
// operator) and second start on the same data — then the child's RSS after a short idle.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchConfig } from './lib/config.ts';
import { onCleanup } from './lib/cleanup.ts';
import { createServerDatabase } from './lib/engine.ts';
import { getOnce } from './lib/http.ts';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

export type StartupRun = {
  engine: 'pglite' | 'postgres';
  start: 'first' | 'second';
  readyMs: number;
  /** What the server's own banner says ("ready in N ms", measured inside the process). */
  selfReportedMs: number | null;
  rssMb: number | null;
  peakRssMb: number | null;
};

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** VmRSS / VmHWM of a process in MB (Linux /proc), or null where /proc is unavailable. */
function memoryOf(pid: number): { rss: number | null; hwm: number | null } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => {
      const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status);
      return m ? Number(m[1]) / 1024 : null;
    };
    return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
  } catch {
    return { rss: null, hwm: null };
  }
}

/** The parent's environment without anything that would configure the child server. */
function baseEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(DATABASE_|TENANTRY_|TEST_DATABASE_URL$|PORT$|HOST$|LOG_LEVEL$|NODE_ENV$|SMTP_URL$|REDIS_URL$)/.test(k)) continue;
    env[k] = v;
  }
  return env;
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const hard = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(hard);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

async function startOnce(
  engine: StartupRun['engine'],
  start: StartupRun['start'],
  env: NodeJS.ProcessEnv,
  cfg: BenchConfig,
): Promise<StartupRun> {
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn(process.execPath, ['src/server/main.ts'], {
    cwd: repoRoot,
    env: { ...baseEnv(), ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', NODE_ENV: 'development' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const release = onCleanup(`stop server child ${child.pid}`, () => stop(child));
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  try {
    let readyMs: number | undefined;
    while (performance.now() - t0 < cfg.startupTimeoutMs) {
      if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode} before ready:\n${out}`);
      if ((await getOnce(`http://127.0.0.1:${port}/readyz`, 1000)) === 200) {
        readyMs = performance.now() - t0;
        break;
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    if (readyMs === undefined) throw new Error(`server not ready within ${cfg.startupTimeoutMs} ms:\n${out}`);
    await new Promise((r) => setTimeout(r, cfg.idleMs));
    const mem = memoryOf(child.pid!);
    const self = /ready in (\d+) ms/.exec(out);
    return { engine, start, readyMs, selfReportedMs: self ? Number(self[1]) : null, rssMb: mem.rss, peakRssMb: mem.hwm };
  } finally {
    await release();
  }
}

export async function startup(cfg: BenchConfig, serverUrl: string | undefined, progress: (m: string) => void): Promise<StartupRun[]> {
  const runs: StartupRun[] = [];
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tenantry-bench-'));
  const removeDir = onCleanup(`remove ${dataDir}`, () => rmSync(dataDir, { recursive: true, force: true }));
  const secret = 'bench-secret-bench-secret-bench-secret-0123';
  try {
    for (const start of ['first', 'second'] as const) {
      progress(`  PGlite, ${start} start`);
      runs.push(await startOnce('pglite', start, { TENANTRY_DATA_DIR: dataDir, TENANTRY_SECRET: secret }, cfg));
    }
  } finally {
    await removeDir();
  }
  if (serverUrl) {
    const fresh = await createServerDatabase(serverUrl);
    const scratch = mkdtempSync(path.join(tmpdir(), 'tenantry-bench-'));
    const removeScratch = onCleanup(`remove ${scratch}`, () => rmSync(scratch, { recursive: true, force: true }));
    try {
      for (const start of ['first', 'second'] as const) {
        progress(`  PostgreSQL, ${start} start`);
        runs.push(await startOnce('postgres', start, { DATABASE_URL: fresh.url, TENANTRY_DATA_DIR: scratch, TENANTRY_SECRET: secret }, cfg));
      }
    } finally {
      await removeScratch();
      await fresh.drop();
    }
  }
  return runs;
}

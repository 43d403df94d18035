// Which engine the benchmarks run on, and fresh throw-away databases on a PostgreSQL server.
// PostgreSQL when DATABASE_URL is set or the local default server answers; otherwise embedded PGlite.
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { openDatabase, type Database } from '../../src/server/db/client.ts';
import { assertOwnerCanOperate, migrate } from '../../src/server/db/migrate.ts';
import { onCleanup } from './cleanup.ts';
import type { BenchConfig } from './config.ts';

export const DEFAULT_SERVER_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export type EngineChoice =
  | { engine: 'postgres'; serverUrl: string; reason: string }
  | { engine: 'pglite'; serverUrl: undefined; reason: string };

async function answers(url: string): Promise<boolean> {
  const sql = postgres(url, { max: 1, connect_timeout: 3, onnotice: () => {} });
  try {
    await sql`select 1`;
    return true;
  } catch {
    return false;
  } finally {
    await sql.end({ timeout: 1 }).catch(() => {});
  }
}

export async function chooseEngine(cfg: BenchConfig): Promise<EngineChoice> {
  if (cfg.engine === 'pglite') return { engine: 'pglite', serverUrl: undefined, reason: 'BENCH_ENGINE=pglite' };
  const configured = process.env.DATABASE_URL;
  if (configured) {
    if (!(await answers(configured))) throw new Error('DATABASE_URL is set but the server does not answer');
    return { engine: 'postgres', serverUrl: configured, reason: 'DATABASE_URL' };
  }
  if (await answers(DEFAULT_SERVER_URL)) return { engine: 'postgres', serverUrl: DEFAULT_SERVER_URL, reason: `local server at ${redact(DEFAULT_SERVER_URL)}` };
  if (cfg.engine === 'postgres') throw new Error(`BENCH_ENGINE=postgres but neither DATABASE_URL nor ${DEFAULT_SERVER_URL} answers`);
  return { engine: 'pglite', serverUrl: undefined, reason: 'no PostgreSQL server answered' };
}

/** The URL without its password, for printing. */
export function redact(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}

/**
 * Creates `tenantry_bench_<random>` on the server and registers its drop (with force) as a cleanup
 * step, so it goes away even when the run fails. Returns the URL of the new database.
 */
export async function createServerDatabase(serverUrl: string): Promise<{ url: string; name: string; drop: () => Promise<void> }> {
  const name = `tenantry_bench_${randomBytes(6).toString('hex')}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  await admin.unsafe(`create database ${name}`);
  const drop = onCleanup(`drop database ${name}`, async () => {
    try {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
    } finally {
      await admin.end({ timeout: 5 });
    }
  });
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), name, drop };
}

/**
 * A migrated, empty Tenantry database on the chosen engine (closed and dropped at cleanup, or earlier
 * by `release`).
 */
export async function openBenchDatabase(choice: EngineChoice, poolSize: number): Promise<{ db: Database; name: string; release: () => Promise<void> }> {
  let db: Database;
  let name: string;
  let drop: (() => Promise<void>) | undefined;
  if (choice.engine === 'postgres') {
    const fresh = await createServerDatabase(choice.serverUrl);
    db = await openDatabase({ databaseUrl: fresh.url, poolSize });
    name = fresh.name;
    drop = fresh.drop;
  } else {
    db = await openDatabase({ inMemory: true });
    name = 'in-memory PGlite';
  }
  const close = onCleanup('close bench database', () => db.close());
  await assertOwnerCanOperate(db);
  await migrate(db);
  return {
    db,
    name,
    release: async () => {
      await close();
      await drop?.();
    },
  };
}

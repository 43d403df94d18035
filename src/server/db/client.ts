// Connections. One owner-level handle (migrations, identity, platform operations) and the tenant
// transaction primitive that tenancy/with-tenant.ts builds on. Nothing outside db/ and tenancy/
// imports this file's handles directly.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres, PostgresJsDatabase, PostgresJsSession } from 'drizzle-orm/postgres-js';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import postgres from 'postgres';
import * as schema from './schema.ts';
import { RUNTIME_ROLE } from '../tenancy/tenant-table.ts';

export type Schema = typeof schema;
/** A drizzle handle bound to one transaction. Services receive this, never a pool. */
export type Tx = PgDatabase<PgQueryResultHKT, Schema>;

export type Engine = 'postgres' | 'pglite';

/** The settings a tenant transaction runs under. */
export type TenantSettings = { orgId: string; userId: string | null };

export interface Database {
  readonly engine: Engine;
  /** Owner-level handle. Use only through withPlatform (platform/tenancy code) or for identity. */
  readonly owner: Tx;
  /** One transaction as the runtime role with app.org_id set (transaction-local, bound parameter). */
  tenantTransaction<T>(settings: TenantSettings, fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** One owner-level transaction. */
  ownerTransaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** Raw parametrised query on the owner connection (migrations, diagnostics, verify-isolation). */
  query<R = Record<string, unknown>>(text: string, params?: unknown[]): Promise<R[]>;
  /** Runs fn while holding a session-level advisory lock (one migrator per database at a time). */
  exclusive<T>(lockKey: number, fn: () => Promise<T>): Promise<T>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

// role first, then the tenant: both transaction-local (is_local = true), the tenant id as a parameter.
const enterTenant = (s: TenantSettings) =>
  sql`select set_config('role', ${RUNTIME_ROLE}, true), set_config('app.org_id', ${s.orgId}, true), set_config('app.user_id', ${s.userId ?? ''}, true)`;

export type OpenOptions = { databaseUrl?: string; dataDir?: string; poolSize?: number; inMemory?: boolean };

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  return opts.databaseUrl ? openPostgres(opts.databaseUrl, opts.poolSize ?? 16) : openPglite(opts);
}

async function openPglite(opts: OpenOptions): Promise<Database> {
  let dataDir: string | undefined;
  if (!opts.inMemory) {
    dataDir = path.resolve(opts.dataDir ?? './.tenantry', 'pgdata');
    mkdirSync(dataDir, { recursive: true });
  }
  const client = new PGlite(dataDir);
  await client.waitReady;
  const owner = drizzlePglite(client, { schema }) as unknown as Tx;
  return {
    engine: 'pglite',
    owner,
    // PGlite has one connection; its transaction() serialises callers, so no context can leak.
    tenantTransaction: (s, fn) =>
      owner.transaction(async (tx) => {
        await tx.execute(enterTenant(s));
        return fn(tx as unknown as Tx);
      }),
    ownerTransaction: (fn) => owner.transaction((tx) => fn(tx as unknown as Tx)),
    query: async <R>(text: string, params: unknown[] = []) => (await client.query<R>(text, params)).rows,
    exclusive: (_key, fn) => fn(), // a single in-process connection: nothing else can migrate concurrently
    ping: async () => {
      await client.query('select 1');
    },
    close: () => client.close(),
  };
}

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  const client = postgres(url, {
    max: poolSize,
    onnotice: () => {},
    connect_timeout: 10,
    idle_timeout: 60,
    connection: { application_name: 'tenantry' },
  });
  const owner = drizzlePostgres(client, { schema }) as unknown as PostgresJsDatabase<Schema>;
  // Reuse the dialect and relational config for the per-transaction handles (building them is not free).
  const { dialect } = owner as unknown as { dialect: ConstructorParameters<typeof PostgresJsSession>[1] };
  const relational = (owner as unknown as { _: { fullSchema: Schema; schema: unknown; tableNamesMap: unknown } })._;
  const relationalConfig = {
    fullSchema: relational.fullSchema,
    schema: relational.schema,
    tableNamesMap: relational.tableNamesMap,
  } as ConstructorParameters<typeof PostgresJsSession>[2];

  /**
   * A transaction on a reserved connection whose BEGIN and context statement are pipelined with the
   * first query of `fn` (postgres.js writes them without waiting for replies). If the context
   * statement failed, the transaction is aborted and every later statement fails: fail closed.
   */
  async function reservedTransaction<T>(prelude: ((c: postgres.Sql) => Promise<unknown>) | null, fn: (tx: Tx) => Promise<T>) {
    const conn = await client.reserve();
    let failed = false;
    try {
      const begin = conn.unsafe('begin');
      const setup = prelude ? prelude(conn) : Promise.resolve();
      // Observe rejections now; they are re-raised below after fn settles.
      begin.catch(() => {});
      setup.catch(() => {});
      const session = new PostgresJsSession(conn, dialect, relationalConfig, {});
      const tx = new PostgresJsDatabase(dialect, session, relationalConfig as never) as unknown as Tx;
      let result: T;
      try {
        result = await fn(tx);
      } finally {
        await begin;
        await setup;
      }
      await conn.unsafe('commit');
      return result;
    } catch (error) {
      failed = true;
      throw error;
    } finally {
      if (failed) {
        try {
          await conn.unsafe('rollback');
        } catch {
          // connection already broken; postgres.js replaces it
        }
      }
      conn.release();
    }
  }

  return {
    engine: 'postgres',
    owner: owner as unknown as Tx,
    tenantTransaction: (s, fn) =>
      reservedTransaction(
        (c) => c`select set_config('role', ${RUNTIME_ROLE}, true), set_config('app.org_id', ${s.orgId}, true), set_config('app.user_id', ${s.userId ?? ''}, true)`,
        fn,
      ),
    ownerTransaction: (fn) => reservedTransaction(null, fn),
    query: async <R>(text: string, params: unknown[] = []) =>
      (await client.unsafe(text, params as postgres.ParameterOrJSON<never>[])) as unknown as R[],
    exclusive: async (key, fn) => {
      const conn = await client.reserve();
      try {
        await conn`select pg_advisory_lock(${key})`;
        return await fn();
      } finally {
        await conn`select pg_advisory_unlock(${key})`.catch(() => {});
        conn.release();
      }
    },
    ping: async () => {
      await client`select 1`;
    },
    close: () => client.end({ timeout: 5 }),
  };
}

/** drizzle's execute() returns rows directly (postgres.js) or as { rows } (PGlite). */
export function rowsOf<T>(result: unknown): T[] {
  return Array.isArray(result) ? (result as T[]) : ((result as { rows?: T[] }).rows ?? []);
}

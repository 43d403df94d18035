// Shared test harness: a real Tenantry (real PostgreSQL when TEST_DATABASE_URL/DATABASE_URL names a
// server, else embedded PGlite) served over real HTTP on an ephemeral port, plus small API helpers.
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import postgres from 'postgres';
import { loadConfig, type Config } from '../src/server/config.ts';
import { openDatabase, type Database } from '../src/server/db/client.ts';
import { assertOwnerCanOperate, migrate } from '../src/server/db/migrate.ts';
import { createLogger, createSystem } from '../src/server/runtime.ts';
import { ensureOperator } from '../src/server/auth/operators.ts';

export const serverUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;

/** A fresh, empty database on the configured server (dropped by the returned cleanup), or PGlite. */
export async function freshDatabase(): Promise<{ db: Database; url: string | undefined; drop: () => Promise<void> }> {
  if (!serverUrl) {
    const db = await openDatabase({ inMemory: true });
    return { db, url: undefined, drop: () => db.close() };
  }
  const name = `tenantry_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const db = await openDatabase({ databaseUrl: url.toString(), poolSize: 8 });
  return {
    db,
    url: url.toString(),
    drop: async () => {
      await db.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

export type TestSystem = Awaited<ReturnType<typeof startTestSystem>>;

export async function startTestSystem(env: Record<string, string> = {}) {
  const fresh = await freshDatabase();
  await assertOwnerCanOperate(fresh.db);
  await migrate(fresh.db);
  const config: Config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    TENANTRY_SECRET: 'test-secret-test-secret-test-secret-0123',
    TENANTRY_DATA_DIR: '/tmp/tenantry-test-unused',
    // Tests drive the worker explicitly (system.worker.tick()) unless they ask for the inline loop.
    TENANTRY_WORKER: 'off',
    ...env,
  });
  const log = createLogger(config);
  let port = 0;
  // Pass the Node bindings through: the app reads the peer address from them (audit IPs).
  const server = serve({ fetch: (req, env) => system.app.fetch(req, env), port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', resolve));
  port = (server.address() as AddressInfo).port;
  const system = createSystem({ ...config, port, baseUrl: `http://127.0.0.1:${port}` }, fresh.db, log);
  const base = `http://127.0.0.1:${port}`;

  async function request(method: string, path: string, opts: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {}) {
    // Same-origin, like the console (node's fetch sends Sec-Fetch-* headers, which Better Auth's CSRF check reads).
    const headers: Record<string, string> = { origin: base, ...(opts.headers ?? {}) };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let body: string | undefined;
    if (opts.raw !== undefined) body = opts.raw;
    else if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(base + path, { method, headers, body });
    const text = await res.text();
    let json: any = undefined;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, json, text };
  }

  let counter = 0;
  const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${(counter++).toString(36)}${randomBytes(2).toString('hex')}`;

  /** Signs up a new user and returns their bearer token and id. */
  async function signUp(name = 'Test User', email = `${unique('user')}@example.com`) {
    const res = await request('POST', '/api/auth/sign-up/email', { body: { name, email, password: 'correct-horse-battery' } });
    if (res.status !== 200) throw new Error(`sign-up failed: ${res.status} ${res.text}`);
    const token = res.headers.get('set-auth-token') ?? res.json.token;
    return { token: token as string, id: res.json.user.id as string, email: email.toLowerCase(), name };
  }

  async function signIn(email: string, password: string) {
    const res = await request('POST', '/api/auth/sign-in/email', { body: { email, password } });
    if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${res.text}`);
    return (res.headers.get('set-auth-token') ?? res.json.token) as string;
  }

  async function operator() {
    const email = `${unique('operator')}@example.com`;
    const password = 'operator-password-1';
    const { id } = await ensureOperator(fresh.db, { email, password });
    return { id, email, token: await signIn(email, password) };
  }

  /** An ACTIVE organization owned by a new user (approved by the given operator). */
  async function activeOrganization(ops: { token: string }, name = 'Acme Org') {
    const owner = await signUp('Owner');
    const created = await request('POST', '/api/v1/orgs', { token: owner.token, body: { name } });
    if (created.status !== 201) throw new Error(`create org failed: ${created.status} ${created.text}`);
    const approved = await request('POST', `/api/v1/admin/organizations/${created.json.id}/approve`, { token: ops.token });
    if (approved.status !== 200) throw new Error(`approve failed: ${approved.status} ${approved.text}`);
    return { org: approved.json as { id: string; slug: string; name: string }, owner };
  }

  return {
    base,
    system,
    db: fresh.db,
    engine: fresh.db.engine,
    config,
    request,
    signUp,
    signIn,
    operator,
    activeOrganization,
    unique,
    close: async () => {
      await system.worker?.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await fresh.drop();
    },
  };
}

/** Adds a membership directly (membership management arrives with its own API). */
export async function addMember(db: Database, orgId: string, userId: string, role = 'MEMBER', status = 'ACTIVE') {
  await db.query('insert into memberships (organization_id, id, user_id, role, status) values ($1, gen_random_uuid(), $2, $3, $4)', [
    orgId,
    userId,
    role,
    status,
  ]);
}

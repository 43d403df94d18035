// The real Tenantry app served on 127.0.0.1 over a bench database, and real sign-ups through
// Better Auth (bearer tokens), shared by the HTTP benchmarks.
import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../src/server/config.ts';
import type { Database } from '../../src/server/db/client.ts';
import { createLogger, createSystem } from '../../src/server/runtime.ts';
import { listen, type Served } from './http.ts';

/** Serves createSystem(db) as the server does (inline worker included); close() also stops the worker. */
export async function startTenantry(db: Database): Promise<Served> {
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    TENANTRY_SECRET: randomBytes(24).toString('hex'),
    TENANTRY_DATA_DIR: '/tmp/tenantry-bench-unused',
  });
  let system: ReturnType<typeof createSystem> | undefined;
  const served = await listen((req) => system!.app.fetch(req), 'tenantry');
  system = createSystem({ ...config, port: served.port, baseUrl: served.base }, db, createLogger(config));
  const worker = system.worker;
  return {
    ...served,
    close: async () => {
      await worker?.stop();
      await served.close();
    },
  };
}

/** A new user signed up over HTTP; returns its bearer token and id. */
export async function signUp(base: string, label: string | number): Promise<{ token: string; id: string }> {
  const email = `bench-http-${label}-${randomBytes(3).toString('hex')}@bench.example`;
  const res = await fetch(`${base}/api/auth/sign-up/email`, {
    method: 'POST',
    headers: { origin: base, 'content-type': 'application/json' },
    body: JSON.stringify({ name: `Bench HTTP ${label}`, email, password: 'correct-horse-battery' }),
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`sign-up failed: ${res.status} ${text}`);
  const json = JSON.parse(text) as { token?: string; user: { id: string } };
  const token = res.headers.get('set-auth-token') ?? json.token;
  if (!token) throw new Error('sign-up returned no token');
  return { token, id: json.user.id };
}

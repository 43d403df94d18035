// Builds the running system from a config: database (migrated), auth, app. Used by the server, the
// CLI and the tests, so all three run exactly the same wiring.
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pino, { type Logger } from 'pino';
import { createApp } from './app.ts';
import { createAuth } from './auth/auth.ts';
import type { Config } from './config.ts';
import { openDatabase, type Database } from './db/client.ts';
import { assertOwnerCanOperate, migrate } from './db/migrate.ts';
import { createSecretBox } from './platform/webhooks/secrets.ts';
import { startWorker } from './worker/worker.ts';

export function createLogger(config: Pick<Config, 'logLevel'>): Logger {
  return pino({ level: config.logLevel, base: { service: 'tenantry' }, redact: ['req.headers.cookie', 'req.headers.authorization'] });
}

/** The configured secret, or one generated once and kept in the data directory (development). */
export function resolveSecret(config: Config): string {
  if (config.secret) return config.secret;
  const file = path.resolve(config.dataDir, 'secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(path.dirname(file), { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

export const baseUrlOf = (config: Config) => config.baseUrl ?? `http://localhost:${config.port}`;

export async function openMigratedDatabase(config: Config, opts: { inMemory?: boolean } = {}): Promise<Database> {
  const db = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.poolSize,
    inMemory: opts.inMemory,
  });
  try {
    await assertOwnerCanOperate(db);
    await migrate(db);
  } catch (e) {
    await db.close().catch(() => {});
    throw e;
  }
  return db;
}

export function createSystem(config: Config, db: Database, log: Logger) {
  const baseUrl = baseUrlOf(config);
  const secret = resolveSecret(config);
  const box = createSecretBox(secret);
  const auth = createAuth({ db, secret, baseUrl, log, production: config.env === 'production' });
  const app = createApp({ config, db, auth, log, baseUrl, box, secret });
  // The worker runs in this process unless TENANTRY_WORKER=off (then run `tenantry worker` separately).
  const worker = config.worker.inline ? startWorker(config, db, box, log) : null;
  return { app, auth, db, baseUrl, box, worker };
}

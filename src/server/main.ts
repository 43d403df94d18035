// Start-up: the only file with side effects. Config → database (migrated) → app → listen.
import { serve } from '@hono/node-server';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { createLogger, createSystem, openMigratedDatabase } from './runtime.ts';
import { DEFAULT_OPERATOR_EMAIL, ensureOperator, generatePassword, operatorCount } from './auth/operators.ts';
import type { Database } from './db/client.ts';

async function bootstrapOperator(config: Config, db: Database): Promise<string[]> {
  const wanted = config.bootstrapAdmin;
  if (wanted) {
    const result = await ensureOperator(db, { email: wanted.email, password: wanted.password });
    return [`Operator: ${result.email}${wanted.password ? ' (password from TENANTRY_ADMIN_PASSWORD)' : ''}`];
  }
  if ((await operatorCount(db)) > 0) return ['Sign in with your operator account (create more: npm run tenantry -- admin create).'];
  const password = generatePassword();
  await ensureOperator(db, { email: DEFAULT_OPERATOR_EMAIL, password });
  return [
    'First start: an operator account was created. This password is shown only once:',
    `  email:    ${DEFAULT_OPERATOR_EMAIL}`,
    `  password: ${password}`,
  ];
}

async function main() {
  let config: Config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(2);
    }
    throw e;
  }
  const log = createLogger(config);
  const started = performance.now();
  const db = await openMigratedDatabase(config);
  const loginLines = await bootstrapOperator(config, db);
  const { app, baseUrl, worker } = createSystem(config, db, log);
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
    const engine = db.engine === 'pglite' ? `embedded PostgreSQL (PGlite) in ${config.dataDir}` : 'PostgreSQL (DATABASE_URL)';
    const lines = [
      '',
      `Tenantry is running at ${baseUrl} (port ${info.port}) on ${engine}; ready in ${Math.round(performance.now() - started)} ms.`,
      `API docs: ${baseUrl}/api/docs`,
      ...loginLines,
      '',
    ];
    process.stdout.write(lines.join('\n') + '\n');
  });
  const shutdown = (signal: string) => {
    log.info({ signal }, 'shutting down');
    server.close(() => {
      void (worker?.stop() ?? Promise.resolve())
        .then(() => db.close())
        .finally(() => process.exit(0));
    });
    setTimeout(() => process.exit(1), 10_000).unref();
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((e) => {
  console.error(`Tenantry failed to start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});

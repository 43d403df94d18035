// `npm run tenantry -- <command>`: operational commands against the configured database.
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../server/config.ts';
import { createLogger, openMigratedDatabase, resolveSecret } from '../server/runtime.ts';
import { createSecretBox } from '../server/platform/webhooks/secrets.ts';
import { startWorker } from '../server/worker/worker.ts';
import { openDatabase } from '../server/db/client.ts';
import { ensureOperator } from '../server/auth/operators.ts';
import { runVerifyIsolation } from './verify-isolation.ts';
import { runDemo } from './demo.ts';

const usage = `Usage: npm run tenantry -- <command>

Commands:
  migrate                                   apply database migrations (start-up also does this)
  admin create --email E --password P [--name N]
                                            create a platform operator (or promote an existing user)
  verify-isolation                          audit the live database's tenant isolation; exits 1 on findings
  demo                                      sample organizations (cooperatives, a business, a school, a youth
                                            organization), users and records; idempotent
  worker                                    run the background worker alone (events, webhooks, email, retention);
                                            start API nodes with TENANTRY_WORKER=off to scale them apart

Environment: DATABASE_URL (PostgreSQL; default: embedded PGlite in ./.tenantry), see README.md.`;

async function run(argv: string[]): Promise<number> {
  const [command, sub, ...rest] = argv;
  const config = loadConfig();
  switch (command) {
    case 'migrate': {
      const db = await openMigratedDatabase(config);
      await db.close();
      console.log(`Migrations applied (${db.engine}).`);
      return 0;
    }
    case 'admin': {
      if (sub !== 'create') break;
      const { values } = parseArgs({
        args: rest,
        options: { email: { type: 'string' }, password: { type: 'string' }, name: { type: 'string' } },
        strict: true,
      });
      if (!values.email || !values.password) {
        console.error('admin create needs --email and --password');
        return 2;
      }
      if (values.password.length < 10) {
        console.error('--password must be at least 10 characters');
        return 2;
      }
      const db = await openMigratedDatabase(config);
      try {
        const r = await ensureOperator(db, { email: values.email, password: values.password, name: values.name });
        console.log(`${r.created ? 'Created' : 'Promoted'} operator ${r.email} (${r.id}).`);
      } finally {
        await db.close();
      }
      return 0;
    }
    case 'verify-isolation': {
      // Audit what is deployed: no migrations are applied first.
      const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 2 });
      try {
        return await runVerifyIsolation(db);
      } finally {
        await db.close();
      }
    }
    case 'demo': {
      const db = await openMigratedDatabase(config);
      try {
        return await runDemo(config, db, createLogger({ logLevel: 'warn' }));
      } finally {
        await db.close();
      }
    }
    case 'worker': {
      const db = await openMigratedDatabase(config);
      const log = createLogger(config);
      const worker = startWorker(config, db, createSecretBox(resolveSecret(config)), log);
      log.info({ engine: db.engine, pollMs: config.worker.pollMs }, 'worker started');
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await worker.stop();
      await db.close();
      return 0;
    }
    case undefined:
    case 'help':
    case '--help':
      console.log(usage);
      return 0;
  }
  console.error(`Unknown command: ${argv.join(' ')}\n\n${usage}`);
  return 2;
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    console.error(e instanceof ConfigError ? e.message : `tenantry: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  },
);

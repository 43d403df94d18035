// CI helper: creates (or drops) a throw-away database on the local PostgreSQL server.
//   node scripts/ci-database.ts create   → prints the new database URL, or nothing when no server answers
//   node scripts/ci-database.ts drop URL → drops that database
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';

const adminUrl = process.env.CI_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const [command, target] = process.argv.slice(2);

async function main() {
  const admin = postgres(adminUrl, { max: 1, connect_timeout: 3, onnotice: () => {} });
  try {
    if (command === 'create') {
      try {
        await admin`select 1`;
      } catch {
        return; // no server: the caller falls back to the embedded engine
      }
      const name = `tenantry_ci_${randomBytes(5).toString('hex')}`;
      await admin.unsafe(`create database ${name}`);
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      process.stdout.write(url.toString());
    } else if (command === 'drop' && target) {
      const name = new URL(target).pathname.slice(1);
      if (!/^tenantry_ci_[0-9a-f]+$/.test(name)) throw new Error(`refusing to drop ${name}`);
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      // Test databases left behind by an interrupted run are dropped too.
      const leftovers = await admin<{ datname: string }[]>`select datname from pg_database where datname like 'tenantry_test_%'`;
      for (const { datname } of leftovers) await admin.unsafe(`drop database if exists ${datname} with (force)`);
    } else {
      throw new Error('usage: ci-database.ts create | drop URL');
    }
  } finally {
    await admin.end({ timeout: 2 });
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});

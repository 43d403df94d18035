// Applies the Drizzle migrations (the same files on PostgreSQL and PGlite), then re-applies the
// hardening (FORCE RLS + grants) so a table can never stay unforced because a migration forgot it.
import { fileURLToPath } from 'node:url';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import type { PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import type { Database } from './client.ts';

const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));
const MIGRATION_LOCK = 7_311_001; // advisory lock key: one migrator at a time per database

export async function migrate(db: Database): Promise<void> {
  if (db.engine === 'pglite') {
    await migratePglite(db.owner as unknown as PgliteDatabase, { migrationsFolder });
  } else {
    await db.exclusive(MIGRATION_LOCK, async () => {
      await migratePostgres(db.owner as unknown as PostgresJsDatabase, { migrationsFolder });
      await db.query('select tenantry_harden()');
    });
    return;
  }
  await db.query('select tenantry_harden()');
}

/**
 * Platform operations run on the owner connection and must see every tenant's rows, so the owner
 * must be superuser or BYPASSRLS (FORCE RLS applies to a plain table owner too).
 */
export async function assertOwnerCanOperate(db: Database): Promise<void> {
  const [row] = await db.query<{ ok: boolean; name: string }>(
    'select (rolsuper or rolbypassrls) as ok, rolname as name from pg_roles where rolname = current_user',
  );
  if (!row?.ok) {
    throw new Error(
      `The database user "${row?.name}" must be a superuser or have BYPASSRLS to run migrations and operator ` +
        `actions (tenant queries still run as the restricted role tenantry_app). ` +
        `Grant it with: ALTER ROLE "${row?.name}" BYPASSRLS;`,
    );
  }
}

// The isolation contract (PRODUCT.md I1–I3, ARCHITECTURE.md "The tenant boundary", point 7). Every tenant
// table is DISCOVERED from the live catalog (an organization_id column, plus organizations), so tables that
// modules add later are covered without touching this file. For each one, through the real entry point
// withTenant(): tenant A sees, updates and inserts its own rows (positive controls) and cannot select,
// update, delete, insert for, move to, or reference tenant B's rows; with no tenant context nothing is
// visible or writable. The catalog is also checked for the structure the contract relies on.
//
// The suite first applies a small "probe module" migration (two tables with a composite foreign key and
// assorted column types, hardened with tenantry_harden() like any module migration), so the generic
// machinery and the cross-tenant reference checks are exercised even before modules exist.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { freshDatabase } from './harness.ts';
import { assertOwnerCanOperate, migrate } from '../src/server/db/migrate.ts';
import type { Tx } from '../src/server/db/client.ts';
import { withTenant } from '../src/server/tenancy/with-tenant.ts';
import { RUNTIME_ROLE } from '../src/server/tenancy/tenant-table.ts';
import {
  asText,
  byKey,
  Catalog,
  discoverTenantTables,
  Fixtures,
  insertSql,
  pgCode,
  pgMessage,
  ROOT,
  run,
  setSql,
  TENANT_COLUMN,
  type ForeignKey,
  type Row,
  type TableInfo,
} from './contract/fixtures.ts';

const PROBE_TABLES = ['contract_probe_children', 'contract_probe_parents'];
const PROBE_MODULE = [
  `create type contract_probe_kind as enum ('alpha', 'beta')`,
  `create domain contract_probe_code as varchar(12) check (value <> '')`,
  `create table contract_probe_parents (
     organization_id uuid not null references organizations (id) on delete cascade,
     id uuid not null default gen_random_uuid(),
     code contract_probe_code not null,
     title varchar(40) not null,
     status text not null default 'OPEN' check (status in ('OPEN', 'CLOSED')),
     kind contract_probe_kind not null,
     primary key (organization_id, id),
     unique (organization_id, code))`,
  `create unique index contract_probe_parents_one_open_per_title on contract_probe_parents (organization_id, title) where status = 'OPEN'`,
  `create table contract_probe_children (
     organization_id uuid not null references organizations (id) on delete cascade,
     id uuid not null default gen_random_uuid(),
     parent_id uuid not null,
     other_parent_id uuid,
     created_by uuid not null references users (id),
     quantity integer not null check (quantity > 0),
     big bigint not null,
     amount numeric(12, 2) not null check (amount >= 0),
     active boolean not null,
     due date not null,
     happened_at timestamptz not null,
     payload jsonb not null,
     tags text[] not null,
     currency char(3) not null,
     note text,
     primary key (organization_id, id),
     foreign key (organization_id, parent_id) references contract_probe_parents (organization_id, id) on delete cascade,
     foreign key (organization_id, other_parent_id) references contract_probe_parents (organization_id, id))`,
  ...PROBE_TABLES.map(
    (t) => `create policy ${t}_tenant_isolation on ${t} as permissive for all to tenantry_app
              using (organization_id = nullif(current_setting('app.org_id', true), '')::uuid)
              with check (organization_id = nullif(current_setting('app.org_id', true), '')::uuid)`,
  ),
  `select tenantry_harden()`,
];

/**
 * Unique indexes that are deliberately global, each with the reason it reveals nothing across tenants.
 * Every other unique constraint or index on a tenant table must start with organization_id.
 */
const GLOBAL_UNIQUE: Record<string, { columns: string[]; reason: string }[]> = {
  organizations: [{ columns: ['slug'], reason: 'slugs name organizations in URLs, so they are unique platform-wide' }],
  invitations: [
    {
      columns: ['token_hash'],
      reason: 'looked up by token before any tenant is known; a SHA-256 of a 256-bit random token (schema comment)',
    },
  ],
};

const RLS_VIOLATION = /row-level security/i;
const PERMISSION_DENIED = /permission denied/i;

/** Asserts the promise fails with the given SQLSTATE (and message, when given). */
async function assertFails(promise: Promise<unknown>, code: string, message?: RegExp, what = 'statement') {
  let error: unknown;
  try {
    await promise;
  } catch (e) {
    error = e;
  }
  assert.ok(error !== undefined, `${what} was expected to fail with ${code} but succeeded`);
  assert.equal(pgCode(error), code, `${what}: expected SQLSTATE ${code}, got ${pgCode(error)}: ${pgMessage(error)}`);
  if (message) assert.match(pgMessage(error), message, `${what}`);
}

test('isolation contract: every tenant table found in the live catalog (I1–I3)', async (t) => {
  const fresh = await freshDatabase();
  t.after(() => fresh.drop());
  const db = fresh.db;
  await assertOwnerCanOperate(db);
  await migrate(db);
  for (const statement of PROBE_MODULE) await db.query(statement);

  const catalog = new Catalog(db);
  const fx = new Fixtures(db, catalog);
  const tables = await discoverTenantTables(db);
  const infos = new Map<string, TableInfo>();
  for (const name of tables) infos.set(name, await catalog.table(name));

  const orgA = await fx.create(ROOT, randomUUID());
  const orgB = await fx.create(ROOT, randomUUID());
  const A = orgA.id!;
  const B = orgB.id!;
  const asA = <T>(fn: (tx: Tx) => Promise<T>) => withTenant(db, { orgId: A, userId: null }, fn);
  const [{ role: runtimeRoleOid } = { role: '' }] = await db.query<{ role: string }>(
    'select oid::text as role from pg_roles where rolname = $1',
    [RUNTIME_ROLE],
  );

  await t.test('the tenant tables are discovered from the catalog, not from a list', async (t) => {
    t.diagnostic(`tenant tables discovered (${tables.length}): ${tables.join(', ')}`);
    t.diagnostic(`of which created by this suite as a probe module: ${PROBE_TABLES.join(', ')}`);
    console.log(`isolation contract covers ${tables.length} tenant tables: ${tables.join(', ')}`);
    for (const expected of [ROOT, 'memberships', 'organization_status_events', ...PROBE_TABLES]) {
      assert.ok(tables.includes(expected), `${expected} is discovered`);
    }
    // Platform tables without organization_id are not tenant tables.
    for (const platform of ['users', 'sessions', 'accounts', 'notifications']) {
      assert.ok(!tables.includes(platform), `${platform} is not a tenant table`);
    }
  });

  await t.test(`the runtime role ${RUNTIME_ROLE} is neither superuser nor BYPASSRLS and owns no table`, async () => {
    const [role] = await db.query<{ super: boolean; bypass: boolean }>(
      'select rolsuper as super, rolbypassrls as bypass from pg_roles where rolname = $1',
      [RUNTIME_ROLE],
    );
    assert.ok(role, `role ${RUNTIME_ROLE} exists`);
    assert.equal(role.super, false);
    assert.equal(role.bypass, false);
    const owned = await db.query<{ name: string }>(
      `select c.relname::text as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relowner::text = $1`,
      [runtimeRoleOid],
    );
    assert.deepEqual(owned.map((r) => r.name), []);
    // Positive control: the owner connection's role does own the tenant tables.
    const [me] = await db.query<{ user: string }>('select current_user::text as user');
    assert.equal(infos.get(ROOT)!.owner, me!.user);
  });

  for (const table of tables) {
    await t.test(table, (t) => tableContract(t, infos.get(table)!));
  }

  async function tableContract(t: TestContext, info: TableInfo) {
    const T = info.name;
    const tc = info.tenantColumn;
    const can = info.privileges;
    const target = sql.identifier(T);
    const col = sql.identifier(tc);

    // ---- structure (I1, I2) ----
    await t.test(`${T}: row-level security is enabled and forced`, () => {
      assert.equal(info.rls, true, 'RLS enabled');
      assert.equal(info.forced, true, 'RLS forced');
    });

    await t.test(`${T}: the primary key ${info.root ? 'is (id)' : `starts with ${TENANT_COLUMN}`}`, () => {
      if (info.root) assert.deepEqual(info.primaryKey, ['id']);
      else assert.equal(info.primaryKey[0], TENANT_COLUMN, `primary key is (${info.primaryKey.join(', ')})`);
    });

    const uniques = info.uniqueIndexes.filter((u) => !u.primary);
    await t.test(
      `${T}: every unique constraint and unique index starts with ${tc}`,
      uniques.length === 0 ? { skip: `${T} has no unique constraint besides its primary key` } : {},
      () => {
        for (const u of uniques) {
          const exempt = (GLOBAL_UNIQUE[T] ?? []).find((g) => g.columns.join() === u.columns.join());
          if (exempt) {
            t.diagnostic(`${T}.${u.name} (${u.columns.join(', ')}) is global by design: ${exempt.reason}`);
            continue;
          }
          assert.equal(u.columns[0], tc, `${u.name} is on (${u.columns.join(', ')})`);
        }
      },
    );

    const tenantFks: ForeignKey[] = [];
    for (const fk of info.foreignKeys) {
      const ref = infos.get(fk.refTable);
      if (ref && !ref.root) tenantFks.push(fk);
    }
    await t.test(
      `${T}: foreign keys to other tenant tables are composite with ${TENANT_COLUMN}`,
      tenantFks.length === 0 ? { skip: `${T} has no foreign key to another tenant table` } : {},
      () => {
        for (const fk of tenantFks) {
          const i = fk.columns.indexOf(TENANT_COLUMN);
          assert.ok(i >= 0 && fk.refColumns[i] === TENANT_COLUMN, `${fk.name}: (${fk.columns}) → ${fk.refTable} (${fk.refColumns})`);
        }
      },
    );

    await t.test(`${T}: the runtime role does not own it`, () => {
      assert.notEqual(info.owner, RUNTIME_ROLE);
    });

    // ---- fixtures (owner connection, bypasses RLS) ----
    const rowA = info.root ? orgA : await fx.create(T, A);
    const rowB = info.root ? orgB : await fx.create(T, B);
    // Rows to insert from A's context: valid (proven by a rolled-back owner insert) where the runtime
    // role may insert; otherwise drafts, since the privilege check refuses them first.
    const prepare = (org: string) => (can.INSERT ? fx.build(T, org) : fx.draft(T, info.root ? null : org));
    const newA = await prepare(A);
    const forB = info.root ? { ...(await fx.draft(T, null)), id: B } : await prepare(B);
    const ownerCount = async (row: Row) => {
      const [r] = await run<{ n: number }>(db.owner, sql`select count(*)::int as n from ${target} where ${byKey(info, row)}`);
      return r!.n;
    };
    const ownerTenantOf = async (row: Row) => {
      const [r] = await run<{ org: string }>(db.owner, sql`select ${col}::text as org from ${target} where ${byKey(info, row)}`);
      return r?.org;
    };
    const refused = can.INSERT ? RLS_VIOLATION : PERMISSION_DENIED;

    // ---- positive controls ----
    await t.test(`${T}: tenant A sees and updates its own row (positive control)`, async () => {
      await asA(async (tx) => {
        const seen = await run(tx, sql`select ${asText([tc])} from ${target} where ${byKey(info, rowA)}`);
        assert.equal(seen.length, 1, 'A sees its row');
        assert.equal(seen[0]![tc], A);
        if (can.UPDATE) {
          const touched = await run(tx, sql`update ${target} set ${col} = ${col} where ${byKey(info, rowA)} returning ${asText([tc])}`);
          assert.equal(touched.length, 1, 'A updates its row');
        }
      });
      if (!can.UPDATE) {
        await assertFails(asA((tx) => run(tx, sql`update ${target} set ${col} = ${col} where ${byKey(info, rowA)}`)), '42501', PERMISSION_DENIED);
        t.diagnostic(`${RUNTIME_ROLE} has no UPDATE on ${T}: asserted it is refused`);
      }
    });

    await t.test(`${T}: tenant A inserts and deletes its own rows (positive control)`, async () => {
      if (!can.INSERT) {
        await assertFails(asA((tx) => run(tx, insertSql(info, newA))), '42501', PERMISSION_DENIED, `insert into ${T}`);
        t.diagnostic(`${RUNTIME_ROLE} has no INSERT on ${T} (a platform operation): asserted it is refused`);
        return;
      }
      const inserted = await asA((tx) => run(tx, insertSql(info, newA, [...info.primaryKey, tc])));
      assert.equal(inserted.length, 1);
      const key = inserted[0]!;
      assert.equal(key[tc], A);
      assert.equal(await ownerCount(key), 1, 'the row was committed');
      if (can.DELETE) {
        const deleted = await asA((tx) => run(tx, sql`delete from ${target} where ${byKey(info, key)} returning ${asText([tc])}`));
        assert.equal(deleted.length, 1, 'A deletes its row');
        assert.equal(await ownerCount(key), 0);
      } else {
        t.diagnostic(`${RUNTIME_ROLE} has no DELETE on ${T}`);
      }
    });

    // ---- A against B ----
    await t.test(`${T}: tenant A cannot select tenant B's row`, async () => {
      assert.equal(await ownerCount(rowB), 1, "B's row exists (owner)");
      await asA(async (tx) => {
        assert.equal((await run(tx, sql`select 1 from ${target} where ${byKey(info, rowB)}`)).length, 0, 'by key');
        const [b] = await run<{ n: number }>(tx, sql`select count(*)::int as n from ${target} where ${col} = ${B}::uuid`);
        assert.equal(b!.n, 0, 'by tenant column');
        const [all] = await run<{ mine: number; other: number }>(
          tx,
          sql`select (count(*) filter (where ${col} = ${A}::uuid))::int as mine, (count(*) filter (where ${col} is distinct from ${A}::uuid))::int as other from ${target}`,
        );
        assert.equal(all!.other, 0, 'an unfiltered scan shows only A');
        assert.ok(all!.mine >= 1, 'and does show A (positive control)');
      });
    });

    await t.test(`${T}: tenant A cannot update tenant B's row`, async () => {
      if (!can.UPDATE) {
        await assertFails(asA((tx) => run(tx, sql`update ${target} set ${col} = ${col} where ${byKey(info, rowB)}`)), '42501', PERMISSION_DENIED);
        return;
      }
      await asA(async (tx) => {
        const byId = await run(tx, sql`update ${target} set ${col} = ${col} where ${byKey(info, rowB)} returning ${asText([tc])}`);
        assert.equal(byId.length, 0, 'by key: 0 rows affected');
        const byTenant = await run(tx, sql`update ${target} set ${col} = ${col} where ${col} = ${B}::uuid returning ${asText([tc])}`);
        assert.equal(byTenant.length, 0, 'by tenant column: 0 rows affected');
      });
      assert.equal(await ownerTenantOf(rowB), B, "B's row is untouched");
    });

    await t.test(`${T}: tenant A cannot delete tenant B's row`, async () => {
      if (can.DELETE) {
        await asA(async (tx) => {
          const byId = await run(tx, sql`delete from ${target} where ${byKey(info, rowB)} returning ${asText([tc])}`);
          assert.equal(byId.length, 0, 'by key: 0 rows affected');
          const byTenant = await run(tx, sql`delete from ${target} where ${col} = ${B}::uuid returning ${asText([tc])}`);
          assert.equal(byTenant.length, 0, 'by tenant column: 0 rows affected');
        });
      } else {
        await assertFails(asA((tx) => run(tx, sql`delete from ${target} where ${byKey(info, rowB)}`)), '42501', PERMISSION_DENIED);
        t.diagnostic(`${RUNTIME_ROLE} has no DELETE on ${T}: asserted it is refused`);
      }
      assert.equal(await ownerCount(rowB), 1, "B's row still exists (owner)");
    });

    await t.test(`${T}: tenant A cannot insert a row for tenant B`, async () => {
      await assertFails(asA((tx) => run(tx, insertSql(info, forB))), '42501', refused, `insert into ${T} with ${tc} = B`);
      if (!info.root) assert.equal(await ownerCount(forB), 0, 'nothing was written');
    });

    await t.test(`${T}: tenant A cannot move its own row to tenant B`, async () => {
      const move = sql`update ${target} set ${col} = ${B}::uuid where ${byKey(info, rowA)}`;
      await assertFails(asA((tx) => run(tx, move)), '42501', can.UPDATE ? RLS_VIOLATION : PERMISSION_DENIED, `update ${T} set ${tc} = B`);
      assert.equal(await ownerTenantOf(rowA), A, "A's row still belongs to A");
    });

    // ---- references (I1: composite foreign keys) ----
    if (tenantFks.length === 0) {
      await t.test(`${T}: tenant A cannot reference tenant B's rows`, {
        skip: `${T} has no organization-scoped foreign key to another tenant table`,
      });
    }
    for (const fk of tenantFks) {
      await t.test(`${T}: tenant A cannot reference tenant B's ${fk.refTable} through ${fk.name}`, async () => {
        const parentA = await fx.create(fk.refTable, A);
        const parentB = await fx.create(fk.refTable, B);
        const pointAt = (parent: Row): Row => {
          const out: Row = {};
          fk.columns.forEach((c, i) => {
            if (c !== TENANT_COLUMN) out[c] = parent[fk.refColumns[i]!] ?? null;
          });
          return out;
        };
        if (can.INSERT) {
          const valid = await fx.build(T, A, pointAt(parentA));
          const crossing = { ...valid, ...pointAt(parentB) };
          await assertFails(asA((tx) => run(tx, insertSql(info, crossing))), '23503', undefined, `insert into ${T} referencing B's ${fk.refTable}`);
          // Positive control: the very same row pointing at A's parent is accepted.
          const ok = await asA((tx) => run(tx, insertSql(info, valid)));
          assert.equal(ok.length, 1);
        } else {
          t.diagnostic(`${RUNTIME_ROLE} has no INSERT on ${T}: only the update path is checked`);
        }
        if (can.UPDATE) {
          const repoint = (parent: Row) => sql`update ${target} set ${setSql(info, pointAt(parent))} where ${byKey(info, rowA)} returning ${asText([tc])}`;
          await assertFails(asA((tx) => run(tx, repoint(parentB))), '23503', undefined, `update ${T} to reference B's ${fk.refTable}`);
          const ok = await asA((tx) => run(tx, repoint(parentA)));
          assert.equal(ok.length, 1, "re-pointing A's row at A's parent is accepted (positive control)");
        }
      });
    }

    // ---- no tenant context (fail closed) ----
    // The runtime role with app.org_id unset (NULL, or '' once a connection has run a tenant transaction)
    // or explicitly ''. withTenant() always sets a tenant, so this is an owner transaction that switches role.
    const noContext = <R>(orgSetting: string | null, fn: (tx: Tx) => Promise<R>) =>
      db.ownerTransaction(async (tx) => {
        await tx.execute(sql`select set_config('role', ${RUNTIME_ROLE}, true)`);
        if (orgSetting !== null) await tx.execute(sql`select set_config('app.org_id', ${orgSetting}, true)`);
        return fn(tx);
      });

    for (const setting of [null, ''] as const) {
      const label = setting === null ? 'with no tenant context' : "with app.org_id = ''";
      await t.test(`${T}: ${label} nothing is visible or changeable, and no error is raised`, async () => {
        await noContext(setting, async (tx) => {
          const [who] = await run<{ user: string; org: string | null }>(
            tx,
            sql`select current_user::text as user, current_setting('app.org_id', true) as org`,
          );
          assert.equal(who!.user, RUNTIME_ROLE);
          assert.ok(who!.org === null || who!.org === '', `app.org_id is ${JSON.stringify(who!.org)}`);
          const [all] = await run<{ n: number }>(tx, sql`select count(*)::int as n from ${target}`);
          assert.equal(all!.n, 0, 'no row visible');
          assert.equal((await run(tx, sql`select 1 from ${target} where ${byKey(info, rowA)}`)).length, 0);
          if (can.UPDATE) assert.equal((await run(tx, sql`update ${target} set ${col} = ${col} returning 1`)).length, 0);
          if (can.DELETE) assert.equal((await run(tx, sql`delete from ${target} returning 1`)).length, 0);
          // Positive control in the same transaction: naming tenant A makes A's row visible.
          await tx.execute(sql`select set_config('app.org_id', ${A}, true)`);
          assert.equal((await run(tx, sql`select 1 from ${target} where ${byKey(info, rowA)}`)).length, 1);
        });
        assert.equal(await ownerCount(rowA), 1, "A's row survived");
        assert.equal(await ownerCount(rowB), 1, "B's row survived");
      });

      await t.test(`${T}: ${label} inserts fail`, async () => {
        const attempt = can.INSERT ? await fx.build(T, A) : newA;
        await assertFails(noContext(setting, (tx) => run(tx, insertSql(info, attempt))), '42501', refused, `insert into ${T} ${label}`);
        if (!info.root) assert.equal(await ownerCount(attempt), 0, 'nothing was written');
      });
    }
  }
});

// The isolation verifier on a freshly migrated schema: clean as migrated, and each known way of breaking
// the tenant boundary is reported. Runs on PostgreSQL when DATABASE_URL is set, otherwise on PGlite.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { openDatabase, type Database } from '../src/server/db/client.ts';
import { migrate } from '../src/server/db/migrate.ts';
import { verifyIsolation } from '../src/server/tenancy/verify-isolation.ts';

const adminUrl = process.env.DATABASE_URL;
const dbName = `tenantry_vi_${randomBytes(6).toString('hex')}`;
let db: Database;

async function errorsOf(check: string) {
  const report = await verifyIsolation(db);
  return report.findings.filter((f) => f.check === check && f.severity === 'error');
}

async function assertFinding(check: string, object: string) {
  const found = await errorsOf(check);
  assert.ok(found.some((f) => f.object === object), `expected ${check} on ${object}, got ${JSON.stringify(found)}`);
}

/** Runs the defect, asserts the finding, always repairs, then checks the schema is clean again. */
async function withDefect(defect: string[], repair: string[], check: () => Promise<void>) {
  try {
    for (const statement of defect) await db.query(statement);
    await check();
  } finally {
    for (const statement of repair) await db.query(statement);
  }
  const clean = await verifyIsolation(db);
  assert.deepEqual(clean.findings.filter((f) => f.severity === 'error'), []);
}

// A table built the way tenantTable() builds one, for defects that need an otherwise valid table.
const tenantTableSql = (name: string, body = 'organization_id uuid not null, id uuid not null, primary key (organization_id, id)') => [
  `create table ${name} (${body})`,
  `alter table ${name} enable row level security`,
  `alter table ${name} force row level security`,
  `create policy ${name}_tenant_isolation on ${name} for all to tenantry_app
     using (organization_id = nullif(current_setting('app.org_id', true), '')::uuid)
     with check (organization_id = nullif(current_setting('app.org_id', true), '')::uuid)`,
];

describe(`verify-isolation (${adminUrl ? 'postgres' : 'pglite'})`, () => {
  let admin: postgres.Sql | undefined;

  before(async () => {
    if (adminUrl) {
      admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
      await admin`create database ${admin(dbName)}`;
      const url = new URL(adminUrl);
      url.pathname = `/${dbName}`;
      db = await openDatabase({ databaseUrl: url.toString(), poolSize: 2 });
    } else {
      db = await openDatabase({ inMemory: true });
    }
    await migrate(db);
  });

  after(async () => {
    await db?.close();
    if (admin) {
      await admin`drop database if exists ${admin(dbName)} with (force)`;
      await admin.end();
    }
  });

  test('positive control: the migrated schema is clean', async () => {
    const report = await verifyIsolation(db);
    assert.deepEqual(report.findings.filter((f) => f.severity === 'error'), []);
    assert.equal(report.ok, true);
    for (const table of ['memberships', 'organizations', 'organization_status_events']) {
      assert.ok(report.tenantTables.includes(table), `${table} is a tenant table`);
    }
  });

  test('tenant table without RLS', () =>
    withDefect(['create table vi_norls (organization_id uuid not null, id uuid not null, primary key (organization_id, id))'], ['drop table vi_norls'], () =>
      assertFinding('rls-enabled', 'vi_norls'),
    ));

  test('RLS enabled but not forced', () =>
    withDefect([...tenantTableSql('vi_unforced'), 'alter table vi_unforced no force row level security'], ['drop table vi_unforced'], async () => {
      await assertFinding('rls-forced', 'vi_unforced');
      assert.deepEqual(await errorsOf('rls-enabled'), []);
    }));

  test('policy USING (true) for the runtime role', () =>
    withDefect(['create policy vi_open on memberships for select to tenantry_app using (true)'], ['drop policy vi_open on memberships'], () =>
      assertFinding('policy-scope', 'memberships.vi_open'),
    ));

  test('policy without WITH CHECK', () =>
    withDefect(
      [`create policy vi_nocheck on memberships for update to tenantry_app using (organization_id = nullif(current_setting('app.org_id', true), '')::uuid)`],
      ['drop policy vi_nocheck on memberships'],
      () => assertFinding('policy-with-check', 'memberships.vi_nocheck'),
    ));

  test('TRUNCATE granted to the runtime role', () =>
    withDefect(['grant truncate on memberships to tenantry_app'], ['revoke truncate on memberships from tenantry_app'], () =>
      assertFinding('grant-unsafe', 'memberships'),
    ));

  test('runtime role with BYPASSRLS', () =>
    // Roles are cluster-wide: the repair runs in withDefect's finally, before anything else can observe it.
    withDefect(['alter role tenantry_app bypassrls'], ['alter role tenantry_app nobypassrls'], async () => {
      const found = await errorsOf('role-attribute');
      assert.ok(found.some((f) => f.object === 'tenantry_app' && f.message.includes('BYPASSRLS')), JSON.stringify(found));
    }));

  test('view over a tenant table without security_invoker', () =>
    withDefect(['create view vi_members as select * from memberships', 'grant select on vi_members to tenantry_app'], ['drop view vi_members'], async () => {
      await assertFinding('view-definer', 'vi_members');
      await db.query('alter view vi_members set (security_invoker = true)');
      assert.deepEqual(await errorsOf('view-definer'), []);
    }));

  test('SECURITY DEFINER function executable by PUBLIC', () =>
    withDefect(
      [`create function vi_peek() returns bigint language sql security definer as 'select count(*) from memberships'`],
      ['drop function vi_peek()'],
      () => assertFinding('function-definer', 'vi_peek()'),
    ));

  test('tenant table whose primary key is id only', () =>
    withDefect(tenantTableSql('vi_pk', 'organization_id uuid not null, id uuid primary key'), ['drop table vi_pk'], () =>
      assertFinding('primary-key', 'vi_pk'),
    ));

  test('single-column foreign key between tenant tables', () =>
    withDefect(
      [
        ...tenantTableSql('vi_parent', 'organization_id uuid not null, id uuid not null, primary key (organization_id, id), unique (id)'),
        ...tenantTableSql('vi_child', 'organization_id uuid not null, id uuid not null, parent_id uuid, primary key (organization_id, id)'),
        'alter table vi_child add constraint vi_child_single_fk foreign key (parent_id) references vi_parent (id)',
        'alter table vi_child add constraint vi_child_composite_fk foreign key (organization_id, parent_id) references vi_parent (organization_id, id)',
      ],
      ['drop table vi_child', 'drop table vi_parent'],
      async () => {
        const found = await errorsOf('foreign-key');
        assert.deepEqual(found.map((f) => f.object), ['vi_child.vi_child_single_fk']);
      },
    ));
  // A policy may scope by a second organization column (a purchase order's seller) only when that column
  // is <something>_organization_id AND a foreign key to organizations(id).
  const partnerTable = tenantTableSql('vi_partner', 'organization_id uuid not null, id uuid not null, partner_organization_id uuid, partner_org uuid, primary key (organization_id, id)');
  const partnerPolicy = (column: string) =>
    `create policy vi_partner_by_${column} on vi_partner for select to tenantry_app using (${column} = nullif(current_setting('app.org_id', true), '')::uuid)`;
  const partnerScopeErrors = async () => (await errorsOf('policy-scope')).filter((f) => f.object.startsWith('vi_partner.')).map((f) => f.object);

  test('policy scoped by a *_organization_id column that has no foreign key to organizations', () =>
    withDefect([...partnerTable, partnerPolicy('partner_organization_id')], ['drop table vi_partner'], async () => {
      assert.deepEqual(await partnerScopeErrors(), ['vi_partner.vi_partner_by_partner_organization_id']);
      // Positive control: the same policy passes once the column references organizations(id).
      await db.query('alter table vi_partner add foreign key (partner_organization_id) references organizations (id)');
      assert.deepEqual(await partnerScopeErrors(), []);
    }));

  test('policy scoped by a column that references organizations but is not named *_organization_id', () =>
    withDefect(
      [...partnerTable, 'alter table vi_partner add foreign key (partner_org) references organizations (id)', partnerPolicy('partner_org')],
      ['drop table vi_partner'],
      async () => assert.deepEqual(await partnerScopeErrors(), ['vi_partner.vi_partner_by_partner_org']),
    ));

  test('policy scoped by a *_organization_id column whose foreign key points elsewhere', () =>
    withDefect(
      [...partnerTable, 'alter table vi_partner add foreign key (partner_organization_id) references users (id)', partnerPolicy('partner_organization_id')],
      ['drop table vi_partner'],
      async () => assert.deepEqual(await partnerScopeErrors(), ['vi_partner.vi_partner_by_partner_organization_id']),
    ));
});

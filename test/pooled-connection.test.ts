// I3: the tenant context is transaction-local, so a pooled connection never carries one request's
// tenant (or role) into the next. On PostgreSQL everything runs on a pool of ONE connection, so every
// transaction and every owner query provably shares a backend (pg_backend_pid). PGlite has a single
// in-process connection anyway: the sequential parts run there too; the concurrent part is skipped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { freshDatabase } from './harness.ts';
import { assertOwnerCanOperate, migrate } from '../src/server/db/migrate.ts';
import { openDatabase } from '../src/server/db/client.ts';
import { withTenant } from '../src/server/tenancy/with-tenant.ts';
import { RUNTIME_ROLE } from '../src/server/tenancy/tenant-table.ts';
import { Catalog, Fixtures, insertSql, pgCode, ROOT, run } from './contract/fixtures.ts';

type Context = { org: string | null; userId: string | null; user: string; pid: number };
type Inside = Context & { members: { id: string; org: string }[] };

const CONTEXT = sql`select current_setting('app.org_id', true) as org, current_setting('app.user_id', true) as "userId",
  current_user::text as user, pg_backend_pid() as pid`;

test('the tenant context never outlives its transaction on a pooled connection (I3)', async (t) => {
  const fresh = await freshDatabase();
  // A second handle on the same database with a pool of exactly one connection (PGlite: the same handle).
  const single = fresh.url ? await openDatabase({ databaseUrl: fresh.url, poolSize: 1 }) : fresh.db;
  t.after(async () => {
    if (single !== fresh.db) await single.close();
    await fresh.drop();
  });
  await assertOwnerCanOperate(fresh.db);
  await migrate(fresh.db);

  const catalog = new Catalog(fresh.db);
  const fx = new Fixtures(fresh.db, catalog);
  const A = (await fx.create(ROOT, randomUUID())).id!;
  const B = (await fx.create(ROOT, randomUUID())).id!;
  const expected: Record<string, string[]> = { [A]: [], [B]: [] };
  for (const [org, count] of [[A, 2], [B, 3]] as const) {
    for (let i = 0; i < count; i++) expected[org]!.push((await fx.create('memberships', org)).id!);
    expected[org]!.sort();
  }
  const actor: Record<string, string> = { [A]: randomUUID(), [B]: randomUUID() };

  const outside = async (): Promise<Context> => {
    const [row] = await single.query<Context>(
      `select current_setting('app.org_id', true) as org, current_setting('app.user_id', true) as "userId",
         current_user::text as user, pg_backend_pid() as pid`,
    );
    return row!;
  };
  const baseline = await outside();
  const ownerRole = baseline.user;
  assert.notEqual(ownerRole, RUNTIME_ROLE);

  const inside = (org: string) =>
    withTenant(single, { orgId: org, userId: actor[org]! }, async (tx): Promise<Inside> => {
      const [ctx] = await run<Context>(tx, CONTEXT);
      const members = await run<{ id: string; org: string }>(
        tx,
        sql`select id::text as id, organization_id::text as org from memberships order by id`,
      );
      return { ...ctx!, members };
    });

  const assertSees = (got: Inside, org: string) => {
    assert.equal(got.org, org, 'app.org_id inside is the tenant of this transaction');
    assert.equal(got.userId, actor[org], 'app.user_id inside is the actor of this transaction');
    assert.equal(got.user, RUNTIME_ROLE);
    assert.deepEqual(
      got.members.map((m) => m.id),
      expected[org],
      `${org === A ? 'A' : 'B'} sees exactly its own memberships`,
    );
  };
  const assertClean = (state: Context, when: string) => {
    assert.ok(state.org === null || state.org === '', `${when}: app.org_id is ${JSON.stringify(state.org)}`);
    assert.ok(state.userId === null || state.userId === '', `${when}: app.user_id is ${JSON.stringify(state.userId)}`);
    assert.equal(state.user, ownerRole, `${when}: current_user is the owner again`);
    assert.equal(state.pid, baseline.pid, `${when}: the same single connection`);
  };

  await t.test('alternating withTenant(A) and withTenant(B) 50 times on one connection: each sees only its own rows and leaves nothing behind', async () => {
    for (let round = 0; round < 50; round++) {
      for (const org of [A, B]) {
        const got = await inside(org);
        assertSees(got, org);
        assert.equal(got.pid, baseline.pid, 'the tenant transaction ran on the single connection');
        assertClean(await outside(), `after round ${round} for ${org === A ? 'A' : 'B'}`);
      }
    }
  });

  await t.test('a tenant transaction that throws mid-way leaves no context behind and keeps none of its writes', async () => {
    const info = await catalog.table('memberships');
    const pending = await fx.build('memberships', A);
    let seen: Context | undefined;
    await assert.rejects(
      withTenant(single, { orgId: A, userId: actor[A]! }, async (tx) => {
        [seen] = await run<Context>(tx, CONTEXT);
        assert.equal((await run(tx, insertSql(info, pending))).length, 1, 'the insert succeeded inside');
        throw new Error('boom mid-transaction');
      }),
      /boom mid-transaction/,
    );
    assert.equal(seen?.org, A, 'the context was set before the throw (there was something to leak)');
    assertClean(await outside(), 'after a thrown error');
    const [left] = await single.query<{ n: number }>('select count(*)::int as n from memberships where organization_id = $1 and id = $2', [
      A,
      pending.id,
    ]);
    assert.equal(left!.n, 0, 'the insert was rolled back');

    // A statement error aborts the transaction mid-way: same guarantee.
    await assert.rejects(
      withTenant(single, { orgId: A, userId: actor[A]! }, async (tx) => {
        await run(tx, CONTEXT);
        await tx.execute(sql`select 1 / 0`);
      }),
      (error) => pgCode(error) === '22012',
    );
    assertClean(await outside(), 'after a failed statement');

    // Positive control: the connection is healthy and the next tenant sees only its own rows.
    assertSees(await inside(B), B);
    assertClean(await outside(), 'after the next transaction');
  });

  await t.test(
    '20 concurrent withTenant calls on a pool of one connection each see only their own rows',
    fresh.url ? {} : { skip: 'PGlite has a single in-process connection (no pool); pooled-connection concurrency runs on PostgreSQL only' },
    async () => {
      const orgs = Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? A : B));
      const results = await Promise.all(orgs.map((org) => inside(org)));
      results.forEach((got, i) => assertSees(got, orgs[i]!));
      assert.deepEqual([...new Set(results.map((r) => r.pid))], [baseline.pid], 'one connection served all of them');
      assertClean(await outside(), 'after the concurrent transactions');
    },
  );
});

// `tenantry demo` builds every kind of organization through the public API, and running it twice
// changes nothing the second time.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { runDemo } from '../src/cli/demo.ts';
import { createLogger } from '../src/server/runtime.ts';
import { startTestSystem, type TestSystem } from './harness.ts';

describe('demo data', () => {
  let t: TestSystem;
  before(async () => {
    t = await startTestSystem();
  });
  after(() => t.close());

  const count = async (sql: string) => Number((await t.db.query<{ n: number }>(sql))[0]!.n);
  const snapshot = async () => ({
    organizations: await count('select count(*)::int as n from organizations'),
    invoices: await count('select count(*)::int as n from billing_invoices'),
    students: await count('select count(*)::int as n from school_students'),
    participants: await count('select count(*)::int as n from projects_participants'),
    orders: await count('select count(*)::int as n from cooperative_purchase_orders'),
  });

  test('creates a cooperative that buys from another, a business, a school and a youth organization; idempotent', async () => {
    const log = createLogger({ logLevel: 'silent' });
    assert.equal(await runDemo(t.config, t.db, log), 0);
    const first = await snapshot();
    assert.equal(first.organizations, 5);
    assert.ok(first.invoices >= 3 && first.students >= 5 && first.participants >= 4 && first.orders >= 2, JSON.stringify(first));
    const [fulfilled] = await t.db.query<{ status: string; buyer: string; seller: string }>(
      `select po.status, b.slug as buyer, s.slug as seller from cooperative_purchase_orders po
       join organizations b on b.id = po.organization_id join organizations s on s.id = po.seller_organization_id
       where po.status = 'FULFILLED'`,
    );
    assert.deepEqual({ ...fulfilled }, { status: 'FULFILLED', buyer: 'riverside-grain', seller: 'green-valley-coop' });
    // A demo owner can sign in with the printed password and sees their organization.
    const token = await t.signIn('lena@northwind.demo', 'demo-password-1');
    const mine = await t.request('GET', '/api/v1/orgs', { token });
    assert.deepEqual(mine.json.items.map((o: { slug: string }) => o.slug), ['northwind-supplies']);
    assert.equal(await runDemo(t.config, t.db, log), 0);
    assert.deepEqual(await snapshot(), first);
  });
});

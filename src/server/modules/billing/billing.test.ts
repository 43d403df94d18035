// The billing module over real HTTP: customers through the resource toolkit (search, sorting, cursor
// pagination, soft delete), invoices with per-organization gap-free numbers, exact decimal totals per
// currency minor unit, the DRAFT → ISSUED → PAID | VOID lifecycle with its events, permissions per role,
// ids and cursors of other organizations, and bad input on every write.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { addMember, startTestSystem, type TestSystem } from '../../../../test/harness.ts';
import { cursorScope } from '../toolkit/keyset.ts';

type Res = { status: number; headers: Headers; json: any; text: string };
type User = { token: string; id: string; email: string; name: string };
type Org = { id: string; slug: string; name: string };
type BillingOrg = { org: Org; owner: User; base: string };
type LineBody = { description?: string; quantity?: string; unitPrice?: string; taxRate?: string };

function assertProblem(res: Res, status: number | number[], code?: string, label = '') {
  const statuses = Array.isArray(status) ? status : [status];
  assert.ok(statuses.includes(res.status), `${label ? `${label}: ` : ''}expected ${statuses.join('|')}, got ${res.status}: ${res.text.slice(0, 500)}`);
  assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/);
  if (code) assert.equal(res.json.code, code, `${label} ${res.text}`);
}

const fieldPaths = (res: Res): string[] => (res.json?.errors ?? []).map((e: { path: string }) => e.path);

/** Exact decimal string → integer in units of 10^-scale (no floating point anywhere). */
function scaled(value: string, scale: number): bigint {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(value);
  assert.ok(m, `a decimal string: ${value}`);
  const frac = (m[3] ?? '').padEnd(scale, '0');
  assert.equal(frac.length, scale, `${value} has at most ${scale} decimals`);
  const n = BigInt(m[2]! + frac);
  return m[1] ? -n : n;
}

/** A NUMERIC read from the database, without trailing zeros (0.3500 → 0.35, 12.0000 → 12). */
const trimmed = (v: unknown) => String(v).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');

const encodeCursor = (k: unknown, id: string, scope: string) => Buffer.from(JSON.stringify([k, id, scope])).toString('base64url');
const decodeCursor = (c: string) => JSON.parse(Buffer.from(c, 'base64url').toString('utf8')) as [unknown, string, string];

describe('billing', () => {
  let t: TestSystem;
  let ops: { token: string; id: string; email: string };

  before(async () => {
    t = await startTestSystem();
    ops = await t.operator();
  });
  after(() => t.close());

  /** An ACTIVE organization with billing's settings and the module enabled. */
  async function billingOrg(name = 'Billing', currency = 'EUR'): Promise<BillingOrg> {
    const { org, owner } = await t.activeOrganization(ops, `${name} ${t.unique('b').slice(-6)}`);
    const settings = await t.request('PATCH', `/api/v1/orgs/${org.id}`, {
      token: owner.token,
      body: { contactEmail: 'billing@example.com', address: { line1: '1 Main Street', country: 'PT' }, currency },
    });
    assert.equal(settings.status, 200, settings.text);
    const enabled = await t.request('POST', `/api/v1/orgs/${org.id}/modules/billing/enable`, { token: owner.token });
    assert.equal(enabled.status, 200, enabled.text);
    return { org, owner, base: `/api/v1/orgs/${org.id}/billing` };
  }

  async function join(o: BillingOrg, role: string): Promise<User> {
    const user = await t.signUp(role);
    await addMember(t.db, o.org.id, user.id, role, 'ACTIVE');
    return user;
  }

  const call = (o: BillingOrg, token: string, method: string, path: string, body?: unknown) => t.request(method, `${o.base}${path}`, { token, body });

  async function customer(o: BillingOrg, body: Record<string, unknown> = {}) {
    const res = await call(o, o.owner.token, 'POST', '/customers', { name: 'Customer', ...body });
    assert.equal(res.status, 201, res.text);
    return res.json;
  }

  async function invoice(o: BillingOrg, body: Record<string, unknown> = {}) {
    const customerId = (body.customerId as string | undefined) ?? (await customer(o)).id;
    const res = await call(o, o.owner.token, 'POST', '/invoices', { dueDate: '2030-06-30', ...body, customerId });
    assert.equal(res.status, 201, res.text);
    return res.json;
  }

  async function addLine(o: BillingOrg, invoiceId: string, line: LineBody, token = o.owner.token) {
    const res = await call(o, token, 'POST', `/invoices/${invoiceId}/lines`, { description: 'Item', quantity: '1', unitPrice: '1', ...line });
    assert.equal(res.status, 201, res.text);
    return res.json as { invoice: any; items: any[] };
  }

  async function transition(o: BillingOrg, invoiceId: string, action: 'issue' | 'pay' | 'void', token = o.owner.token) {
    return call(o, token, 'POST', `/invoices/${invoiceId}/${action}`);
  }

  /** Everything a refused write could have touched, for "nothing written" checks. */
  async function snapshot(orgId: string) {
    const q = async (sql: string) => (await t.db.query<Record<string, unknown>>(sql, [orgId])).map((r) => JSON.stringify(r));
    return {
      customers: await q('select id, name, email, address, tax_id, updated_at, deleted_at from billing_customers where organization_id = $1 order by id'),
      invoices: await q('select id, number, customer_id, currency, status, due_date::text, notes, subtotal::text, tax_total::text, total::text, updated_at from billing_invoices where organization_id = $1 order by id'),
      lines: await q('select id, description, quantity::text, unit_price::text, tax_rate::text, line_subtotal::text, line_tax::text, updated_at from billing_invoice_lines where organization_id = $1 order by id'),
      audit: await q('select id from audit_logs where organization_id = $1 order by id'),
      events: await q('select id from domain_events where organization_id = $1 order by id'),
    };
  }

  /** Follows nextCursor with the given query until the end; returns the ids in the order seen. */
  async function walk(o: BillingOrg, path: string, query: Record<string, string>, token = o.owner.token): Promise<any[]> {
    const seen: any[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 100; pages++) {
      const params = new URLSearchParams({ ...query, ...(cursor ? { cursor } : {}) });
      const res = await call(o, token, 'GET', `${path}?${params}`);
      assert.equal(res.status, 200, res.text);
      assert.ok(res.json.items.length <= Number(query.limit ?? 25));
      seen.push(...res.json.items);
      cursor = res.json.nextCursor;
      if (!cursor) return seen;
      assert.equal(res.json.items.length, Number(query.limit ?? 25), 'only the last page is short');
    }
    assert.fail('pagination did not terminate');
  }

  // ---- customers ------------------------------------------------------------------------------

  describe('customers', () => {
    test('create, get, update and list through the toolkit; every write is audited', async () => {
      const o = await billingOrg('Customers CRUD');
      const created = await call(o, o.owner.token, 'POST', '/customers', {
        name: '  Ada Lovelace  ',
        email: 'ada@example.com',
        address: { line1: '12 Analytical Row', city: 'London', country: 'GB' },
        taxId: 'GB123',
      });
      assert.equal(created.status, 201, created.text);
      assert.equal(created.json.name, 'Ada Lovelace', 'names are trimmed');
      assert.equal(created.json.email, 'ada@example.com');
      assert.deepEqual(created.json.address, { line1: '12 Analytical Row', city: 'London', country: 'GB' });
      assert.equal(created.json.taxId, 'GB123');

      const got = await call(o, o.owner.token, 'GET', `/customers/${created.json.id}`);
      assert.equal(got.status, 200, got.text);
      assert.deepEqual(got.json, created.json);

      const updated = await call(o, o.owner.token, 'PATCH', `/customers/${created.json.id}`, { email: null, taxId: 'GB999' });
      assert.equal(updated.status, 200, updated.text);
      assert.equal(updated.json.email, null);
      assert.equal(updated.json.taxId, 'GB999');
      assert.equal(updated.json.name, 'Ada Lovelace', 'fields not named are kept');

      const list = await call(o, o.owner.token, 'GET', '/customers');
      assert.equal(list.status, 200, list.text);
      assert.deepEqual(list.json.items, [updated.json]);
      assert.equal(list.json.nextCursor, null);

      const audit = await t.db.query<{ action: string; target_id: string }>(
        "select action, target_id from audit_logs where organization_id = $1 and target_type = 'customer' order by created_at, id",
        [o.org.id],
      );
      assert.deepEqual(audit.map((a) => [a.action, a.target_id]), [['customer.created', created.json.id], ['customer.updated', created.json.id]]);
    });

    test('q searches name and email case-insensitively; LIKE wildcards are taken literally', async () => {
      const o = await billingOrg('Customers Search');
      const ada = await customer(o, { name: 'Ada Lovelace', email: 'ada@analytical.example' });
      const grace = await customer(o, { name: 'Grace Hopper', email: 'grace@navy.example' });
      const percent = await customer(o, { name: '100% Cotton', email: 'shop@cotton.example' });
      await customer(o, { name: 'Alan Turing', email: null });

      const ids = async (q: string) => {
        const res = await call(o, o.owner.token, 'GET', `/customers?${new URLSearchParams({ q })}`);
        assert.equal(res.status, 200, res.text);
        return res.json.items.map((c: any) => c.id).sort();
      };
      assert.deepEqual(await ids('LOVELACE'), [ada.id], 'name, case-insensitive');
      assert.deepEqual(await ids('navy.EXAMPLE'), [grace.id], 'email');
      assert.deepEqual(await ids('%'), [percent.id], '% is a literal character');
      assert.deepEqual(await ids('_'), [], '_ is a literal character');
      assert.deepEqual(await ids('nobody-matches-this'), []);
      assert.equal((await ids('a')).length, 4, 'every name or email containing an a');
    });

    test('cursor pagination with limit=2 walks every customer exactly once in every sort', async () => {
      const o = await billingOrg('Customers Paging');
      // Lower-case ASCII names sort the same under every collation; duplicates exercise the id tie-break.
      const names = ['delta', 'alpha', 'charlie', 'bravo', 'alpha', 'echo', 'bravo', 'foxtrot', 'alpha'];
      const all: any[] = [];
      for (const name of names) all.push(await customer(o, { name, email: `${name}@paging.example` }));
      const allIds = all.map((c) => c.id).sort();

      const byName = (dir: 1 | -1) => (a: any, b: any) => dir * (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
      for (const sort of ['name', 'createdAt'] as const) {
        for (const order of ['asc', 'desc'] as const) {
          const seen = await walk(o, '/customers', { limit: '2', sort, order });
          const ids = seen.map((c) => c.id);
          assert.equal(new Set(ids).size, ids.length, `${sort} ${order}: no duplicates`);
          assert.deepEqual([...ids].sort(), allIds, `${sort} ${order}: every customer`);
          // The same order as one big page.
          const one = await call(o, o.owner.token, 'GET', `/customers?limit=100&sort=${sort}&order=${order}`);
          assert.deepEqual(ids, one.json.items.map((c: any) => c.id), `${sort} ${order}: same order as a single page`);
          if (sort === 'name') {
            assert.deepEqual(ids, [...all].sort(byName(order === 'asc' ? 1 : -1)).map((c) => c.id), `name ${order}, ties by id`);
          } else {
            const times = seen.map((c) => Date.parse(c.createdAt));
            for (let i = 1; i < times.length; i++) {
              assert.ok(order === 'asc' ? times[i]! >= times[i - 1]! : times[i]! <= times[i - 1]!, `createdAt ${order} is monotonic`);
            }
          }
        }
      }
      // The default sort is name ascending.
      assert.deepEqual((await walk(o, '/customers', { limit: '2' })).map((c) => c.id), [...all].sort(byName(1)).map((c) => c.id));
      // A search narrows the walk and keeps it exact.
      const alphas = await walk(o, '/customers', { limit: '2', q: 'alpha', order: 'desc' });
      assert.deepEqual(alphas.map((c) => c.id), all.filter((c) => c.name === 'alpha').sort(byName(-1)).map((c) => c.id));
    });

    test('soft delete hides the customer from list and get (404); the row stays in the database', async () => {
      const o = await billingOrg('Customers Soft Delete');
      const kept = await customer(o, { name: 'Kept' });
      const gone = await customer(o, { name: 'Gone' });

      const deleted = await call(o, o.owner.token, 'DELETE', `/customers/${gone.id}`);
      assert.equal(deleted.status, 200, deleted.text);
      assert.deepEqual(deleted.json, { deleted: gone.id, soft: true });

      assertProblem(await call(o, o.owner.token, 'GET', `/customers/${gone.id}`), 404, 'not_found');
      assertProblem(await call(o, o.owner.token, 'PATCH', `/customers/${gone.id}`, { name: 'Back' }), 404, 'not_found');
      assertProblem(await call(o, o.owner.token, 'DELETE', `/customers/${gone.id}`), 404, 'not_found');
      const list = await call(o, o.owner.token, 'GET', '/customers?limit=100');
      assert.deepEqual(list.json.items.map((c: any) => c.id), [kept.id]);
      const search = await call(o, o.owner.token, 'GET', '/customers?q=Gone');
      assert.deepEqual(search.json.items, []);
      // Positive control: the other customer is untouched.
      assert.equal((await call(o, o.owner.token, 'GET', `/customers/${kept.id}`)).status, 200);

      const [row] = await t.db.query<{ name: string; deleted_at: unknown }>('select name, deleted_at from billing_customers where organization_id = $1 and id = $2', [o.org.id, gone.id]);
      assert.ok(row, 'the row still exists');
      assert.equal(row.name, 'Gone');
      assert.ok(row.deleted_at, 'and is marked deleted');

      // A deleted customer cannot be invoiced.
      const refused = await call(o, o.owner.token, 'POST', '/invoices', { customerId: gone.id, dueDate: '2030-01-01' });
      assertProblem(refused, [400, 404]);
      const [audit] = await t.db.query<{ n: number }>("select count(*)::int as n from audit_logs where organization_id = $1 and action = 'customer.deleted' and target_id = $2", [o.org.id, gone.id]);
      assert.equal(Number(audit!.n), 1);
    });

    test('a customer with a draft or issued invoice cannot be deleted (409); once it is voided, it can', async () => {
      const o = await billingOrg('Customers Open Invoices');
      const c = await customer(o, { name: 'Busy' });
      const inv = await invoice(o, { customerId: c.id });
      assertProblem(await call(o, o.owner.token, 'DELETE', `/customers/${c.id}`), 409, 'conflict');
      await addLine(o, inv.id, { unitPrice: '10' });
      assert.equal((await transition(o, inv.id, 'issue')).status, 200);
      assertProblem(await call(o, o.owner.token, 'DELETE', `/customers/${c.id}`), 409, 'conflict');
      assert.equal((await call(o, o.owner.token, 'GET', `/customers/${c.id}`)).status, 200, 'still there');
      assert.equal((await transition(o, inv.id, 'void')).status, 200);
      const deleted = await call(o, o.owner.token, 'DELETE', `/customers/${c.id}`);
      assert.equal(deleted.status, 200, deleted.text);
    });
  });

  // ---- invoice numbers and currency ---------------------------------------------------------------

  describe('invoice numbers and currency', () => {
    test('numbers are per organization: two organizations both start at 1', async () => {
      const a = await billingOrg('Numbers A');
      const b = await billingOrg('Numbers B');
      assert.equal((await invoice(a)).number, 1);
      assert.equal((await invoice(a)).number, 2);
      assert.equal((await invoice(b)).number, 1, "B's numbering does not continue A's");
      assert.equal((await invoice(a)).number, 3);
      assert.equal((await invoice(b)).number, 2);
    });

    test('10 concurrent creates in one organization get numbers 1..10 without gaps or duplicates', async () => {
      const o = await billingOrg('Numbers Concurrent');
      const c = await customer(o);
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) => call(o, o.owner.token, 'POST', '/invoices', { customerId: c.id, dueDate: '2030-01-01', notes: `concurrent ${i}` })),
      );
      for (const r of results) assert.equal(r.status, 201, r.text);
      const expected = Array.from({ length: 10 }, (_, i) => i + 1);
      assert.deepEqual(results.map((r) => r.json.number).sort((x, y) => x - y), expected);
      const rows = await t.db.query<{ number: number }>('select number from billing_invoices where organization_id = $1 order by number', [o.org.id]);
      assert.deepEqual(rows.map((r) => Number(r.number)), expected);
      assert.equal((await invoice(o, { customerId: c.id })).number, 11, 'the next one continues');
    });

    test("the currency defaults to the organization's; an explicit one is kept; a bad one is 400", async () => {
      const o = await billingOrg('Currency Default', 'GBP');
      const c = await customer(o);
      assert.equal((await invoice(o, { customerId: c.id })).currency, 'GBP');
      assert.equal((await invoice(o, { customerId: c.id, currency: 'JPY' })).currency, 'JPY');
      const before = await snapshot(o.org.id);
      for (const currency of ['XYZ', 'eur', 'EURO', '', 123]) {
        const res = await call(o, o.owner.token, 'POST', '/invoices', { customerId: c.id, dueDate: '2030-01-01', currency });
        assertProblem(res, 400, 'validation_failed');
        assert.ok(fieldPaths(res).includes('body.currency'), res.text);
      }
      assert.deepEqual(await snapshot(o.org.id), before, 'nothing written');
    });
  });

  // ---- exact totals -------------------------------------------------------------------------------

  describe('exact decimal totals', () => {
    test('0.1 × 3 at 17.5 % in EUR: subtotal 0.30, tax 0.05, total 0.35', async () => {
      const o = await billingOrg('Totals EUR');
      const inv = await invoice(o);
      assert.deepEqual([inv.subtotal, inv.taxTotal, inv.total], ['0.00', '0.00', '0.00']);
      const res = await addLine(o, inv.id, { description: 'Dimes', quantity: '3', unitPrice: '0.1', taxRate: '17.5' });
      assert.deepEqual([res.invoice.subtotal, res.invoice.taxTotal, res.invoice.total], ['0.30', '0.05', '0.35']);
      assert.equal(res.items.length, 1);
      const [line] = res.items;
      assert.deepEqual(
        { quantity: line.quantity, unitPrice: line.unitPrice, taxRate: line.taxRate, lineSubtotal: line.lineSubtotal, lineTax: line.lineTax, position: line.position },
        { quantity: '3', unitPrice: '0.1', taxRate: '17.5', lineSubtotal: '0.30', lineTax: '0.05', position: 1 },
      );
      const got = await call(o, o.owner.token, 'GET', `/invoices/${inv.id}`);
      assert.deepEqual([got.json.subtotal, got.json.taxTotal, got.json.total], ['0.30', '0.05', '0.35']);
      const [row] = await t.db.query<{ subtotal: string; tax_total: string; total: string }>(
        'select subtotal::text, tax_total::text, total::text from billing_invoices where organization_id = $1 and id = $2',
        [o.org.id, inv.id],
      );
      assert.deepEqual([trimmed(row!.subtotal), trimmed(row!.tax_total), trimmed(row!.total)], ['0.3', '0.05', '0.35'], 'stored exactly');
    });

    test('1/3-style prices: 33.3333 × 3 at 20 % is 100.00 + 20.00; 0.3333 × 3 is 1.00', async () => {
      const o = await billingOrg('Totals Thirds');
      const inv = await invoice(o);
      let res = await addLine(o, inv.id, { quantity: '3', unitPrice: '33.3333', taxRate: '20' });
      assert.deepEqual([res.items[0].lineSubtotal, res.items[0].lineTax], ['100.00', '20.00']);
      assert.deepEqual([res.invoice.subtotal, res.invoice.taxTotal, res.invoice.total], ['100.00', '20.00', '120.00']);
      res = await addLine(o, inv.id, { quantity: '3', unitPrice: '0.3333' });
      assert.deepEqual([res.items[1].lineSubtotal, res.items[1].lineTax, res.items[1].taxRate], ['1.00', '0.00', '0']);
      assert.deepEqual([res.invoice.subtotal, res.invoice.taxTotal, res.invoice.total], ['101.00', '20.00', '121.00']);
    });

    test('JPY has no minor unit: amounts round half-up to whole yen', async () => {
      const o = await billingOrg('Totals JPY', 'JPY');
      const inv = await invoice(o);
      assert.equal(inv.currency, 'JPY');
      assert.deepEqual([inv.subtotal, inv.total], ['0', '0']);
      const res = await addLine(o, inv.id, { quantity: '3', unitPrice: '333.5', taxRate: '10' });
      // 3 × 333.5 = 1000.5 → 1001; 10 % of 1001 = 100.1 → 100.
      assert.deepEqual([res.items[0].lineSubtotal, res.items[0].lineTax], ['1001', '100']);
      assert.deepEqual([res.invoice.subtotal, res.invoice.taxTotal, res.invoice.total], ['1001', '100', '1101']);
      assert.equal(res.items[0].unitPrice, '333.5', 'the unit price itself keeps its decimals');
    });

    test('BHD has three decimals', async () => {
      const o = await billingOrg('Totals BHD', 'BHD');
      const inv = await invoice(o);
      assert.deepEqual([inv.subtotal, inv.total], ['0.000', '0.000']);
      // 3 × 1.2345 = 3.7035 → 3.704; 5 % of 3.704 = 0.1852 → 0.185.
      let res = await addLine(o, inv.id, { quantity: '3', unitPrice: '1.2345', taxRate: '5' });
      assert.deepEqual([res.items[0].lineSubtotal, res.items[0].lineTax], ['3.704', '0.185']);
      assert.deepEqual([res.invoice.subtotal, res.invoice.taxTotal, res.invoice.total], ['3.704', '0.185', '3.889']);
      // 0.0005 → 0.001 (half-up at the third decimal).
      res = await addLine(o, inv.id, { quantity: '1', unitPrice: '0.0005' });
      assert.deepEqual([res.items[1].lineSubtotal, res.items[1].lineTax], ['0.001', '0.000']);
      assert.deepEqual([res.invoice.subtotal, res.invoice.taxTotal, res.invoice.total], ['3.705', '0.185', '3.890']);
    });

    test('many lines: the totals are the exact sums of the rounded lines, with no floating-point drift', async () => {
      const o = await billingOrg('Totals Many');
      const inv = await invoice(o);
      const lines: LineBody[] = [
        ...Array.from({ length: 12 }, () => ({ quantity: '3', unitPrice: '0.1', taxRate: '17.5' })), // 0.30 + 0.05 (0.0525)
        ...Array.from({ length: 6 }, () => ({ quantity: '1', unitPrice: '0.07', taxRate: '0' })), // 0.07 + 0.00
        ...Array.from({ length: 4 }, () => ({ quantity: '0.3333', unitPrice: '0.03', taxRate: '21' })), // 0.01 (0.009999) + 0.00 (0.0021)
      ];
      let last: { invoice: any; items: any[] } | undefined;
      for (const line of lines) last = await addLine(o, inv.id, line);
      // By hand: subtotal 12 × 0.30 + 6 × 0.07 + 4 × 0.01 = 3.60 + 0.42 + 0.04 = 4.06;
      // tax 12 × 0.05 = 0.60 (rounding the unrounded 0.63 at the end would disagree with the lines); total 4.66.
      assert.deepEqual([last!.invoice.subtotal, last!.invoice.taxTotal, last!.invoice.total], ['4.06', '0.60', '4.66']);
      assert.equal(last!.items.length, 22);
      assert.deepEqual(last!.items.map((l) => l.position), Array.from({ length: 22 }, (_, i) => i + 1));
      const sum = (key: 'lineSubtotal' | 'lineTax') => last!.items.reduce((s, l) => s + scaled(l[key], 2), 0n);
      assert.equal(sum('lineSubtotal'), scaled(last!.invoice.subtotal, 2), 'the printed lines add up to the printed subtotal');
      assert.equal(sum('lineTax'), scaled(last!.invoice.taxTotal, 2));
      // What a float implementation would have produced instead (the reason for this test).
      const float = lines.reduce((s, l) => s + Number(l.quantity) * Number(l.unitPrice), 0);
      assert.notEqual(String(float), '4.06');
    });

    test('updating a line recomputes the totals and keeps the fields it does not name; removing one recomputes too', async () => {
      const o = await billingOrg('Totals Line Changes');
      const inv = await invoice(o);
      await addLine(o, inv.id, { description: 'Kept', quantity: '1', unitPrice: '5' });
      const added = await addLine(o, inv.id, { description: 'Changed', quantity: '2', unitPrice: '10', taxRate: '17.5' });
      assert.deepEqual([added.invoice.subtotal, added.invoice.taxTotal, added.invoice.total], ['25.00', '3.50', '28.50']);
      const lineId = added.items[1].id;

      const updated = await call(o, o.owner.token, 'PATCH', `/invoices/${inv.id}/lines/${lineId}`, { quantity: '3' });
      assert.equal(updated.status, 200, updated.text);
      const line = updated.json.items.find((l: any) => l.id === lineId);
      assert.deepEqual(
        { description: line.description, quantity: line.quantity, unitPrice: line.unitPrice, taxRate: line.taxRate, lineSubtotal: line.lineSubtotal, lineTax: line.lineTax },
        { description: 'Changed', quantity: '3', unitPrice: '10', taxRate: '17.5', lineSubtotal: '30.00', lineTax: '5.25' },
        'a partial update keeps the tax rate it did not name',
      );
      assert.deepEqual([updated.json.invoice.subtotal, updated.json.invoice.taxTotal, updated.json.invoice.total], ['35.00', '5.25', '40.25']);

      const described = await call(o, o.owner.token, 'PATCH', `/invoices/${inv.id}/lines/${lineId}`, { description: 'Renamed' });
      assert.equal(described.status, 200, described.text);
      assert.equal(described.json.invoice.total, '40.25', 'a description change leaves the amounts alone');

      const removed = await call(o, o.owner.token, 'DELETE', `/invoices/${inv.id}/lines/${lineId}`);
      assert.equal(removed.status, 200, removed.text);
      assert.deepEqual(removed.json.items.map((l: any) => l.description), ['Kept']);
      assert.deepEqual([removed.json.invoice.subtotal, removed.json.invoice.taxTotal, removed.json.invoice.total], ['5.00', '0.00', '5.00']);
      assertProblem(await call(o, o.owner.token, 'PATCH', `/invoices/${inv.id}/lines/${lineId}`, { quantity: '1' }), 404, 'not_found');

      const listed = await call(o, o.owner.token, 'GET', `/invoices/${inv.id}/lines`);
      assert.equal(listed.status, 200, listed.text);
      assert.deepEqual(listed.json.items.map((l: any) => l.description), ['Kept']);
      assert.equal(listed.json.invoice.total, '5.00');
    });

    test("changing a draft's currency recomputes its lines for the new minor unit", async () => {
      const o = await billingOrg('Totals Currency Change');
      const inv = await invoice(o);
      await addLine(o, inv.id, { quantity: '1', unitPrice: '0.5' });
      const jpy = await call(o, o.owner.token, 'PATCH', `/invoices/${inv.id}`, { currency: 'JPY' });
      assert.equal(jpy.status, 200, jpy.text);
      assert.deepEqual([jpy.json.currency, jpy.json.subtotal, jpy.json.total], ['JPY', '1', '1'], '0.5 yen rounds half-up to 1');
      const lines = await call(o, o.owner.token, 'GET', `/invoices/${inv.id}/lines`);
      assert.equal(lines.json.items[0].lineSubtotal, '1');
      const eur = await call(o, o.owner.token, 'PATCH', `/invoices/${inv.id}`, { currency: 'EUR' });
      assert.deepEqual([eur.json.currency, eur.json.subtotal, eur.json.total], ['EUR', '0.50', '0.50']);
    });
  });

  // ---- lifecycle ----------------------------------------------------------------------------------

  describe('lifecycle', () => {
    async function invoiceEvents(orgId: string, invoiceId: string) {
      const rows = await t.db.query<{ type: string; payload: any }>(
        "select type, payload from domain_events where organization_id = $1 and type like 'INVOICE_%' order by id",
        [orgId],
      );
      return rows
        .map((r) => ({ type: r.type, payload: typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload }))
        .filter((e) => e.payload.invoiceId === invoiceId || e.payload.id === invoiceId);
    }

    test('issuing needs at least one line (422); with one it is issued', async () => {
      const o = await billingOrg('Lifecycle Empty');
      const inv = await invoice(o);
      const before = await snapshot(o.org.id);
      assertProblem(await transition(o, inv.id, 'issue'), 422, 'unprocessable');
      assert.deepEqual(await snapshot(o.org.id), before, 'nothing written');
      await addLine(o, inv.id, { unitPrice: '1' });
      const issued = await transition(o, inv.id, 'issue');
      assert.equal(issued.status, 200, issued.text);
      assert.equal(issued.json.status, 'ISSUED');
    });

    test('DRAFT → ISSUED → PAID writes INVOICE_ISSUED and INVOICE_PAID events and audit rows', async () => {
      const o = await billingOrg('Lifecycle Paid');
      const inv = await invoice(o);
      assert.equal(inv.status, 'DRAFT');
      assert.equal(inv.issueDate, null);
      await addLine(o, inv.id, { quantity: '3', unitPrice: '0.1', taxRate: '17.5' });

      const issued = await transition(o, inv.id, 'issue');
      assert.equal(issued.status, 200, issued.text);
      assert.equal(issued.json.status, 'ISSUED');
      assert.match(issued.json.issueDate, /^\d{4}-\d{2}-\d{2}$/);
      assert.equal(issued.json.total, '0.35');

      const paid = await transition(o, inv.id, 'pay');
      assert.equal(paid.status, 200, paid.text);
      assert.equal(paid.json.status, 'PAID');
      assert.equal(paid.json.issueDate, issued.json.issueDate);

      const events = await invoiceEvents(o.org.id, inv.id);
      assert.deepEqual(events.map((e) => e.type), ['INVOICE_CREATED', 'INVOICE_ISSUED', 'INVOICE_PAID']);
      for (const e of events.slice(1)) {
        assert.equal(e.payload.invoiceId, inv.id);
        assert.equal(e.payload.number, inv.number);
        assert.equal(e.payload.currency, 'EUR');
        assert.equal(trimmed(e.payload.total), '0.35');
      }
      const audit = await t.db.query<{ action: string; changes: any }>(
        "select action, changes from audit_logs where organization_id = $1 and target_type = 'invoice' and target_id = $2 order by created_at, id",
        [o.org.id, inv.id],
      );
      assert.deepEqual(audit.map((a) => a.action), ['invoice.created', 'invoice.line_added', 'invoice.issued', 'invoice.paid']);
      const changes = (a: { changes: any }) => (typeof a.changes === 'string' ? JSON.parse(a.changes) : a.changes);
      assert.deepEqual(changes(audit[3]!), { before: { status: 'ISSUED' }, after: { status: 'PAID' } });

      const api = await t.request('GET', `/api/v1/orgs/${o.org.id}/events?type=INVOICE_PAID`, { token: o.owner.token });
      assert.equal(api.status, 200, api.text);
      assert.deepEqual(api.json.items.map((e: any) => e.payload.invoiceId), [inv.id]);
    });

    test('VOID from DRAFT and from ISSUED; PAID cannot be voided (409), nor can any other wrong transition happen', async () => {
      const o = await billingOrg('Lifecycle Void');
      const draft = await invoice(o);
      const voidedDraft = await transition(o, draft.id, 'void');
      assert.equal(voidedDraft.status, 200, voidedDraft.text);
      assert.equal(voidedDraft.json.status, 'VOID');

      const issued = await invoice(o);
      await addLine(o, issued.id, { unitPrice: '2' });
      assert.equal((await transition(o, issued.id, 'issue')).status, 200);
      const voidedIssued = await transition(o, issued.id, 'void');
      assert.equal(voidedIssued.status, 200, voidedIssued.text);
      assert.equal(voidedIssued.json.status, 'VOID');
      assert.deepEqual((await invoiceEvents(o.org.id, issued.id)).map((e) => e.type), ['INVOICE_CREATED', 'INVOICE_ISSUED', 'INVOICE_VOIDED']);

      const paid = await invoice(o);
      await addLine(o, paid.id, { unitPrice: '3' });
      assert.equal((await transition(o, paid.id, 'pay')).status, 409, 'a DRAFT cannot be paid');
      assert.equal((await transition(o, paid.id, 'issue')).status, 200);
      assert.equal((await transition(o, paid.id, 'pay')).status, 200);

      const before = await snapshot(o.org.id);
      const refusals: [string, 'issue' | 'pay' | 'void'][] = [
        [paid.id, 'void'], [paid.id, 'pay'], [paid.id, 'issue'],
        [draft.id, 'void'], [draft.id, 'issue'], [draft.id, 'pay'],
        [issued.id, 'issue'], [issued.id, 'pay'], [issued.id, 'void'],
      ];
      for (const [id, action] of refusals) assertProblem(await transition(o, id, action), 409, 'invalid_transition', `${action} ${id}`);
      assert.deepEqual(await snapshot(o.org.id), before, 'nothing written by the refused transitions');
      const statuses = await t.db.query<{ id: string; status: string }>('select id::text, status from billing_invoices where organization_id = $1', [o.org.id]);
      assert.deepEqual(Object.fromEntries(statuses.map((s) => [s.id, s.status])), { [draft.id]: 'VOID', [issued.id]: 'VOID', [paid.id]: 'PAID' });
    });

    test('only DRAFT invoices are editable: changes to an ISSUED invoice or its lines are 409 invalid_transition', async () => {
      const o = await billingOrg('Lifecycle Frozen');
      const inv = await invoice(o, { notes: 'draft notes' });
      const { items } = await addLine(o, inv.id, { quantity: '2', unitPrice: '4' });
      const lineId = items[0].id;
      // Positive control: while DRAFT, every one of these edits works.
      assert.equal((await call(o, o.owner.token, 'PATCH', `/invoices/${inv.id}`, { notes: 'edited' })).status, 200);
      assert.equal((await call(o, o.owner.token, 'PATCH', `/invoices/${inv.id}/lines/${lineId}`, { quantity: '3' })).status, 200);
      const extra = await addLine(o, inv.id, { unitPrice: '1' });
      assert.equal((await call(o, o.owner.token, 'DELETE', `/invoices/${inv.id}/lines/${extra.items[1].id}`)).status, 200);
      assert.equal((await transition(o, inv.id, 'issue')).status, 200);

      const before = await snapshot(o.org.id);
      const other = await customer(o, { name: 'Other' });
      const after = await snapshot(o.org.id);
      const attempts: [string, string, unknown?][] = [
        ['PATCH', `/invoices/${inv.id}`, { notes: 'too late' }],
        ['PATCH', `/invoices/${inv.id}`, { customerId: other.id }],
        ['PATCH', `/invoices/${inv.id}`, { currency: 'USD' }],
        ['POST', `/invoices/${inv.id}/lines`, { description: 'More', quantity: '1', unitPrice: '1' }],
        ['PATCH', `/invoices/${inv.id}/lines/${lineId}`, { quantity: '100' }],
        ['DELETE', `/invoices/${inv.id}/lines/${lineId}`],
        ['DELETE', `/invoices/${inv.id}`],
      ];
      for (const [method, path, body] of attempts) assertProblem(await call(o, o.owner.token, method, path, body), 409, 'invalid_transition', `${method} ${path}`);
      assert.notDeepEqual(before.customers, after.customers);
      assert.deepEqual(await snapshot(o.org.id), after, 'the issued invoice and its lines are unchanged');
      const got = await call(o, o.owner.token, 'GET', `/invoices/${inv.id}`);
      assert.deepEqual([got.json.notes, got.json.total, got.json.status], ['edited', '12.00', 'ISSUED']);
    });

    test('a DRAFT invoice can be deleted (it is removed with its lines)', async () => {
      const o = await billingOrg('Lifecycle Delete');
      const inv = await invoice(o);
      await addLine(o, inv.id, { unitPrice: '1' });
      const deleted = await call(o, o.owner.token, 'DELETE', `/invoices/${inv.id}`);
      assert.equal(deleted.status, 200, deleted.text);
      assertProblem(await call(o, o.owner.token, 'GET', `/invoices/${inv.id}`), 404, 'not_found');
      const [lines] = await t.db.query<{ n: number }>('select count(*)::int as n from billing_invoice_lines where organization_id = $1 and invoice_id = $2', [o.org.id, inv.id]);
      assert.equal(Number(lines!.n), 0);
    });
  });

  // ---- permissions --------------------------------------------------------------------------------

  describe('permissions', () => {
    test('a MEMBER creates and edits invoices but cannot issue, pay, void or delete them (403); an ADMIN can', async () => {
      const o = await billingOrg('Perms Member');
      const member = await join(o, 'MEMBER');
      const admin = await join(o, 'ADMIN');

      const c = await call(o, member.token, 'POST', '/customers', { name: 'Member Customer' });
      assert.equal(c.status, 201, c.text);
      assert.equal((await call(o, member.token, 'PATCH', `/customers/${c.json.id}`, { taxId: 'X1' })).status, 200);
      const inv = await call(o, member.token, 'POST', '/invoices', { customerId: c.json.id, dueDate: '2030-01-01' });
      assert.equal(inv.status, 201, inv.text);
      await addLine(o, inv.json.id, { unitPrice: '7' }, member.token);
      assert.equal((await call(o, member.token, 'PATCH', `/invoices/${inv.json.id}`, { notes: 'by member' })).status, 200);

      const before = await snapshot(o.org.id);
      for (const action of ['issue', 'pay', 'void'] as const) assertProblem(await transition(o, inv.json.id, action, member.token), 403, 'forbidden');
      assertProblem(await call(o, member.token, 'DELETE', `/invoices/${inv.json.id}`), 403, 'forbidden');
      assertProblem(await call(o, member.token, 'DELETE', `/customers/${c.json.id}`), 403, 'forbidden');
      assert.deepEqual(await snapshot(o.org.id), before, 'nothing written by the refusals');

      const issued = await transition(o, inv.json.id, 'issue', admin.token);
      assert.equal(issued.status, 200, issued.text);
      assertProblem(await transition(o, inv.json.id, 'pay', member.token), 403, 'forbidden');
      const paid = await transition(o, inv.json.id, 'pay', admin.token);
      assert.equal(paid.status, 200, paid.text);
      const spare = await invoice(o, { customerId: c.json.id });
      assert.equal((await transition(o, spare.id, 'void', admin.token)).status, 200);
    });

    test('READ_ONLY can read customers, invoices and lines, and nothing else', async () => {
      const o = await billingOrg('Perms ReadOnly');
      const reader = await join(o, 'READ_ONLY');
      const c = await customer(o, { name: 'Readable' });
      const inv = await invoice(o, { customerId: c.id });
      const { items } = await addLine(o, inv.id, { unitPrice: '1' });

      assert.equal((await call(o, reader.token, 'GET', '/customers')).status, 200);
      assert.equal((await call(o, reader.token, 'GET', `/customers/${c.id}`)).status, 200);
      const list = await call(o, reader.token, 'GET', '/invoices');
      assert.equal(list.status, 200, list.text);
      assert.deepEqual(list.json.items.map((i: any) => i.id), [inv.id]);
      assert.equal((await call(o, reader.token, 'GET', `/invoices/${inv.id}`)).status, 200);
      assert.equal((await call(o, reader.token, 'GET', `/invoices/${inv.id}/lines`)).status, 200);

      const before = await snapshot(o.org.id);
      const writes: [string, string, unknown?][] = [
        ['POST', '/customers', { name: 'Nope' }],
        ['PATCH', `/customers/${c.id}`, { name: 'Nope' }],
        ['DELETE', `/customers/${c.id}`],
        ['POST', '/invoices', { customerId: c.id, dueDate: '2030-01-01' }],
        ['PATCH', `/invoices/${inv.id}`, { notes: 'nope' }],
        ['DELETE', `/invoices/${inv.id}`],
        ['POST', `/invoices/${inv.id}/lines`, { description: 'Nope', quantity: '1', unitPrice: '1' }],
        ['PATCH', `/invoices/${inv.id}/lines/${items[0].id}`, { quantity: '2' }],
        ['DELETE', `/invoices/${inv.id}/lines/${items[0].id}`],
        ['POST', `/invoices/${inv.id}/issue`],
        ['POST', `/invoices/${inv.id}/pay`],
        ['POST', `/invoices/${inv.id}/void`],
      ];
      for (const [method, path, body] of writes) assertProblem(await call(o, reader.token, method, path, body), 403, 'forbidden', `${method} ${path}`);
      assert.deepEqual(await snapshot(o.org.id), before, 'nothing written');
    });
  });

  // ---- other organizations ----------------------------------------------------------------------

  describe('other organizations', () => {
    test("ids of another organization are 404 on every customer, invoice and line route", async () => {
      const a = await billingOrg('Isolation A');
      const b = await billingOrg('Isolation B');
      const bCustomer = await customer(b, { name: 'B Customer' });
      const bInvoice = await invoice(b, { customerId: bCustomer.id });
      const bLine = (await addLine(b, bInvoice.id, { unitPrice: '9' })).items[0];
      const aInvoice = await invoice(a);
      const before = await snapshot(b.org.id);

      const probes: [string, string, unknown?][] = [
        ['GET', `/customers/${bCustomer.id}`],
        ['PATCH', `/customers/${bCustomer.id}`, { name: 'Hijacked' }],
        ['DELETE', `/customers/${bCustomer.id}`],
        ['GET', `/invoices/${bInvoice.id}`],
        ['PATCH', `/invoices/${bInvoice.id}`, { notes: 'Hijacked' }],
        ['DELETE', `/invoices/${bInvoice.id}`],
        ['GET', `/invoices/${bInvoice.id}/lines`],
        ['POST', `/invoices/${bInvoice.id}/lines`, { description: 'Injected', quantity: '1', unitPrice: '1' }],
        ['PATCH', `/invoices/${bInvoice.id}/lines/${bLine.id}`, { quantity: '99' }],
        ['DELETE', `/invoices/${bInvoice.id}/lines/${bLine.id}`],
        // A's own invoice with B's line id.
        ['PATCH', `/invoices/${aInvoice.id}/lines/${bLine.id}`, { quantity: '99' }],
        ['DELETE', `/invoices/${aInvoice.id}/lines/${bLine.id}`],
        ['POST', `/invoices/${bInvoice.id}/issue`],
        ['POST', `/invoices/${bInvoice.id}/pay`],
        ['POST', `/invoices/${bInvoice.id}/void`],
        // And ids that exist nowhere answer the same.
        ['GET', `/customers/${randomUUID()}`],
        ['GET', `/invoices/${randomUUID()}`],
      ];
      for (const [method, path, body] of probes) assertProblem(await call(a, a.owner.token, method, path, body), 404, 'not_found', `${method} ${path}`);
      assert.deepEqual(await snapshot(b.org.id), before, "B's data is untouched");

      // B's own lists never show A's rows, and A's lists never show B's.
      const aList = await call(a, a.owner.token, 'GET', '/invoices?limit=100');
      assert.deepEqual(aList.json.items.map((i: any) => i.id), [aInvoice.id]);
      // Positive control: B's owner reaches the same ids.
      assert.equal((await call(b, b.owner.token, 'GET', `/customers/${bCustomer.id}`)).status, 200);
      assert.equal((await call(b, b.owner.token, 'GET', `/invoices/${bInvoice.id}/lines`)).status, 200);
      // And A's owner cannot reach B's routes at all.
      assertProblem(await call(b, a.owner.token, 'GET', '/customers'), 404, 'not_found');
    });

    test('a customer of another organization cannot be referenced by an invoice, on create or update', async () => {
      const a = await billingOrg('Reference A');
      const b = await billingOrg('Reference B');
      const bCustomer = await customer(b, { name: 'Foreign' });
      const aCustomer = await customer(a, { name: 'Local' });
      const aInvoice = await invoice(a, { customerId: aCustomer.id });

      const before = await snapshot(a.org.id);
      const created = await call(a, a.owner.token, 'POST', '/invoices', { customerId: bCustomer.id, dueDate: '2030-01-01' });
      assertProblem(created, [400, 404]);
      if (created.status === 400) assert.ok(fieldPaths(created).includes('body.customerId'), created.text);
      const updated = await call(a, a.owner.token, 'PATCH', `/invoices/${aInvoice.id}`, { customerId: bCustomer.id });
      assertProblem(updated, [400, 404]);
      assert.deepEqual(await snapshot(a.org.id), before, 'nothing written');
      const [cross] = await t.db.query<{ n: number }>(
        'select count(*)::int as n from billing_invoices i where i.organization_id = $1 and i.customer_id = $2',
        [a.org.id, bCustomer.id],
      );
      assert.equal(Number(cross!.n), 0, 'no invoice of A points at B');

      // Positive control: A's own customer works for both.
      const other = await customer(a, { name: 'Local Two' });
      assert.equal((await call(a, a.owner.token, 'PATCH', `/invoices/${aInvoice.id}`, { customerId: other.id })).status, 200);
      assert.equal((await call(a, a.owner.token, 'POST', '/invoices', { customerId: other.id, dueDate: '2030-01-01' })).status, 201);
    });
  });

  // ---- cursors and list queries -------------------------------------------------------------------

  describe('cursors and list queries', () => {
    test("a garbage cursor, another organization's cursor, another sort's or another list's cursor is 400", async () => {
      const a = await billingOrg('Cursors A');
      const b = await billingOrg('Cursors B');
      for (const name of ['one', 'two', 'three', 'four']) {
        await customer(a, { name });
        await customer(b, { name });
      }
      const c = await customer(a, { name: 'five' });
      await invoice(a, { customerId: c.id });
      await invoice(a, { customerId: c.id });
      await invoice(a, { customerId: c.id });

      const firstPage = async (o: BillingOrg, path: string) => {
        const res = await call(o, o.owner.token, 'GET', path);
        assert.equal(res.status, 200, res.text);
        assert.ok(res.json.nextCursor, `${path} has a next page`);
        return res.json.nextCursor as string;
      };
      const own = await firstPage(a, '/customers?limit=2&sort=name&order=asc');
      // Positive control: the cursor works where it came from.
      const next = await call(a, a.owner.token, 'GET', `/customers?limit=2&sort=name&order=asc&cursor=${own}`);
      assert.equal(next.status, 200, next.text);
      assert.equal(next.json.items.length, 2);

      const fromB = await firstPage(b, '/customers?limit=2&sort=name&order=asc');
      const fromInvoices = await firstPage(a, '/invoices?limit=2');
      const [k, id] = decodeCursor(own);
      const attempts: [string, string][] = [
        ['garbage', '/customers?limit=2&cursor=not-a-cursor'],
        ['base64 garbage', `/customers?limit=2&cursor=${Buffer.from('{"hello":1}').toString('base64url')}`],
        ['truncated', `/customers?limit=2&sort=name&order=asc&cursor=${own.slice(0, -4)}`],
        ['another organization', `/customers?limit=2&sort=name&order=asc&cursor=${fromB}`],
        ['another order', `/customers?limit=2&sort=name&order=desc&cursor=${own}`],
        ['another sort', `/customers?limit=2&sort=createdAt&order=asc&cursor=${own}`],
        ['another list', `/customers?limit=2&cursor=${fromInvoices}`],
        ['scope removed', `/customers?limit=2&sort=name&order=asc&cursor=${Buffer.from(JSON.stringify([k, id])).toString('base64url')}`],
        ['scope swapped', `/customers?limit=2&sort=name&order=asc&cursor=${encodeCursor(k, id, 'x'.repeat(22))}`],
        ['id not a uuid', `/customers?limit=2&sort=name&order=asc&cursor=${Buffer.from(JSON.stringify([k, 'not-a-uuid', decodeCursor(own)[2]])).toString('base64url')}`],
        ['too long', `/customers?limit=2&cursor=${'A'.repeat(600)}`],
      ];
      for (const [label, path] of attempts) {
        const res = await call(a, a.owner.token, 'GET', path);
        assertProblem(res, 400, 'validation_failed');
        assert.ok(res.json.errors?.some((e: any) => e.path.includes('cursor')), `${label}: ${res.text}`);
      }
      // B's cursor is fine in B.
      assert.equal((await call(b, b.owner.token, 'GET', `/customers?limit=2&sort=name&order=asc&cursor=${fromB}`)).status, 200);
    });

    test('a forged cursor with the right scope but a key of the wrong shape is 400, never a 500', async () => {
      const o = await billingOrg('Cursors Forged');
      const c = await customer(o, { name: 'forged' });
      const inv = await invoice(o, { customerId: c.id });
      const scope = (resource: string, field: string, order: string) => cursorScope(o.org.id, 'billing', resource, field, order);

      // Positive control: a well-formed forged cursor is accepted (a cursor only moves the window).
      const fine = await call(o, o.owner.token, 'GET', `/invoices?sort=number&order=asc&cursor=${encodeCursor('0', randomUUID(), scope('invoices', 'number', 'asc'))}`);
      assert.equal(fine.status, 200, fine.text);
      assert.deepEqual(fine.json.items.map((i: any) => i.id), [inv.id]);

      const bad: [string, string, string, unknown][] = [
        ['customers', 'createdAt', 'asc', 'yesterday'],
        ['customers', 'createdAt', 'asc', '2024-02-30T00:00:00.000000Z'],
        ['customers', 'createdAt', 'asc', 12345],
        ['customers', 'name', 'asc', 'nul\u0000byte'],
        ['invoices', 'number', 'desc', 'abc'],
        ['invoices', 'number', 'desc', '1.5'],
        ['invoices', 'number', 'desc', '99999999999999999999'],
        ['invoices', 'number', 'desc', "1; drop table billing_invoices"],
        ['invoices', 'dueDate', 'asc', 'not-a-date'],
        ['invoices', 'dueDate', 'asc', '2025-02-30'],
        ['invoices', 'dueDate', 'asc', '0000-01-01'],
        ['invoices', 'total', 'asc', 'NaN'],
        ['invoices', 'total', 'asc', '1e5'],
      ];
      for (const [resource, field, order, k] of bad) {
        const res = await call(o, o.owner.token, 'GET', `/${resource}?sort=${field}&order=${order}&cursor=${encodeCursor(k, randomUUID(), scope(resource, field, order))}`);
        assertProblem(res, 400, 'validation_failed', `${resource} ${field} ${JSON.stringify(k)}`);
      }
      // A numeric key beyond the column's precision is still a number: an empty or full page, never an error.
      const huge = await call(o, o.owner.token, 'GET', `/invoices?sort=total&order=asc&cursor=${encodeCursor('1' + '0'.repeat(25), randomUUID(), scope('invoices', 'total', 'asc'))}`);
      assert.equal(huge.status, 200, huge.text);
      assert.deepEqual(huge.json.items, []);
    });

    test('invoices walk exactly once with limit=2 in every sort, including ties on due date and total', async () => {
      const o = await billingOrg('Invoices Paging');
      const c = await customer(o);
      const dues = ['2030-01-02', '2030-01-01', '2030-01-02', '2030-01-03', '2030-01-01', '2030-01-02', '2030-01-04'];
      const all: any[] = [];
      for (const [i, dueDate] of dues.entries()) {
        const inv = await invoice(o, { customerId: c.id, dueDate, notes: i % 2 ? 'odd' : 'even' });
        if (i % 3 === 0) await addLine(o, inv.id, { unitPrice: '10' });
        all.push(inv);
      }
      const allIds = all.map((i) => i.id).sort();
      for (const sort of ['number', 'dueDate', 'createdAt', 'total']) {
        for (const order of ['asc', 'desc']) {
          const seen = await walk(o, '/invoices', { limit: '2', sort, order });
          const ids = seen.map((i) => i.id);
          assert.equal(new Set(ids).size, ids.length, `${sort} ${order}: no duplicates`);
          assert.deepEqual([...ids].sort(), allIds, `${sort} ${order}: every invoice`);
          const one = await call(o, o.owner.token, 'GET', `/invoices?limit=100&sort=${sort}&order=${order}`);
          assert.deepEqual(ids, one.json.items.map((i: any) => i.id), `${sort} ${order}: same order as a single page`);
        }
      }
      const byNumber = await walk(o, '/invoices', { limit: '2' });
      assert.deepEqual(byNumber.map((i) => i.number), [7, 6, 5, 4, 3, 2, 1], 'default: newest number first');
      const filtered = await walk(o, '/invoices', { limit: '2', dueBefore: '2030-01-02', sort: 'dueDate' });
      assert.deepEqual(filtered.map((i) => i.dueDate).sort(), ['2030-01-01', '2030-01-01', '2030-01-02', '2030-01-02', '2030-01-02']);
      const odd = await walk(o, '/invoices', { limit: '2', q: 'odd' });
      assert.equal(odd.length, 3);
    });

    test('bad list queries are 400: page size, unknown sort, order, filter values and unknown parameters', async () => {
      const o = await billingOrg('List Queries');
      const queries = [
        '/customers?limit=0', '/customers?limit=101', '/customers?limit=two', '/customers?sort=email', '/customers?order=sideways',
        '/customers?status=DRAFT', '/customers?organizationId=x', `/customers?q=${'x'.repeat(101)}`,
        '/invoices?status=LOST', '/invoices?customerId=nope', '/invoices?currency=eur', '/invoices?dueBefore=2025-02-30', '/invoices?sort=name',
      ];
      for (const q of queries) assertProblem(await call(o, o.owner.token, 'GET', q), 400, 'validation_failed', q);
      // Positive control.
      for (const q of ['/customers?limit=100&sort=createdAt&order=desc&q=x', '/invoices?status=DRAFT&currency=EUR&dueBefore=2030-01-01&sort=total']) {
        assert.equal((await call(o, o.owner.token, 'GET', q)).status, 200, q);
      }
    });
  });

  // ---- bad input ----------------------------------------------------------------------------------

  describe('bad input on every write', () => {
    const long = (n: number) => 'x'.repeat(n);
    const lineBase = { description: 'Line', quantity: '1', unitPrice: '1', taxRate: '0' };

    /** Each body must be a 400 naming the field, and leave the organization's data exactly as it was. */
    async function refuses(o: BillingOrg, method: string, path: string, cases: [Record<string, unknown>, string][]) {
      const before = await snapshot(o.org.id);
      for (const [body, field] of cases) {
        const res = await call(o, o.owner.token, method, path, body);
        assertProblem(res, 400, 'validation_failed', `${method} ${path} ${JSON.stringify(body).slice(0, 120)}`);
        assert.ok(fieldPaths(res).some((p) => p === `body.${field}` || p.startsWith(`body.${field}.`)), `${method} ${path} ${JSON.stringify(body).slice(0, 120)} → ${res.text.slice(0, 300)}`);
      }
      assert.deepEqual(await snapshot(o.org.id), before, `${method} ${path}: nothing written`);
    }

    test('customers: create and update', async () => {
      const o = await billingOrg('Bad Customers');
      const c = await customer(o, { name: 'Valid' });
      const common: [Record<string, unknown>, string][] = [
        [{ name: 'x', organizationId: randomUUID() }, 'organizationId'],
        [{ name: 'x', id: randomUUID() }, 'id'],
        [{ name: 'x', deletedAt: null }, 'deletedAt'],
        [{ name: 'x', createdAt: '2020-01-01T00:00:00Z' }, 'createdAt'],
        [{ name: '' }, 'name'],
        [{ name: '   ' }, 'name'],
        [{ name: long(201) }, 'name'],
        [{ name: 42 }, 'name'],
        [{ name: 'x', email: 'not-an-email' }, 'email'],
        [{ name: 'x', taxId: long(51) }, 'taxId'],
        [{ name: 'x', address: { line1: 'a', evil: true } }, 'address'],
        [{ name: 'x', address: { country: 'pt' } }, 'address'],
        [{ name: 'x', address: { line1: long(201) } }, 'address'],
      ];
      await refuses(o, 'POST', '/customers', [...common, [{ email: 'a@example.com' }, 'name']]);
      await refuses(o, 'PATCH', `/customers/${c.id}`, common);
      // Positive control: the limits themselves are accepted.
      const edge = await call(o, o.owner.token, 'POST', '/customers', { name: long(200), taxId: long(50), address: { line1: long(200), country: 'PT' } });
      assert.equal(edge.status, 201, edge.text);
    });

    test('invoices: create and update', async () => {
      const o = await billingOrg('Bad Invoices');
      const c = await customer(o);
      const inv = await invoice(o, { customerId: c.id });
      const valid = { customerId: c.id, dueDate: '2030-01-01' };
      await refuses(o, 'POST', '/invoices', [
        [{ ...valid, number: 99 }, 'number'],
        [{ ...valid, status: 'PAID' }, 'status'],
        [{ ...valid, subtotal: '0' }, 'subtotal'],
        [{ ...valid, total: '1000' }, 'total'],
        [{ ...valid, organizationId: randomUUID() }, 'organizationId'],
        [{ ...valid, issueDate: '2030-01-01' }, 'issueDate'],
        [{ ...valid, customerId: 'not-a-uuid' }, 'customerId'],
        [{ ...valid, customerId: randomUUID() }, 'customerId'],
        [{ dueDate: '2030-01-01' }, 'customerId'],
        [{ customerId: c.id }, 'dueDate'],
        [{ ...valid, dueDate: '2030-02-30' }, 'dueDate'],
        [{ ...valid, dueDate: '0000-01-01' }, 'dueDate'],
        [{ ...valid, dueDate: '30/01/2030' }, 'dueDate'],
        [{ ...valid, dueDate: '2030-01-01T00:00:00Z' }, 'dueDate'],
        [{ ...valid, currency: 'XXXX' }, 'currency'],
        [{ ...valid, notes: long(2001) }, 'notes'],
      ]);
      await refuses(o, 'PATCH', `/invoices/${inv.id}`, [
        [{ status: 'PAID' }, 'status'],
        [{ number: 1 }, 'number'],
        [{ total: '0' }, 'total'],
        [{ organizationId: randomUUID() }, 'organizationId'],
        [{ customerId: 'not-a-uuid' }, 'customerId'],
        [{ customerId: randomUUID() }, 'customerId'],
        [{ dueDate: '2030-13-01' }, 'dueDate'],
        [{ dueDate: '0000-01-01' }, 'dueDate'],
        [{ currency: 'ABC' }, 'currency'],
        [{ notes: long(2001) }, 'notes'],
      ]);
      // Positive control.
      assert.equal((await call(o, o.owner.token, 'PATCH', `/invoices/${inv.id}`, { notes: long(2000), dueDate: '2031-12-31' })).status, 200);
    });

    test('invoice lines: add and update', async () => {
      const o = await billingOrg('Bad Lines');
      const inv = await invoice(o);
      const { items } = await addLine(o, inv.id, { quantity: '2', unitPrice: '3', taxRate: '10' });
      const decimals: [string, unknown][] = [
        ['quantity', '-1'], ['quantity', '0'], ['quantity', '0.0000'], ['quantity', '1e3'], ['quantity', '0x10'], ['quantity', '1.23456'],
        ['quantity', ' 1'], ['quantity', ''], ['quantity', 1], ['quantity', 'NaN'], ['quantity', 'Infinity'], ['quantity', '1,5'], ['quantity', '+1'],
        ['unitPrice', '-0.01'], ['unitPrice', '1e3'], ['unitPrice', '0x10'], ['unitPrice', '12345678901234567'], ['unitPrice', '.5'], ['unitPrice', null],
        ['taxRate', '100.0001'], ['taxRate', '101'], ['taxRate', '-1'], ['taxRate', '1e2'], ['taxRate', 17.5],
        ['description', ''], ['description', '   '], ['description', long(501)],
      ];
      const unknown: [Record<string, unknown>, string][] = [
        [{ ...lineBase, lineSubtotal: '0' }, 'lineSubtotal'],
        [{ ...lineBase, lineTax: '0' }, 'lineTax'],
        [{ ...lineBase, position: 1 }, 'position'],
        [{ ...lineBase, invoiceId: randomUUID() }, 'invoiceId'],
        [{ ...lineBase, organizationId: randomUUID() }, 'organizationId'],
        [{ ...lineBase, id: randomUUID() }, 'id'],
      ];
      await refuses(o, 'POST', `/invoices/${inv.id}/lines`, [
        ...decimals.map(([field, value]): [Record<string, unknown>, string] => [{ ...lineBase, [field]: value }, field]),
        ...unknown,
        [{ description: 'No amounts' }, 'quantity'],
      ]);
      await refuses(o, 'PATCH', `/invoices/${inv.id}/lines/${items[0].id}`, [
        ...decimals.map(([field, value]): [Record<string, unknown>, string] => [{ [field]: value }, field]),
        ...unknown.map(([body, field]): [Record<string, unknown>, string] => [{ [field]: body[field] }, field]),
      ]);
      // Positive control: the edges themselves are accepted.
      const edge = await addLine(o, inv.id, { description: long(500), quantity: '0.0001', unitPrice: '0', taxRate: '100' });
      assert.equal(edge.items.length, 2);
      const big = await call(o, o.owner.token, 'PATCH', `/invoices/${inv.id}/lines/${items[0].id}`, { unitPrice: '999999999999.9999' });
      assert.equal(big.status, 200, big.text);
    });

    test('amounts that pass validation but do not fit the stored totals are refused (4xx), never a 500, and nothing is written', async () => {
      const o = await billingOrg('Bad Amounts');
      const inv = await invoice(o);
      const { items } = await addLine(o, inv.id, { quantity: '1', unitPrice: '1' });
      const before = await snapshot(o.org.id);
      // Each is a valid decimal on its own; the products (or their rounding) exceed NUMERIC(20,4).
      const attempts: [string, string, Record<string, unknown>][] = [
        ['POST', `/invoices/${inv.id}/lines`, { ...lineBase, quantity: '9999999999999999', unitPrice: '9999999999999999' }],
        ['POST', `/invoices/${inv.id}/lines`, { ...lineBase, quantity: '2', unitPrice: '9999999999999999.9999' }],
        ['PATCH', `/invoices/${inv.id}/lines/${items[0].id}`, { unitPrice: '9999999999999999.9999' }],
      ];
      for (const [method, path, body] of attempts) {
        const res = await call(o, o.owner.token, method, path, body);
        assertProblem(res, [400, 422], undefined, `${method} ${JSON.stringify(body)}`);
      }
      assert.deepEqual(await snapshot(o.org.id), before, 'nothing written');
    });
  });
});

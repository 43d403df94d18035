// The cooperative module over real HTTP: farmers (normalised phone, unique per organization), farms of
// the organization's own farmers, warehouses and commodities, inventory that never goes negative,
// listings DRAFT → PUBLISHED → CLOSED, the marketplace, and purchase orders between two organizations —
// exercised from the buyer, the seller AND a third organization, at the HTTP surface and at the
// database policies themselves. Plus permissions per role, the module guard, bad input on every
// write, other organizations' ids and tampered cursors.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { addMember, startTestSystem, type TestSystem } from '../../../../test/harness.ts';
import { rowsOf } from '../../db/client.ts';
import { withTenant } from '../../tenancy/with-tenant.ts';

type Res = { status: number; headers: Headers; json: any; text: string };
type User = { token: string; id: string; email: string };
type Org = { id: string; slug: string; name: string };
type Coop = { org: Org; owner: User; base: string };

function assertProblem(res: Res, status: number, code?: string, label = '') {
  assert.equal(res.status, status, `${label ? `${label}: ` : ''}expected ${status}, got ${res.status}: ${res.text.slice(0, 400)}`);
  assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/, label);
  if (code) assert.equal(res.json.code, code, `${label}: ${res.text.slice(0, 400)}`);
}
const fieldPaths = (res: Res): string[] => (res.json?.errors ?? []).map((e: { path: string }) => e.path);

describe('cooperative', () => {
  let t: TestSystem;
  let ops: User;

  before(async () => {
    t = await startTestSystem();
    ops = await t.operator();
  });
  after(() => t.close());

  /** An ACTIVE organization with the cooperative module enabled (and a default currency unless null). */
  async function coopOrg(name = 'Coop', currency: string | null = 'EUR', enable = true): Promise<Coop> {
    const { org, owner } = await t.activeOrganization(ops, `${name} ${t.unique('c').slice(-6)}`);
    if (currency) {
      const settings = await t.request('PATCH', `/api/v1/orgs/${org.id}`, { token: owner.token, body: { currency } });
      assert.equal(settings.status, 200, settings.text);
    }
    if (enable) {
      const enabled = await t.request('POST', `/api/v1/orgs/${org.id}/modules/cooperative/enable`, { token: owner.token });
      assert.equal(enabled.status, 200, enabled.text);
    }
    return { org, owner, base: `/api/v1/orgs/${org.id}/cooperative` };
  }

  async function join(o: Coop, role: string): Promise<User> {
    const user = await t.signUp(role);
    await addMember(t.db, o.org.id, user.id, role, 'ACTIVE');
    return user;
  }

  const call = (o: Coop, method: string, path: string, body?: unknown, token = o.owner.token) => t.request(method, `${o.base}${path}`, { token, body });

  async function created(o: Coop, path: string, body: Record<string, unknown>) {
    const res = await call(o, 'POST', path, body);
    assert.equal(res.status, 201, `${path}: ${res.text}`);
    return res.json;
  }
  const farmer = (o: Coop, body: Record<string, unknown> = {}) => created(o, '/farmers', { name: 'Ama Mensah', phone: `+23324${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`, ...body });
  const warehouse = (o: Coop, name = `Store ${t.unique('w').slice(-6)}`) => created(o, '/warehouses', { name, location: 'Tamale', capacity: '1000' });
  const commodity = (o: Coop, name = 'Maize', unit = 'kg') => created(o, '/commodities', { name, unit, category: 'grain' });
  const stock = (o: Coop, warehouseId: string, commodityId: string, quantity: string) => created(o, '/inventory', { warehouseId, commodityId, quantity });

  /** A seller: warehouse, commodity, stock and a PUBLISHED listing. */
  async function seller(opts: { stock?: string; available?: string; price?: string; commodityName?: string; unit?: string } = {}) {
    const o = await coopOrg('Seller');
    const w = await warehouse(o);
    const c = await commodity(o, opts.commodityName ?? 'Maize', opts.unit ?? 'kg');
    const item = await stock(o, w.id, c.id, opts.stock ?? '100');
    const listing = await created(o, '/listings', { warehouseId: w.id, commodityId: c.id, title: 'Yellow maize', quantityAvailable: opts.available ?? '60', unitPrice: opts.price ?? '2.50' });
    const published = await call(o, 'POST', `/listings/${listing.id}/publish`);
    assert.equal(published.status, 200, published.text);
    return { o, warehouse: w, commodity: c, item, listing: published.json };
  }

  async function buyer() {
    const o = await coopOrg('Buyer');
    return { o, warehouse: await warehouse(o) };
  }

  async function order(b: { o: Coop; warehouse: any }, listingId: string, quantity: string) {
    const res = await call(b.o, 'POST', '/purchase-orders', { listingId, quantity, deliveryWarehouseId: b.warehouse.id });
    assert.equal(res.status, 201, res.text);
    return res.json;
  }

  const act = (o: Coop, id: string, action: string, body?: unknown, token?: string) => call(o, 'POST', `/purchase-orders/${id}/${action}`, body, token);

  /** Quantity on hand per inventory item id, for an organization (owner connection: the truth). */
  async function inventoryOf(orgId: string) {
    const rows = await t.db.query<{ warehouse: string; commodity: string; name: string; unit: string; quantity: string }>(
      `select i.warehouse_id::text as warehouse, i.commodity_id::text as commodity, c.name, c.unit, i.quantity::text as quantity
         from cooperative_inventory_items i join cooperative_commodities c on c.organization_id = i.organization_id and c.id = i.commodity_id
        where i.organization_id = $1 order by c.name, i.warehouse_id`,
      [orgId],
    );
    return rows.map((r) => ({ ...r, quantity: String(Number(r.quantity)) }));
  }
  const countOf = async (text: string, params: unknown[]) => (await t.db.query<{ n: number }>(text, params))[0]!.n;
  const listingAvailable = async (id: string) => Number((await t.db.query<{ q: string }>('select quantity_available::text as q from cooperative_listings where id = $1', [id]))[0]!.q);
  const eventsOf = async (orgId: string, type: string) => (await t.db.query<{ payload: any }>('select payload from domain_events where organization_id = $1 and type = $2 order by id', [orgId, type])).map((r) => r.payload);
  const auditOf = async (orgId: string, action: string) => (await t.db.query<{ target_id: string }>('select target_id from audit_logs where organization_id = $1 and action = $2 order by id', [orgId, action])).map((r) => r.target_id);

  // ---- module guard ---------------------------------------------------------------------------

  test('while the module is disabled every cooperative route answers 403 module_not_enabled; enabling needs nothing', async () => {
    const o = await coopOrg('Disabled', null, false);
    for (const [method, path] of [
      ['GET', '/farmers'],
      ['POST', '/farmers'],
      ['GET', '/marketplace'],
      ['GET', '/purchase-orders'],
      ['POST', `/purchase-orders/${randomUUID()}/accept`],
      ['POST', `/inventory/${randomUUID()}/adjust`],
    ] as const) {
      assertProblem(await call(o, method, path, method === 'POST' ? {} : undefined), 403, 'module_not_enabled', `${method} ${path}`);
    }
    const enabled = await t.request('POST', `/api/v1/orgs/${o.org.id}/modules/cooperative/enable`, { token: o.owner.token });
    assert.equal(enabled.status, 200, enabled.text);
    // Positive control: the same route answers once enabled.
    const list = await call(o, 'GET', '/farmers');
    assert.equal(list.status, 200, list.text);
    assert.deepEqual(list.json.items, []);
    const disabled = await t.request('POST', `/api/v1/orgs/${o.org.id}/modules/cooperative/disable`, { token: o.owner.token });
    assert.equal(disabled.status, 200, disabled.text);
    assertProblem(await call(o, 'GET', '/farmers'), 403, 'module_not_enabled', 'after disabling');
  });

  // ---- farmers and farms ------------------------------------------------------------------------

  describe('farmers and farms', () => {
    test("a farmer's phone is normalised and unique per organization; the same phone in another organization is accepted", async () => {
      const a = await coopOrg('Phones A');
      const b = await coopOrg('Phones B');
      const first = await farmer(a, { name: 'Kofi', phone: ' +233 (24) 123-4567 ', region: 'Northern', community: 'Tolon', gender: 'MALE' });
      assert.equal(first.phone, '+233241234567');
      assert.equal(first.active, true);
      assert.equal(first.gender, 'MALE');
      assertProblem(await call(a, 'POST', '/farmers', { name: 'Kofi again', phone: '+233241234567' }), 409, 'conflict', 'same phone');
      assertProblem(await call(a, 'POST', '/farmers', { name: 'Kofi 00', phone: '00233 24 123 4567' }), 409, 'conflict', 'same phone written with 00');
      const other = await farmer(a, { name: 'Abena', phone: '0241234567' });
      assertProblem(await call(a, 'PATCH', `/farmers/${other.id}`, { phone: '+233-24-123-4567' }), 409, 'conflict', 'update to a taken phone');
      // Positive controls: another organization may have the same phone; a farmer may keep its own.
      const inB = await farmer(b, { name: 'Kofi in B', phone: '+233241234567' });
      assert.equal(inB.phone, '+233241234567');
      const kept = await call(a, 'PATCH', `/farmers/${first.id}`, { phone: '+233241234567', active: false });
      assert.equal(kept.status, 200, kept.text);
      assert.equal(kept.json.active, false);
      const inactive = await call(a, 'GET', '/farmers?active=false');
      assert.deepEqual(inactive.json.items.map((f: any) => f.id), [first.id]);
      const search = await call(a, 'GET', '/farmers?q=abe');
      assert.deepEqual(search.json.items.map((f: any) => f.id), [other.id]);
    });

    test("a farm belongs to a farmer of its own organization: another organization's farmer is a 400 on create and update", async () => {
      const a = await coopOrg('Farms A');
      const b = await coopOrg('Farms B');
      const mine = await farmer(a);
      const theirs = await farmer(b);
      const refused = await call(a, 'POST', '/farms', { farmerId: theirs.id, name: 'Borrowed field' });
      assertProblem(refused, 400, 'validation_failed', "B's farmer");
      assert.deepEqual(fieldPaths(refused), ['body.farmerId']);
      const unknown = await call(a, 'POST', '/farms', { farmerId: randomUUID(), name: 'Nowhere' });
      assertProblem(unknown, 400, 'validation_failed', 'unknown farmer');
      const n = await countOf('select count(*)::int as n from cooperative_farms where organization_id = $1', [a.org.id]);
      assert.equal(n, 0, 'nothing was written');
      // Positive control.
      const farm = await created(a, '/farms', { farmerId: mine.id, name: 'North field', sizeHectares: '2.50', mainCrop: 'maize', location: 'Tolon' });
      assert.equal(farm.sizeHectares, '2.5');
      assert.equal(farm.farmerId, mine.id);
      assertProblem(await call(a, 'PATCH', `/farms/${farm.id}`, { farmerId: theirs.id }), 400, 'validation_failed', "re-point to B's farmer");
      const byFarmer = await call(a, 'GET', `/farms?farmerId=${mine.id}`);
      assert.deepEqual(byFarmer.json.items.map((f: any) => f.id), [farm.id]);
    });

    test('the database itself refuses a farm pointing at another organization\'s farmer (composite foreign key)', async () => {
      const a = await coopOrg('FK A');
      const b = await coopOrg('FK B');
      const theirs = await farmer(b);
      const mine = await farmer(a);
      const insert = (farmerId: string) =>
        withTenant(t.db, { orgId: a.org.id, userId: null }, (tx) =>
          tx.execute(sql`insert into cooperative_farms (organization_id, id, farmer_id, name) values (${a.org.id}, ${randomUUID()}, ${farmerId}, 'raw')`),
        );
      await assert.rejects(insert(theirs.id), (e: any) => /foreign key/i.test(String(e?.cause?.message ?? e?.message)));
      await insert(mine.id); // positive control
    });

    test('a farmer with farms cannot be deleted (409); without farms it can', async () => {
      const a = await coopOrg('Delete farmer');
      const f = await farmer(a);
      const farm = await created(a, '/farms', { farmerId: f.id, name: 'Plot' });
      assertProblem(await call(a, 'DELETE', `/farmers/${f.id}`), 409, 'conflict');
      assert.equal((await call(a, 'DELETE', `/farms/${farm.id}`)).status, 200);
      const deleted = await call(a, 'DELETE', `/farmers/${f.id}`);
      assert.equal(deleted.status, 200, deleted.text);
      assertProblem(await call(a, 'GET', `/farmers/${f.id}`), 404, 'not_found');
    });
  });

  // ---- warehouses, commodities, inventory -------------------------------------------------------

  describe('warehouses, commodities and inventory', () => {
    test('warehouse and commodity names are unique per organization (case-insensitive); other organizations may reuse them', async () => {
      const a = await coopOrg('Names A');
      const b = await coopOrg('Names B');
      await warehouse(a, 'Central');
      assertProblem(await call(a, 'POST', '/warehouses', { name: 'CENTRAL' }), 409, 'conflict', 'warehouse');
      await commodity(a, 'Maize');
      assertProblem(await call(a, 'POST', '/commodities', { name: 'maize', unit: 'bag' }), 409, 'conflict', 'commodity');
      await warehouse(b, 'Central');
      await commodity(b, 'Maize');
    });

    test('inventory never goes negative: an adjustment below 0 is 409 and changes nothing; down to exactly 0 is fine', async () => {
      const a = await coopOrg('Inventory');
      const w = await warehouse(a);
      const c = await commodity(a);
      const item = await stock(a, w.id, c.id, '10');
      assert.equal(item.quantity, '10');
      const below = await call(a, 'POST', `/inventory/${item.id}/adjust`, { delta: '-10.0001', reason: 'spoilage' });
      assertProblem(below, 409, 'conflict', 'below zero');
      assert.equal((await call(a, 'GET', `/inventory/${item.id}`)).json.quantity, '10');
      const up = await call(a, 'POST', `/inventory/${item.id}/adjust`, { delta: '2.25', reason: 'harvest intake' });
      assert.equal(up.status, 200, up.text);
      assert.equal(up.json.quantity, '12.25');
      const zero = await call(a, 'POST', `/inventory/${item.id}/adjust`, { delta: '-12.25', reason: 'sold at the gate' });
      assert.equal(zero.status, 200, zero.text);
      assert.equal(zero.json.quantity, '0');
      const audit = await t.request('GET', `/api/v1/orgs/${a.org.id}/audit?action=inventory_item.adjusted`, { token: a.owner.token });
      assert.deepEqual(audit.json.items.map((e: any) => e.changes.after.reason).sort(), ['harvest intake', 'sold at the gate']);
      // The CHECK constraint is the last line, even for the owner connection.
      await assert.rejects(t.db.query('update cooperative_inventory_items set quantity = -1 where id = $1', [item.id]), /check constraint/i);
    });

    test('one inventory item per warehouse and commodity; quantity changes only through adjust; only empty items are deleted', async () => {
      const a = await coopOrg('Inventory rules');
      const w = await warehouse(a);
      const c = await commodity(a);
      const item = await stock(a, w.id, c.id, '5');
      assertProblem(await call(a, 'POST', '/inventory', { warehouseId: w.id, commodityId: c.id }), 409, 'conflict', 'duplicate item');
      const patch = await call(a, 'PATCH', `/inventory/${item.id}`, { quantity: '500' });
      assertProblem(patch, 400, 'validation_failed', 'quantity is not patchable');
      assert.deepEqual(fieldPaths(patch), ['body.quantity']);
      const bin = await call(a, 'PATCH', `/inventory/${item.id}`, { bin: 'Bay 3' });
      assert.equal(bin.status, 200, bin.text);
      assert.equal(bin.json.quantity, '5');
      assertProblem(await call(a, 'DELETE', `/inventory/${item.id}`), 409, 'conflict', 'non-empty item');
      assertProblem(await call(a, 'DELETE', `/warehouses/${w.id}`), 409, 'conflict', 'warehouse with stock');
      assertProblem(await call(a, 'DELETE', `/commodities/${c.id}`), 409, 'conflict', 'commodity with stock');
      assertProblem(await call(a, 'PATCH', `/commodities/${c.id}`, { unit: 'bag' }), 409, 'conflict', 'unit change with stock');
      await call(a, 'POST', `/inventory/${item.id}/adjust`, { delta: '-5', reason: 'moved' });
      assert.equal((await call(a, 'DELETE', `/inventory/${item.id}`)).status, 200);
      assert.equal((await call(a, 'PATCH', `/commodities/${c.id}`, { unit: 'bag' })).status, 200, 'unit change without stock');
      assert.equal((await call(a, 'DELETE', `/warehouses/${w.id}`)).status, 200);
    });

    test("inventory refers only to the organization's own warehouses and commodities (400 naming the field)", async () => {
      const a = await coopOrg('Inv refs A');
      const b = await coopOrg('Inv refs B');
      const wa = await warehouse(a);
      const ca = await commodity(a);
      const wb = await warehouse(b);
      const cb = await commodity(b);
      const w = await call(a, 'POST', '/inventory', { warehouseId: wb.id, commodityId: ca.id });
      assertProblem(w, 400, 'validation_failed');
      assert.deepEqual(fieldPaths(w), ['body.warehouseId']);
      const c = await call(a, 'POST', '/inventory', { warehouseId: wa.id, commodityId: cb.id });
      assertProblem(c, 400, 'validation_failed');
      assert.deepEqual(fieldPaths(c), ['body.commodityId']);
      await stock(a, wa.id, ca.id, '1'); // positive control
    });
  });

  // ---- listings and the marketplace ---------------------------------------------------------------

  describe('listings and the marketplace', () => {
    test('a listing starts DRAFT, publishes once (with something to sell), closes, and CLOSED is final', async () => {
      const a = await coopOrg('Listings');
      const w = await warehouse(a);
      const c = await commodity(a, 'Sorghum', 'bag');
      const empty = await created(a, '/listings', { warehouseId: w.id, commodityId: c.id, title: 'Nothing yet', quantityAvailable: '0', unitPrice: '10' });
      assert.equal(empty.status, 'DRAFT');
      assert.equal(empty.currency, 'EUR', "the organization's default currency");
      assert.equal(empty.commodityName, 'Sorghum');
      assert.equal(empty.unit, 'bag');
      assertProblem(await call(a, 'POST', `/listings/${empty.id}/publish`), 422, 'unprocessable', 'nothing to sell');
      const l = await created(a, '/listings', { warehouseId: w.id, commodityId: c.id, title: 'Red sorghum', quantityAvailable: '40', unitPrice: '12.5', currency: 'GHS' });
      const published = await call(a, 'POST', `/listings/${l.id}/publish`);
      assert.equal(published.status, 200, published.text);
      assert.equal(published.json.status, 'PUBLISHED');
      assert.ok(published.json.publishedAt);
      assertProblem(await call(a, 'POST', `/listings/${l.id}/publish`), 409, 'invalid_transition', 'publish twice');
      assertProblem(await call(a, 'PATCH', `/listings/${l.id}`, { warehouseId: w.id }), 409, 'invalid_transition', 'move a published listing');
      const repriced = await call(a, 'PATCH', `/listings/${l.id}`, { unitPrice: '13' });
      assert.equal(repriced.status, 200, repriced.text);
      assertProblem(await call(a, 'DELETE', `/listings/${l.id}`), 409, 'invalid_transition', 'delete a published listing');
      const closed = await call(a, 'POST', `/listings/${l.id}/close`);
      assert.equal(closed.json.status, 'CLOSED');
      assertProblem(await call(a, 'POST', `/listings/${l.id}/close`), 409, 'invalid_transition', 'close twice');
      assertProblem(await call(a, 'POST', `/listings/${l.id}/publish`), 409, 'invalid_transition', 'republish');
      assertProblem(await call(a, 'PATCH', `/listings/${l.id}`, { title: 'x' }), 409, 'invalid_transition', 'edit closed');
      assert.equal((await call(a, 'DELETE', `/listings/${empty.id}`)).status, 200, 'a DRAFT can be deleted');
    });

    test('without a default currency a listing needs one (400)', async () => {
      const a = await coopOrg('No currency', null);
      const w = await warehouse(a);
      const c = await commodity(a);
      const res = await call(a, 'POST', '/listings', { warehouseId: w.id, commodityId: c.id, title: 'x', quantityAvailable: '1', unitPrice: '1' });
      assertProblem(res, 400, 'validation_failed');
      assert.deepEqual(fieldPaths(res), ['body.currency']);
    });

    test("a PUBLISHED listing shows in other organizations' marketplace; DRAFT, CLOSED and own listings do not", async () => {
      const s = await seller({ price: '3' });
      const draft = await created(s.o, '/listings', { warehouseId: s.warehouse.id, commodityId: s.commodity.id, title: 'Draft maize', quantityAvailable: '5', unitPrice: '1' });
      const toClose = await created(s.o, '/listings', { warehouseId: s.warehouse.id, commodityId: s.commodity.id, title: 'Closed maize', quantityAvailable: '5', unitPrice: '1' });
      await call(s.o, 'POST', `/listings/${toClose.id}/publish`);
      await call(s.o, 'POST', `/listings/${toClose.id}/close`);
      const b = await coopOrg('Browser');
      const market = await call(b, 'GET', `/marketplace?sellerOrganizationId=${s.o.org.id}`);
      assert.equal(market.status, 200, market.text);
      assert.deepEqual(market.json.items.map((l: any) => l.id), [s.listing.id]);
      const seen = market.json.items[0];
      assert.equal(seen.sellerOrganizationId, s.o.org.id);
      assert.equal(seen.commodityName, 'Maize');
      assert.equal(seen.unit, 'kg');
      assert.equal(seen.quantityAvailable, '60');
      assert.equal(seen.unitPrice, '3');
      assert.equal(seen.currency, 'EUR');
      assert.ok(!('warehouseId' in seen), "the seller's warehouse is not shown");
      // The seller does not see its own listings in the marketplace.
      const own = await call(s.o, 'GET', `/marketplace?sellerOrganizationId=${s.o.org.id}`);
      assert.deepEqual(own.json.items, []);
      // On the listing routes, another organization's listing — even PUBLISHED — does not exist.
      for (const id of [s.listing.id, draft.id, toClose.id]) assertProblem(await call(b, 'GET', `/listings/${id}`), 404, 'not_found', `listing ${id}`);
      assertProblem(await call(b, 'PATCH', `/listings/${s.listing.id}`, { title: 'mine now' }), 404, 'not_found');
      assertProblem(await call(b, 'POST', `/listings/${s.listing.id}/close`), 404, 'not_found');
      assertProblem(await call(b, 'DELETE', `/listings/${s.listing.id}`), 404, 'not_found');
      const bList = await call(b, 'GET', '/listings');
      assert.deepEqual(bList.json.items, []);
      assert.equal((await call(s.o, 'GET', `/listings/${s.listing.id}`)).json.title, 'Yellow maize', 'untouched');
    });

    test('marketplace filters, sorting and cursor paging; a tampered or foreign cursor is 400', async () => {
      const s = await seller({ price: '2', commodityName: 'Cowpea' });
      const more = [];
      for (const price of ['1', '5']) {
        const l = await created(s.o, '/listings', { warehouseId: s.warehouse.id, commodityId: s.commodity.id, title: `Cowpea at ${price}`, quantityAvailable: '1', unitPrice: price, currency: price === '5' ? 'GHS' : 'EUR' });
        await call(s.o, 'POST', `/listings/${l.id}/publish`);
        more.push(l);
      }
      const b = await coopOrg('Pager');
      const q = `sellerOrganizationId=${s.o.org.id}`;
      const byPrice = await call(b, 'GET', `/marketplace?${q}&sort=unitPrice&order=asc`);
      assert.deepEqual(byPrice.json.items.map((l: any) => l.unitPrice), ['1', '2', '5']);
      assert.deepEqual((await call(b, 'GET', `/marketplace?${q}&maxUnitPrice=2`)).json.items.map((l: any) => l.unitPrice).sort(), ['1', '2']);
      assert.deepEqual((await call(b, 'GET', `/marketplace?${q}&currency=GHS`)).json.items.map((l: any) => l.id), [more[1]!.id]);
      assert.equal((await call(b, 'GET', `/marketplace?${q}&commodity=COWPEA`)).json.items.length, 3);
      assert.equal((await call(b, 'GET', `/marketplace?${q}&commodity=maize`)).json.items.length, 0);
      assert.deepEqual((await call(b, 'GET', `/marketplace?${q}&q=at%205`)).json.items.map((l: any) => l.id), [more[1]!.id]);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res: Res = await call(b, 'GET', `/marketplace?${q}&sort=unitPrice&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
        assert.equal(res.status, 200, res.text);
        seen.push(...res.json.items.map((l: any) => l.unitPrice));
        cursor = res.json.nextCursor;
      } while (cursor && seen.length < 10);
      assert.deepEqual(seen, ['1', '2', '5']);
      const first = (await call(b, 'GET', `/marketplace?${q}&sort=unitPrice&limit=1`)).json.nextCursor as string;
      const [k, id, scope] = JSON.parse(Buffer.from(first, 'base64url').toString('utf8'));
      const forged = (parts: unknown[]) => Buffer.from(JSON.stringify(parts)).toString('base64url');
      for (const [label, bad] of [
        ['garbage', 'not-a-cursor'],
        ['a key of the wrong shape', forged(["1'; drop table x; --", id, scope])],
        ['another scope', forged([k, id, 'someone-else'])],
        ['another sort', first],
      ] as const) {
        const path = label === 'another sort' ? `/marketplace?${q}&sort=title&limit=1&cursor=${bad}` : `/marketplace?${q}&sort=unitPrice&limit=1&cursor=${bad}`;
        assertProblem(await call(b, 'GET', path), 400, 'validation_failed', label);
      }
      // Another organization's cursor for the same list is refused too.
      const c = await coopOrg('Other pager');
      assertProblem(await call(c, 'GET', `/marketplace?${q}&sort=unitPrice&limit=1&cursor=${first}`), 400, 'validation_failed', "another organization's cursor");
    });
  });

  // ---- purchase orders ------------------------------------------------------------------------------

  describe('purchase orders between organizations', () => {
    test('the buyer orders, the seller accepts and fulfils: stock moves exactly, on both sides, and a third organization sees nothing', async () => {
      const s = await seller({ stock: '100', available: '60', price: '2.50' });
      const b = await buyer();
      const c = await coopOrg('Third');
      const po = await order(b, s.listing.id, '10');
      assert.equal(po.status, 'REQUESTED');
      assert.equal(po.side, 'buyer');
      assert.equal(po.buyerOrganizationId, b.o.org.id);
      assert.equal(po.sellerOrganizationId, s.o.org.id);
      assert.equal(po.commodityName, 'Maize');
      assert.equal(po.unit, 'kg');
      assert.equal(po.unitPrice, '2.5');
      assert.equal(po.total, '25');
      assert.equal(po.deliveryWarehouseId, b.warehouse.id);

      // Both parties see it, each from its side; the third organization gets 404 like for a missing id.
      const asSeller = await call(s.o, 'GET', `/purchase-orders/${po.id}`);
      assert.equal(asSeller.status, 200, asSeller.text);
      assert.equal(asSeller.json.side, 'seller');
      assertProblem(await call(c, 'GET', `/purchase-orders/${po.id}`), 404, 'not_found', 'third: get');
      for (const action of ['accept', 'cancel', 'fulfill']) assertProblem(await act(c, po.id, action), 404, 'not_found', `third: ${action}`);
      assertProblem(await act(c, po.id, 'reject', { reason: 'nosy' }), 404, 'not_found', 'third: reject');
      assert.deepEqual((await call(c, 'GET', '/purchase-orders')).json.items, []);
      const ids = async (o: Coop, query = '') => (await call(o, 'GET', `/purchase-orders${query}`)).json.items.map((x: any) => x.id);
      assert.deepEqual(await ids(b.o, '?side=buyer'), [po.id]);
      assert.deepEqual(await ids(b.o, '?side=seller'), []);
      assert.deepEqual(await ids(s.o, '?side=seller'), [po.id]);
      assert.deepEqual(await ids(s.o, '?side=buyer'), []);
      assert.deepEqual(await ids(s.o), [po.id]);
      assert.deepEqual(await ids(s.o, '?status=ACCEPTED'), []);

      // Each side acts only on its own transitions.
      for (const action of ['accept', 'fulfill']) assertProblem(await act(b.o, po.id, action), 403, 'forbidden', `buyer: ${action}`);
      assertProblem(await act(b.o, po.id, 'reject', { reason: 'changed my mind' }), 403, 'forbidden', 'buyer: reject');
      assertProblem(await act(s.o, po.id, 'cancel'), 403, 'forbidden', 'seller: cancel');
      assertProblem(await act(s.o, po.id, 'fulfill'), 409, 'invalid_transition', 'fulfil before accepting');

      const accepted = await act(s.o, po.id, 'accept');
      assert.equal(accepted.status, 200, accepted.text);
      assert.equal(accepted.json.status, 'ACCEPTED');
      assertProblem(await act(s.o, po.id, 'accept'), 409, 'invalid_transition', 'accept twice');
      assertProblem(await act(s.o, po.id, 'reject', { reason: 'late' }), 409, 'invalid_transition', 'reject after accepting');
      assertProblem(await act(b.o, po.id, 'cancel'), 409, 'invalid_transition', 'cancel after acceptance');

      const sellerBefore = await inventoryOf(s.o.org.id);
      assert.deepEqual(sellerBefore.map((i) => i.quantity), ['100']);
      assert.deepEqual(await inventoryOf(b.o.org.id), [], 'the buyer has no stock and no maize yet');
      const fulfilled = await act(s.o, po.id, 'fulfill');
      assert.equal(fulfilled.status, 200, fulfilled.text);
      assert.equal(fulfilled.json.status, 'FULFILLED');
      assert.ok(fulfilled.json.fulfilledAt);
      assert.deepEqual((await inventoryOf(s.o.org.id)).map((i) => [i.warehouse, i.name, i.quantity]), [[s.warehouse.id, 'Maize', '90']]);
      assert.equal(await listingAvailable(s.listing.id), 50);
      assert.deepEqual((await inventoryOf(b.o.org.id)).map((i) => [i.warehouse, i.name, i.unit, i.quantity]), [[b.warehouse.id, 'Maize', 'kg', '10']]);
      assertProblem(await act(s.o, po.id, 'fulfill'), 409, 'invalid_transition', 'fulfil twice');
      assert.deepEqual((await inventoryOf(b.o.org.id)).map((i) => i.quantity), ['10'], 'unchanged by the refused second fulfilment');
      // The buyer sees its new stock through its own API.
      const buyerStock = await call(b.o, 'GET', '/inventory');
      assert.deepEqual(buyerStock.json.items.map((i: any) => i.quantity), ['10']);

      // A second order adds to the buyer's existing item for the same commodity (matched by name, any case).
      const again = await order(b, s.listing.id, '2.5');
      await act(s.o, again.id, 'accept');
      assert.equal((await act(s.o, again.id, 'fulfill')).status, 200);
      assert.deepEqual((await inventoryOf(b.o.org.id)).map((i) => i.quantity), ['12.5']);
      assert.deepEqual((await inventoryOf(s.o.org.id)).map((i) => i.quantity), ['87.5']);
      assert.equal(await listingAvailable(s.listing.id), 47.5);
      const maizes = await countOf('select count(*)::int as n from cooperative_commodities where organization_id = $1', [b.o.org.id]);
      assert.equal(maizes, 1, 'the buyer commodity was created once');

      // Events and audit: both organizations, and nobody else.
      for (const org of [b.o.org.id, s.o.org.id]) {
        for (const type of ['PURCHASE_ORDER_CREATED', 'PURCHASE_ORDER_ACCEPTED', 'PURCHASE_ORDER_FULFILLED']) {
          const events = await eventsOf(org, type);
          assert.deepEqual(events.map((e) => e.purchaseOrderId), [po.id, again.id], `${type} for ${org === b.o.org.id ? 'buyer' : 'seller'}`);
          assert.equal(events[0].buyerOrganizationId, b.o.org.id);
          assert.equal(events[0].sellerOrganizationId, s.o.org.id);
        }
        for (const action of ['purchase_order.created', 'purchase_order.accepted', 'purchase_order.fulfilled']) {
          assert.deepEqual(await auditOf(org, action), [po.id, again.id], `${action} in ${org === b.o.org.id ? 'buyer' : 'seller'} log`);
        }
      }
      assert.deepEqual(await eventsOf(c.org.id, 'PURCHASE_ORDER_CREATED'), []);
      assert.deepEqual(await auditOf(c.org.id, 'purchase_order.created'), []);
      // Through the API as well: the seller's event feed carries the buyer's order.
      const feed = await t.request('GET', `/api/v1/orgs/${s.o.org.id}/events?type=PURCHASE_ORDER_CREATED`, { token: s.o.owner.token });
      assert.deepEqual(feed.json.items.map((e: any) => e.payload.purchaseOrderId), [po.id, again.id]);
    });

    test('fulfilling with too little seller stock is 409 and changes nothing on either side', async () => {
      const s = await seller({ stock: '8', available: '60' });
      const b = await buyer();
      const po = await order(b, s.listing.id, '10');
      assert.equal((await act(s.o, po.id, 'accept')).status, 200);
      const before = { seller: await inventoryOf(s.o.org.id), buyer: await inventoryOf(b.o.org.id), listing: await listingAvailable(s.listing.id) };
      const buyerCommodities = async () => (await t.db.query('select id from cooperative_commodities where organization_id = $1', [b.o.org.id])).length;
      assert.equal(await buyerCommodities(), 0);
      assertProblem(await act(s.o, po.id, 'fulfill'), 409, 'conflict', 'not enough stock');
      assert.deepEqual(await inventoryOf(s.o.org.id), before.seller);
      assert.deepEqual(await inventoryOf(b.o.org.id), before.buyer);
      assert.equal(await listingAvailable(s.listing.id), before.listing);
      assert.equal(await buyerCommodities(), 0, 'the buyer commodity was not created');
      assert.equal((await call(b.o, 'GET', `/purchase-orders/${po.id}`)).json.status, 'ACCEPTED');
      assert.deepEqual(await eventsOf(b.o.org.id, 'PURCHASE_ORDER_FULFILLED'), []);
      assert.deepEqual(await eventsOf(s.o.org.id, 'PURCHASE_ORDER_FULFILLED'), []);
      // Positive control: with enough stock the same order goes through.
      const item = (await call(s.o, 'GET', '/inventory')).json.items[0];
      assert.equal((await call(s.o, 'POST', `/inventory/${item.id}/adjust`, { delta: '2', reason: 'restock' })).status, 200);
      assert.equal((await act(s.o, po.id, 'fulfill')).status, 200);
      assert.deepEqual((await inventoryOf(s.o.org.id)).map((i) => i.quantity), ['0']);
      assert.deepEqual((await inventoryOf(b.o.org.id)).map((i) => i.quantity), ['10']);
    });

    test("fulfilling more than the listing still has is 409 and rolls back the seller's stock too", async () => {
      const s = await seller({ stock: '100', available: '10' });
      const b = await buyer();
      const first = await order(b, s.listing.id, '8');
      const second = await order(b, s.listing.id, '8');
      for (const po of [first, second]) assert.equal((await act(s.o, po.id, 'accept')).status, 200);
      assert.equal((await act(s.o, first.id, 'fulfill')).status, 200);
      assertProblem(await act(s.o, second.id, 'fulfill'), 409, 'conflict', 'listing exhausted');
      assert.deepEqual((await inventoryOf(s.o.org.id)).map((i) => i.quantity), ['92']);
      assert.deepEqual((await inventoryOf(b.o.org.id)).map((i) => i.quantity), ['8']);
      assert.equal(await listingAvailable(s.listing.id), 2);
    });

    test('the buyer cancels a REQUESTED order; the seller rejects one with a reason; finished orders stay finished', async () => {
      const s = await seller();
      const b = await buyer();
      const toCancel = await order(b, s.listing.id, '1');
      const cancelled = await act(b.o, toCancel.id, 'cancel');
      assert.equal(cancelled.status, 200, cancelled.text);
      assert.equal(cancelled.json.status, 'CANCELLED');
      assertProblem(await act(s.o, toCancel.id, 'accept'), 409, 'invalid_transition', 'accept a cancelled order');
      assertProblem(await act(b.o, toCancel.id, 'cancel'), 409, 'invalid_transition', 'cancel twice');
      const toReject = await order(b, s.listing.id, '1');
      const noReason = await act(s.o, toReject.id, 'reject', {});
      assertProblem(noReason, 400, 'validation_failed', 'reject without a reason');
      assert.deepEqual(fieldPaths(noReason), ['body.reason']);
      const rejected = await act(s.o, toReject.id, 'reject', { reason: 'out of season' });
      assert.equal(rejected.status, 200, rejected.text);
      assert.equal(rejected.json.status, 'REJECTED');
      assert.equal(rejected.json.rejectReason, 'out of season');
      assert.equal((await call(b.o, 'GET', `/purchase-orders/${toReject.id}`)).json.rejectReason, 'out of season', 'the buyer sees why');
      assertProblem(await act(s.o, toReject.id, 'fulfill'), 409, 'invalid_transition', 'fulfil a rejected order');
      assertProblem(await act(b.o, toReject.id, 'cancel'), 409, 'invalid_transition', 'cancel a rejected order');
      for (const org of [b.o.org.id, s.o.org.id]) {
        assert.deepEqual((await eventsOf(org, 'PURCHASE_ORDER_CANCELLED')).map((e) => e.purchaseOrderId), [toCancel.id]);
        assert.deepEqual((await eventsOf(org, 'PURCHASE_ORDER_REJECTED')).map((e) => e.purchaseOrderId), [toReject.id]);
        assert.deepEqual(await auditOf(org, 'purchase_order.cancelled'), [toCancel.id]);
        assert.deepEqual(await auditOf(org, 'purchase_order.rejected'), [toReject.id]);
      }
    });

    test('ordering is refused for your own listing (422), a DRAFT/CLOSED/unknown listing (404), too much (409), another organization\'s warehouse (400) and a unit clash (422)', async () => {
      const s = await seller({ available: '60' });
      const b = await buyer();
      const place = (o: Coop, body: Record<string, unknown>) => call(o, 'POST', '/purchase-orders', body);
      const sellerDelivery = s.warehouse.id;
      assertProblem(await place(s.o, { listingId: s.listing.id, quantity: '1', deliveryWarehouseId: sellerDelivery }), 422, 'unprocessable', 'own listing');
      const draft = await created(s.o, '/listings', { warehouseId: s.warehouse.id, commodityId: s.commodity.id, title: 'Draft', quantityAvailable: '5', unitPrice: '1' });
      const closed = await created(s.o, '/listings', { warehouseId: s.warehouse.id, commodityId: s.commodity.id, title: 'Closed', quantityAvailable: '5', unitPrice: '1' });
      await call(s.o, 'POST', `/listings/${closed.id}/publish`);
      await call(s.o, 'POST', `/listings/${closed.id}/close`);
      for (const [label, id] of [['draft', draft.id], ['closed', closed.id], ['unknown', randomUUID()]]) {
        assertProblem(await place(b.o, { listingId: id, quantity: '1', deliveryWarehouseId: b.warehouse.id }), 404, 'not_found', label);
      }
      assertProblem(await place(b.o, { listingId: s.listing.id, quantity: '60.0001', deliveryWarehouseId: b.warehouse.id }), 409, 'conflict', 'more than available');
      const foreign = await place(b.o, { listingId: s.listing.id, quantity: '1', deliveryWarehouseId: sellerDelivery });
      assertProblem(foreign, 400, 'validation_failed', "the seller's warehouse as delivery");
      assert.deepEqual(fieldPaths(foreign), ['body.deliveryWarehouseId']);
      await commodity(b.o, 'MAIZE', 'bag');
      assertProblem(await place(b.o, { listingId: s.listing.id, quantity: '1', deliveryWarehouseId: b.warehouse.id }), 422, 'unprocessable', 'kg vs bag');
      const n = await countOf('select count(*)::int as n from cooperative_purchase_orders where organization_id = $1 or seller_organization_id = $1', [s.o.org.id]);
      assert.equal(n, 0, 'no order was written');
      // Positive control: exactly everything that is available.
      const other = await buyer();
      const all = await order(other, s.listing.id, '60');
      assert.equal(all.quantity, '60');
    });

    test('roles: a MEMBER reads orders but cannot place or act on them; a READ_ONLY member reads only', async () => {
      const s = await seller();
      const b = await buyer();
      const member = await join(b.o, 'MEMBER');
      const readOnly = await join(b.o, 'READ_ONLY');
      const sellerMember = await join(s.o, 'MEMBER');
      const body = { listingId: s.listing.id, quantity: '1', deliveryWarehouseId: b.warehouse.id };
      assertProblem(await call(b.o, 'POST', '/purchase-orders', body, member.token), 403, 'forbidden', 'member places');
      assertProblem(await call(b.o, 'POST', '/purchase-orders', body, readOnly.token), 403, 'forbidden', 'read-only places');
      const po = await order(b, s.listing.id, '1');
      for (const token of [member.token, readOnly.token]) {
        const list = await call(b.o, 'GET', '/purchase-orders', undefined, token);
        assert.deepEqual(list.json.items.map((x: any) => x.id), [po.id]);
        assert.equal((await call(b.o, 'GET', '/marketplace', undefined, token)).status, 200);
        assertProblem(await act(b.o, po.id, 'cancel', undefined, token), 403, 'forbidden', 'member cancels');
      }
      assertProblem(await act(s.o, po.id, 'accept', undefined, sellerMember.token), 403, 'forbidden', 'seller member accepts');
      assert.equal((await call(s.o, 'GET', `/purchase-orders/${po.id}`, undefined, sellerMember.token)).status, 200);
      assert.equal((await act(s.o, po.id, 'accept')).status, 200, 'the seller owner accepts (positive control)');
    });

    test('at the database: the order row is visible to exactly its buyer and seller, the parties cannot change, and PUBLISHED listings cross only in the marketplace', async () => {
      const s = await seller();
      const b = await buyer();
      const c = await coopOrg('DB third');
      const po = await order(b, s.listing.id, '1');
      const as = <T>(orgId: string, fn: (tx: any) => Promise<T>) => withTenant(t.db, { orgId, userId: null }, fn);
      const count = async (orgId: string) =>
        rowsOf<{ n: number }>(await as(orgId, (tx) => tx.execute(sql`select count(*)::int as n from cooperative_purchase_orders where id = ${po.id}`)))[0]!.n;
      assert.equal(await count(b.o.org.id), 1, 'buyer');
      assert.equal(await count(s.o.org.id), 1, 'seller');
      assert.equal(await count(c.org.id), 0, 'third organization');
      const touched = rowsOf(await as(c.org.id, (tx) => tx.execute(sql`update cooperative_purchase_orders set status = 'CANCELLED' where id = ${po.id} returning id`)));
      assert.equal(touched.length, 0, 'the third organization updates nothing');
      const deleted = rowsOf(await as(s.o.org.id, (tx) => tx.execute(sql`delete from cooperative_purchase_orders where id = ${po.id} returning id`)));
      assert.equal(deleted.length, 0, 'the seller cannot delete the buyer\'s row');
      // The seller may update the row, but cannot hand it to another seller (WITH CHECK) or another buyer (trigger).
      await assert.rejects(
        as(s.o.org.id, (tx) => tx.execute(sql`update cooperative_purchase_orders set seller_organization_id = ${c.org.id} where id = ${po.id}`)),
        (e: any) => /row-level security/i.test(String(e?.cause?.message ?? e?.message)),
      );
      const cWarehouse = await warehouse(c);
      await assert.rejects(
        as(s.o.org.id, (tx) =>
          tx.execute(sql`update cooperative_purchase_orders set organization_id = ${c.org.id}, delivery_warehouse_id = ${cWarehouse.id} where id = ${po.id}`),
        ),
        (e: any) => /cannot change/i.test(String(e?.cause?.message ?? e?.message)),
      );
      await assert.rejects(
        as(b.o.org.id, (tx) => tx.execute(sql`update cooperative_purchase_orders set seller_organization_id = ${c.org.id} where id = ${po.id}`)),
        (e: any) => /cannot change/i.test(String(e?.cause?.message ?? e?.message)),
      );
      // Positive control: the seller's ordinary update passes its policy.
      const ok = rowsOf(await as(s.o.org.id, (tx) => tx.execute(sql`update cooperative_purchase_orders set updated_at = now() where id = ${po.id} returning id`)));
      assert.equal(ok.length, 1);
      // Listings: another organization sees a PUBLISHED listing only with the marketplace switch on, never a DRAFT, and never writes.
      const draft = await created(s.o, '/listings', { warehouseId: s.warehouse.id, commodityId: s.commodity.id, title: 'Draft', quantityAvailable: '5', unitPrice: '1' });
      const visible = async (marketplace: boolean, id: string) =>
        rowsOf(
          await as(c.org.id, async (tx) => {
            if (marketplace) await tx.execute(sql`select set_config('app.marketplace', 'on', true)`);
            return tx.execute(sql`select id from cooperative_listings where id = ${id}`);
          }),
        ).length;
      assert.equal(await visible(false, s.listing.id), 0, 'outside the marketplace');
      assert.equal(await visible(true, s.listing.id), 1, 'in the marketplace');
      assert.equal(await visible(true, draft.id), 0, 'a DRAFT never');
      const written = rowsOf(
        await as(c.org.id, async (tx) => {
          await tx.execute(sql`select set_config('app.marketplace', 'on', true)`);
          return tx.execute(sql`update cooperative_listings set title = 'stolen' where id = ${s.listing.id} returning id`);
        }),
      );
      assert.equal(written.length, 0, 'published listings are read-only to others');
    });
  });

  // ---- bad input, other organizations' ids, cursors, roles -------------------------------------------

  test('bad input on every write is a 400 naming the field, and nothing is written', async () => {
    const a = await coopOrg('Bad input');
    const f = await farmer(a);
    const w = await warehouse(a);
    const c = await commodity(a);
    const item = await stock(a, w.id, c.id, '1');
    const listing = await created(a, '/listings', { warehouseId: w.id, commodityId: c.id, title: 'L', quantityAvailable: '1', unitPrice: '1' });
    const s = await seller();
    const farm = await created(a, '/farms', { farmerId: f.id, name: 'F' });
    const cases: [string, string, unknown, string][] = [
      ['POST', '/farmers', { name: 'x', phone: 'call me' }, 'body.phone'],
      ['POST', '/farmers', { name: 'x', phone: '12345' }, 'body.phone'],
      ['POST', '/farmers', { phone: '+233241112222' }, 'body.name'],
      ['POST', '/farmers', { name: 'x', phone: '+233241112222', gender: 'F' }, 'body.gender'],
      ['POST', '/farmers', { name: 'x', phone: '+233241112222', organizationId: randomUUID() }, 'body.organizationId'],
      ['PATCH', `/farmers/${f.id}`, { active: 'yes' }, 'body.active'],
      ['POST', '/farms', { farmerId: 'nope', name: 'x' }, 'body.farmerId'],
      ['POST', '/farms', { farmerId: f.id, name: 'x', sizeHectares: '0' }, 'body.sizeHectares'],
      ['POST', '/farms', { farmerId: f.id, name: 'x', sizeHectares: '-2' }, 'body.sizeHectares'],
      ['PATCH', `/farms/${farm.id}`, { sizeHectares: 2 }, 'body.sizeHectares'],
      ['POST', '/warehouses', { name: '' }, 'body.name'],
      ['POST', '/warehouses', { name: 'x', capacity: '1e5' }, 'body.capacity'],
      ['PATCH', `/warehouses/${w.id}`, { id: randomUUID() }, 'body.id'],
      ['POST', '/commodities', { name: 'x' }, 'body.unit'],
      ['PATCH', `/commodities/${c.id}`, { unit: '' }, 'body.unit'],
      ['POST', '/inventory', { warehouseId: w.id, commodityId: c.id, quantity: '-1' }, 'body.quantity'],
      ['POST', '/inventory', { warehouseId: w.id, commodityId: c.id, quantity: '1.00001' }, 'body.quantity'],
      ['PATCH', `/inventory/${item.id}`, { quantity: '3' }, 'body.quantity'],
      ['POST', `/inventory/${item.id}/adjust`, { delta: '0', reason: 'x' }, 'body.delta'],
      ['POST', `/inventory/${item.id}/adjust`, { delta: 'ten', reason: 'x' }, 'body.delta'],
      ['POST', `/inventory/${item.id}/adjust`, { delta: '1' }, 'body.reason'],
      ['POST', `/inventory/${item.id}/adjust`, { delta: '1', reason: 'x', quantity: '9' }, 'body.quantity'],
      ['POST', '/listings', { warehouseId: w.id, commodityId: c.id, title: 'x', quantityAvailable: '1', unitPrice: '-1' }, 'body.unitPrice'],
      ['POST', '/listings', { warehouseId: w.id, commodityId: c.id, title: 'x', quantityAvailable: '1', unitPrice: '1', currency: 'EURO' }, 'body.currency'],
      ['POST', '/listings', { warehouseId: w.id, commodityId: c.id, title: 'x', quantityAvailable: '1', unitPrice: '1', status: 'PUBLISHED' }, 'body.status'],
      ['PATCH', `/listings/${listing.id}`, { status: 'CLOSED' }, 'body.status'],
      ['POST', '/purchase-orders', { listingId: s.listing.id, quantity: '0', deliveryWarehouseId: w.id }, 'body.quantity'],
      ['POST', '/purchase-orders', { listingId: s.listing.id, quantity: 'lots', deliveryWarehouseId: w.id }, 'body.quantity'],
      ['POST', '/purchase-orders', { quantity: '1', deliveryWarehouseId: w.id }, 'body.listingId'],
      ['POST', '/purchase-orders', { listingId: s.listing.id, quantity: '1', deliveryWarehouseId: w.id, sellerOrganizationId: s.o.org.id }, 'body.sellerOrganizationId'],
      ['POST', '/purchase-orders', { listingId: s.listing.id, quantity: '1', deliveryWarehouseId: w.id, status: 'FULFILLED' }, 'body.status'],
      ['POST', `/purchase-orders/${randomUUID()}/reject`, { reason: '' }, 'body.reason'],
    ];
    const before = await t.db.query('select count(*)::int as n from audit_logs where organization_id = $1', [a.org.id]);
    for (const [method, path, body, field] of cases) {
      const res = await call(a, method, path, body);
      assertProblem(res, 400, 'validation_failed', `${method} ${path} ${JSON.stringify(body)}`);
      assert.ok(fieldPaths(res).includes(field), `${method} ${path}: expected ${field} in ${JSON.stringify(fieldPaths(res))}`);
    }
    // Malformed JSON and a wrong content type on a write.
    const malformed = await t.request('POST', `${a.base}/farmers`, { token: a.owner.token, raw: '{"name":', headers: { 'content-type': 'application/json' } });
    assertProblem(malformed, 400, undefined, 'malformed JSON');
    const text = await t.request('POST', `${a.base}/farmers`, { token: a.owner.token, raw: 'name=x', headers: { 'content-type': 'text/plain' } });
    assert.ok([400, 415].includes(text.status), `text/plain: ${text.status}`);
    assert.deepEqual(await t.db.query('select count(*)::int as n from audit_logs where organization_id = $1', [a.org.id]), before, 'nothing audited, so nothing written');
    assert.equal((await call(a, 'GET', `/inventory/${item.id}`)).json.quantity, '1');
  });

  test("another organization's ids answer 404 on get, update, delete and every custom action", async () => {
    const a = await coopOrg('Ids A');
    const s = await seller();
    const f = await farmer(s.o);
    const farm = await created(s.o, '/farms', { farmerId: f.id, name: 'F' });
    const ids: Record<string, string> = { farmers: f.id, farms: farm.id, warehouses: s.warehouse.id, commodities: s.commodity.id, inventory: s.item.id, listings: s.listing.id };
    for (const [resource, id] of Object.entries(ids)) {
      assertProblem(await call(a, 'GET', `/${resource}/${id}`), 404, 'not_found', `GET ${resource}`);
      const patch = resource === 'inventory' ? { bin: 'x' } : resource === 'listings' ? { title: 'Taken over' } : { name: 'Taken over' };
      assertProblem(await call(a, 'PATCH', `/${resource}/${id}`, patch), 404, 'not_found', `PATCH ${resource}`);
      assertProblem(await call(a, 'DELETE', `/${resource}/${id}`), 404, 'not_found', `DELETE ${resource}`);
      // Positive control: the owner organization reaches it.
      assert.equal((await call(s.o, 'GET', `/${resource}/${id}`)).status, 200, `seller GET ${resource}`);
    }
    assertProblem(await call(a, 'POST', `/inventory/${s.item.id}/adjust`, { delta: '-1', reason: 'theft' }), 404, 'not_found', 'adjust');
    assertProblem(await call(a, 'POST', `/listings/${s.listing.id}/publish`), 404, 'not_found', 'publish');
    assert.equal((await call(s.o, 'GET', `/inventory/${s.item.id}`)).json.quantity, '100', 'untouched');
  });

  test('a garbage, tampered or foreign cursor on a list is 400; the genuine one pages on', async () => {
    const a = await coopOrg('Cursors A');
    const b = await coopOrg('Cursors B');
    for (const name of ['Ama', 'Kwame', 'Yaa']) await farmer(a, { name });
    await farmer(b, { name: 'Esi' });
    await farmer(b, { name: 'Kojo' });
    const page1 = await call(a, 'GET', '/farmers?limit=2');
    assert.deepEqual(page1.json.items.map((f: any) => f.name), ['Ama', 'Kwame']);
    const own = page1.json.nextCursor as string;
    const page2 = await call(a, 'GET', `/farmers?limit=2&cursor=${own}`);
    assert.deepEqual(page2.json.items.map((f: any) => f.name), ['Yaa'], 'positive control');
    const fromB = (await call(b, 'GET', '/farmers?limit=1')).json.nextCursor as string;
    const [k, id, scope] = JSON.parse(Buffer.from(own, 'base64url').toString('utf8'));
    const forge = (parts: unknown[]) => Buffer.from(JSON.stringify(parts)).toString('base64url');
    const tampered: [string, string][] = [
      ['garbage', '/farmers?limit=2&cursor=%%%'],
      ['not JSON', `/farmers?limit=2&cursor=${Buffer.from('hello').toString('base64url')}`],
      ['truncated', `/farmers?limit=2&cursor=${own.slice(0, -3)}`],
      ['id not a uuid', `/farmers?limit=2&cursor=${forge([k, 'x', scope])}`],
      ['scope removed', `/farmers?limit=2&cursor=${forge([k, id])}`],
      ["another organization's", `/farmers?limit=2&cursor=${fromB}`],
      ['another sort', `/farmers?limit=2&sort=createdAt&cursor=${own}`],
      ['another list', `/farms?limit=2&cursor=${own}`],
      ['purchase orders', `/purchase-orders?cursor=${own}`],
    ];
    for (const [label, path] of tampered) {
      assertProblem(await call(a, 'GET', path), 400, 'validation_failed', label);
    }
  });

  test('roles: a MEMBER reads everything and creates farmers and farms only; READ_ONLY only reads', async () => {
    const a = await coopOrg('Roles');
    const member = await join(a, 'MEMBER');
    const readOnly = await join(a, 'READ_ONLY');
    const f = await call(a, 'POST', '/farmers', { name: 'By member', phone: '+233200000001' }, member.token);
    assert.equal(f.status, 201, f.text);
    assert.equal((await call(a, 'POST', '/farms', { farmerId: f.json.id, name: 'Member farm' }, member.token)).status, 201);
    assertProblem(await call(a, 'PATCH', `/farmers/${f.json.id}`, { name: 'x' }, member.token), 403, 'forbidden', 'member updates a farmer');
    assertProblem(await call(a, 'POST', '/warehouses', { name: 'x' }, member.token), 403, 'forbidden', 'member creates a warehouse');
    assertProblem(await call(a, 'POST', '/commodities', { name: 'x', unit: 'kg' }, member.token), 403, 'forbidden', 'member creates a commodity');
    const w = await warehouse(a);
    const c = await commodity(a);
    const item = await stock(a, w.id, c.id, '3');
    assertProblem(await call(a, 'POST', `/inventory/${item.id}/adjust`, { delta: '1', reason: 'x' }, member.token), 403, 'forbidden', 'member adjusts');
    assertProblem(await call(a, 'POST', '/farmers', { name: 'By reader', phone: '+233200000002' }, readOnly.token), 403, 'forbidden', 'read-only creates a farmer');
    for (const token of [member.token, readOnly.token]) {
      for (const path of ['/farmers', '/farms', '/warehouses', '/commodities', '/inventory', '/listings', '/purchase-orders', '/marketplace']) {
        assert.equal((await call(a, 'GET', path, undefined, token)).status, 200, path);
      }
    }
  });

  test('the OpenAPI document describes the cooperative routes', async () => {
    const doc = await t.request('GET', '/api/openapi.json');
    assert.equal(doc.status, 200);
    for (const path of [
      '/api/v1/orgs/{org}/cooperative/farmers',
      '/api/v1/orgs/{org}/cooperative/inventory/{id}/adjust',
      '/api/v1/orgs/{org}/cooperative/marketplace',
      '/api/v1/orgs/{org}/cooperative/purchase-orders/{id}/fulfill',
    ]) {
      assert.ok(doc.json.paths[path], `${path} is documented`);
    }
  });
});

// Operator directory (T5) and operator-only access (I5), over real HTTP on a fresh database.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { addMember, startTestSystem, type TestSystem } from './harness.ts';

type Ops = { id: string; token: string; email: string };

describe('operator directory', () => {
  let t: TestSystem;
  let ops: Ops;

  /** Creates a (PENDING) organization through the self-service API and returns it with its owner. */
  async function createOrg(body: Record<string, unknown>, owner?: { token: string; id: string; email: string; name: string }) {
    const o = owner ?? (await t.signUp('Directory Owner'));
    const res = await t.request('POST', '/api/v1/orgs', { token: o.token, body });
    assert.equal(res.status, 201, res.text);
    return { org: res.json as { id: string; slug: string; name: string; status: string }, owner: o };
  }

  async function approve(id: string) {
    const res = await t.request('POST', `/api/v1/admin/organizations/${id}/approve`, { token: ops.token });
    assert.equal(res.status, 200, res.text);
    return res.json;
  }

  async function list(params: Record<string, string | number>, token = ops.token) {
    const qs = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)])).toString();
    return t.request('GET', `/api/v1/admin/organizations${qs ? `?${qs}` : ''}`, { token });
  }

  /** Follows nextCursor with the given page size until the end; returns every item in order. */
  async function walk(path: string, params: Record<string, string | number>, pageSize = 2) {
    const seen: any[] = [];
    let cursor: string | null = null;
    for (let pageNo = 0; pageNo < 500; pageNo++) {
      const qs = new URLSearchParams(
        Object.entries({ ...params, limit: pageSize, ...(cursor ? { cursor } : {}) }).map(([k, v]) => [k, String(v)]),
      ).toString();
      const res = await t.request('GET', `${path}?${qs}`, { token: ops.token });
      assert.equal(res.status, 200, res.text);
      assert.ok(res.json.items.length <= pageSize, 'a page never exceeds the limit');
      seen.push(...res.json.items);
      cursor = res.json.nextCursor;
      if (!cursor) return seen;
      assert.equal(res.json.items.length, pageSize, 'only the last page may be short');
    }
    throw new Error('pagination did not terminate');
  }

  before(async () => {
    t = await startTestSystem();
    ops = await t.operator();
  });
  after(() => t.close());

  describe('search, filters and sorting', () => {
    let tag: string;
    type Org = { id: string; slug: string; name: string };
    const made = {} as { alpha: Org; bravo: Org; charlie: Org };

    before(async () => {
      tag = `qz${Date.now().toString(36)}`;
      // Names, slugs and contact emails chosen so each search term matches exactly one organization.
      made.alpha = (await createOrg({ name: `${tag} Alpha Bakery`, slug: `${tag}-zeta`, contactEmail: `hello@${tag}-alpha.example.com` })).org;
      made.bravo = (await createOrg({ name: `${tag} Bravo Mill`, slug: `${tag}-yankee`, contactEmail: `info@${tag}-bravo.example.com` })).org;
      made.charlie = (await createOrg({ name: `${tag} Charlie Farm`, slug: `${tag}-xray`, contactEmail: `office@${tag}-charlie.example.com` })).org;
      await approve(made.bravo.id);
      await approve(made.charlie.id);
      // Known creation times (with microseconds) for the range and createdAt-sort assertions.
      await t.db.query('update organizations set created_at = $2 where id = $1', [made.alpha.id, '2021-03-01T10:00:00.123456Z']);
      await t.db.query('update organizations set created_at = $2 where id = $1', [made.bravo.id, '2022-06-15T10:00:00.654321Z']);
      await t.db.query('update organizations set created_at = $2 where id = $1', [made.charlie.id, '2023-09-30T10:00:00.000001Z']);
    });

    test('q finds an organization by part of its name, case-insensitively', async () => {
      const res = await list({ q: `${tag} bravo` });
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(res.json.items.map((o: any) => o.id), [made.bravo.id]);
      const upper = await list({ q: `${tag} CHARLIE farm`.toUpperCase() });
      assert.deepEqual(upper.json.items.map((o: any) => o.id), [made.charlie.id]);
    });

    test('q finds an organization by its slug', async () => {
      const res = await list({ q: `${tag}-yankee` });
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(res.json.items.map((o: any) => o.id), [made.bravo.id]);
    });

    test('q finds an organization by its contact email', async () => {
      const res = await list({ q: `office@${tag}-charlie` });
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(res.json.items.map((o: any) => o.id), [made.charlie.id]);
      assert.equal(res.json.items[0].contactEmail, `office@${tag}-charlie.example.com`);
    });

    test('q matches every organization sharing a term, and LIKE wildcards in q are literal', async () => {
      const all = await list({ q: tag, sort: 'name', order: 'asc' });
      assert.deepEqual(all.json.items.map((o: any) => o.id), [made.alpha.id, made.bravo.id, made.charlie.id]);
      const wildcard = await list({ q: `${tag}%Farm` });
      assert.equal(wildcard.status, 200, wildcard.text);
      assert.deepEqual(wildcard.json.items, [], '% must not act as a wildcard');
      const underscore = await list({ q: `${tag}_Alpha` });
      assert.deepEqual(underscore.json.items, [], '_ must not act as a wildcard');
    });

    test('status filter returns only organizations in that status', async () => {
      const pending = await list({ q: tag, status: 'PENDING' });
      assert.equal(pending.status, 200, pending.text);
      assert.deepEqual(pending.json.items.map((o: any) => o.id), [made.alpha.id]);
      assert.ok(pending.json.items.every((o: any) => o.status === 'PENDING'));
      const active = await list({ q: tag, status: 'ACTIVE', sort: 'name', order: 'asc' });
      assert.deepEqual(active.json.items.map((o: any) => o.id), [made.bravo.id, made.charlie.id]);
      const everyPending = await walk('/api/v1/admin/organizations', { status: 'PENDING' }, 25);
      assert.ok(everyPending.length >= 1 && everyPending.every((o: any) => o.status === 'PENDING'));
      const rejected = await list({ q: tag, status: 'REJECTED' });
      assert.deepEqual(rejected.json.items, []);
    });

    test('createdFrom/createdTo limit the creation range (both bounds inclusive)', async () => {
      const mid = await list({ q: tag, createdFrom: '2022-01-01T00:00:00Z', createdTo: '2022-12-31T23:59:59Z' });
      assert.equal(mid.status, 200, mid.text);
      assert.deepEqual(mid.json.items.map((o: any) => o.id), [made.bravo.id]);
      const from = await list({ q: tag, createdFrom: '2022-01-01T00:00:00Z', sort: 'createdAt', order: 'asc' });
      assert.deepEqual(from.json.items.map((o: any) => o.id), [made.bravo.id, made.charlie.id]);
      const to = await list({ q: tag, createdTo: '2022-01-01T00:00:00Z' });
      assert.deepEqual(to.json.items.map((o: any) => o.id), [made.alpha.id]);
      const exact = await list({ q: tag, createdFrom: '2021-03-01T10:00:00.123Z', createdTo: '2021-03-01T10:00:00.124Z' });
      assert.deepEqual(exact.json.items.map((o: any) => o.id), [made.alpha.id]);
      const offset = await list({ q: tag, createdFrom: '2022-06-15T12:00:00+02:00', createdTo: '2022-06-15T12:00:01+02:00' });
      assert.deepEqual(offset.json.items.map((o: any) => o.id), [made.bravo.id], 'offsets are honoured');
      const empty = await list({ q: tag, createdFrom: '2024-01-01T00:00:00Z', createdTo: '2020-01-01T00:00:00Z' });
      assert.deepEqual(empty.json.items, []);
    });

    test('sort by name, slug and createdAt, ascending and descending', async () => {
      const ids = (res: any) => res.json.items.map((o: any) => o.id);
      const { alpha: a, bravo: b, charlie: c } = made;
      assert.deepEqual(ids(await list({ q: tag, sort: 'name', order: 'asc' })), [a.id, b.id, c.id]);
      assert.deepEqual(ids(await list({ q: tag, sort: 'name', order: 'desc' })), [c.id, b.id, a.id]);
      // Slugs run the other way round (zeta, yankee, xray), so a slug sort cannot pass by sorting names.
      assert.deepEqual(ids(await list({ q: tag, sort: 'slug', order: 'asc' })), [c.id, b.id, a.id]);
      assert.deepEqual(ids(await list({ q: tag, sort: 'slug', order: 'desc' })), [a.id, b.id, c.id]);
      assert.deepEqual(ids(await list({ q: tag, sort: 'createdAt', order: 'asc' })), [a.id, b.id, c.id]);
      assert.deepEqual(ids(await list({ q: tag, sort: 'createdAt', order: 'desc' })), [c.id, b.id, a.id]);
      // Defaults: newest first.
      assert.deepEqual(ids(await list({ q: tag })), [c.id, b.id, a.id]);
    });

    test('directory items carry the organization and its createdAt', async () => {
      const res = await list({ q: `${tag}-zeta` });
      const item = res.json.items[0];
      assert.equal(item.id, made.alpha.id);
      assert.equal(item.slug, `${tag}-zeta`);
      assert.equal(item.name, `${tag} Alpha Bakery`);
      assert.equal(item.status, 'PENDING');
      assert.equal(item.createdAt, '2021-03-01T10:00:00.123Z');
      assert.equal(item.deletedAt, null);
    });
  });

  describe('cursor pagination', () => {
    before(async () => {
      // Ties on every sort key, so keyset pagination has to fall back to the id.
      const twinA = await createOrg({ name: 'Pagination Twin', slug: t.unique('twin').toLowerCase() });
      const twinB = await createOrg({ name: 'Pagination Twin', slug: t.unique('twin').toLowerCase() });
      await t.db.query('update organizations set created_at = $2 where id = any($1::uuid[])', [
        [twinA.org.id, twinB.org.id],
        '2020-05-05T05:05:05.555555Z',
      ]);
      for (let i = 0; i < 5; i++) await createOrg({ name: `Pagination Org ${String.fromCharCode(97 + i)}` });
      const deleted = await createOrg({ name: 'Pagination Deleted' });
      const del = await t.request('POST', `/api/v1/admin/organizations/${deleted.org.id}/delete`, { token: ops.token });
      assert.equal(del.status, 200, del.text);
    });

    for (const sort of ['name', 'slug', 'createdAt'] as const) {
      for (const order of ['asc', 'desc'] as const) {
        test(`limit=2 walks every organization exactly once, sorted by ${sort} ${order}`, async () => {
          const rows = await t.db.query<{ id: string }>('select id from organizations');
          const walked = await walk('/api/v1/admin/organizations', { sort, order, deleted: 'include' });
          const ids = walked.map((o) => o.id);
          assert.equal(new Set(ids).size, ids.length, `duplicates in ${sort} ${order}: ${ids.length - new Set(ids).size}`);
          assert.deepEqual([...ids].sort(), rows.map((r) => r.id).sort(), 'no gaps: every organization appears');
          // The page-by-page order is the same as one big page.
          const whole = await list({ sort, order, deleted: 'include', limit: 100 });
          assert.equal(whole.json.nextCursor, null);
          assert.deepEqual(ids, whole.json.items.map((o: any) => o.id));
          // createdAt order is checkable in JS (name/slug order depends on the database collation).
          if (sort === 'createdAt') {
            for (let i = 1; i < walked.length; i++) {
              const [p, q] = [Date.parse(walked[i - 1].createdAt), Date.parse(walked[i].createdAt)];
              assert.ok(order === 'asc' ? p <= q : p >= q, `createdAt out of order at ${i}`);
            }
          }
        });
      }
    }

    test('pagination with a filter only walks matching organizations', async () => {
      const walked = await walk('/api/v1/admin/organizations', { q: 'pagination', sort: 'name', order: 'asc' });
      const names = walked.map((o) => o.name);
      assert.deepEqual(names, [
        'Pagination Org a',
        'Pagination Org b',
        'Pagination Org c',
        'Pagination Org d',
        'Pagination Org e',
        'Pagination Twin',
        'Pagination Twin',
      ]);
      assert.equal(new Set(walked.map((o) => o.id)).size, walked.length);
    });

    test('a cursor from one page continues after its last item', async () => {
      const first = await list({ q: 'pagination', sort: 'name', order: 'asc', limit: 3 });
      assert.equal(first.json.items.length, 3);
      assert.equal(typeof first.json.nextCursor, 'string');
      const second = await list({ q: 'pagination', sort: 'name', order: 'asc', limit: 3, cursor: first.json.nextCursor });
      assert.equal(second.status, 200, second.text);
      assert.deepEqual(second.json.items.map((o: any) => o.name), ['Pagination Org d', 'Pagination Org e', 'Pagination Twin']);
      const last = await list({ q: 'pagination', sort: 'name', order: 'asc', limit: 3, cursor: second.json.nextCursor });
      assert.deepEqual(last.json.items.map((o: any) => o.name), ['Pagination Twin']);
      assert.equal(last.json.nextCursor, null);
    });
  });

  describe('deleted organizations and member counts', () => {
    let live: { id: string; slug: string };
    let gone: { id: string; slug: string };
    let tag: string;

    before(async () => {
      tag = `dl${Date.now().toString(36)}`;
      live = (await createOrg({ name: `${tag} Live` })).org;
      gone = (await createOrg({ name: `${tag} Gone` })).org;
      const res = await t.request('POST', `/api/v1/admin/organizations/${gone.id}/delete`, { token: ops.token, body: { reason: 'test' } });
      assert.equal(res.status, 200, res.text);
    });

    test('deleted=exclude is the default and hides soft-deleted organizations', async () => {
      const byDefault = await list({ q: tag });
      assert.deepEqual(byDefault.json.items.map((o: any) => o.id), [live.id]);
      const explicit = await list({ q: tag, deleted: 'exclude' });
      assert.deepEqual(explicit.json.items.map((o: any) => o.id), [live.id]);
    });

    test('deleted=include shows both, deleted=only shows just the deleted one with deletedAt', async () => {
      const include = await list({ q: tag, deleted: 'include', sort: 'name', order: 'asc' });
      assert.deepEqual(include.json.items.map((o: any) => o.id), [gone.id, live.id]);
      const only = await list({ q: tag, deleted: 'only' });
      assert.deepEqual(only.json.items.map((o: any) => o.id), [gone.id]);
      assert.ok(only.json.items[0].deletedAt && !Number.isNaN(Date.parse(only.json.items[0].deletedAt)));
    });

    test('memberCount counts the active members of each organization', async () => {
      const { org, owner } = await createOrg({ name: `${tag} Crowd` });
      const a = await t.signUp('Crowd A');
      const b = await t.signUp('Crowd B');
      const s = await t.signUp('Crowd Suspended');
      await addMember(t.db, org.id, a.id, 'ADMIN');
      await addMember(t.db, org.id, b.id, 'MEMBER');
      await addMember(t.db, org.id, s.id, 'MEMBER', 'SUSPENDED');
      const res = await list({ q: `${tag} Crowd` });
      assert.equal(res.json.items.length, 1);
      assert.equal(res.json.items[0].memberCount, 3, 'owner + 2 active members; the suspended member is not counted');
      const single = await list({ q: `${tag} Live` });
      assert.equal(single.json.items[0].memberCount, 1);
      assert.ok(owner);
    });
  });

  describe('bad directory queries', () => {
    const bad: [string, Record<string, string>][] = [
      ['an unknown sort', { sort: 'password' }],
      ['an unknown order', { order: 'sideways' }],
      ['an unknown status', { status: 'DELETED' }],
      ['a lowercase status', { status: 'active' }],
      ['an unknown deleted mode', { deleted: 'maybe' }],
      ['a garbage cursor', { cursor: 'not-a-cursor' }],
      ['a well-encoded cursor of the wrong shape', { cursor: Buffer.from(JSON.stringify({ k: 1 })).toString('base64url') }],
      ['a cursor whose id is not a uuid', { cursor: Buffer.from(JSON.stringify(['x', 'not-a-uuid'])).toString('base64url') }],
      ['a createdAt cursor whose key is not a timestamp', { sort: 'createdAt', cursor: Buffer.from(JSON.stringify(['yesterday', '0190aaaa-bbbb-7ccc-8ddd-eeeeeeeeeeee'])).toString('base64url') }],
      ['a non-date createdFrom', { createdFrom: 'yesterday' }],
      ['a limit above 100', { limit: '101' }],
      ['a zero limit', { limit: '0' }],
      ['an unknown query parameter', { organizationId: '00000000-0000-0000-0000-000000000000' }],
    ];
    for (const [what, params] of bad) {
      test(`${what} is a 400 problem`, async () => {
        const res = await list(params);
        assert.equal(res.status, 400, res.text);
        assert.match(res.headers.get('content-type') ?? '', /application\/problem\+json/);
        assert.ok(['validation_failed', 'bad_request'].includes(res.json.code), res.text);
      });
    }

    test('a valid query with the same parameters is a 200 (positive control)', async () => {
      const res = await list({ sort: 'slug', order: 'asc', status: 'ACTIVE', deleted: 'include', limit: '100' });
      assert.equal(res.status, 200, res.text);
    });
  });

  describe('organization detail', () => {
    test('shows the organization, its members with names and emails, and its history', async () => {
      const owner = await t.signUp('Detail Owner');
      const { org } = await createOrg({ name: 'Detail Org', contactEmail: 'detail@example.com' }, owner);
      const admin = await t.signUp('Detail Admin');
      await addMember(t.db, org.id, admin.id, 'ADMIN');
      const ok = await t.request('POST', `/api/v1/admin/organizations/${org.id}/approve`, { token: ops.token, body: { reason: 'looks legit' } });
      assert.equal(ok.status, 200, ok.text);

      const res = await t.request('GET', `/api/v1/admin/organizations/${org.id}`, { token: ops.token });
      assert.equal(res.status, 200, res.text);
      assert.equal(res.json.organization.id, org.id);
      assert.equal(res.json.organization.name, 'Detail Org');
      assert.equal(res.json.organization.status, 'ACTIVE');
      assert.equal(res.json.organization.contactEmail, 'detail@example.com');

      const members = res.json.members.map((m: any) => ({ userId: m.userId, name: m.name, email: m.email, role: m.role, status: m.status }));
      assert.deepEqual(
        members.sort((x: any, y: any) => x.role.localeCompare(y.role)),
        [
          { userId: admin.id, name: 'Detail Admin', email: admin.email, role: 'ADMIN', status: 'ACTIVE' },
          { userId: owner.id, name: 'Detail Owner', email: owner.email, role: 'OWNER', status: 'ACTIVE' },
        ],
      );

      const history = res.json.history;
      assert.equal(history.length, 2, JSON.stringify(history));
      const created = history.find((h: any) => h.action === 'created');
      const approved = history.find((h: any) => h.action === 'approve');
      assert.ok(created, 'created entry');
      assert.ok(approved, 'approve entry');
      assert.equal(created.toStatus, 'PENDING');
      assert.equal(created.actorUserId, owner.id);
      assert.equal(created.actorKind, 'user');
      assert.equal(approved.fromStatus, 'PENDING');
      assert.equal(approved.toStatus, 'ACTIVE');
      assert.equal(approved.reason, 'looks legit');
      assert.equal(approved.actorUserId, ops.id);
      assert.equal(approved.actorKind, 'operator');
      assert.ok(Date.parse(approved.createdAt) >= Date.parse(created.createdAt));
    });

    test('an unknown organization id is a 404', async () => {
      const res = await t.request('GET', '/api/v1/admin/organizations/0190aaaa-bbbb-7ccc-8ddd-eeeeeeeeeeee', { token: ops.token });
      assert.equal(res.status, 404, res.text);
      assert.equal(res.json.code, 'not_found');
    });

    test('a malformed organization id is refused without reaching the database', async () => {
      const res = await t.request('GET', '/api/v1/admin/organizations/not-a-uuid', { token: ops.token });
      assert.ok(res.status === 400 || res.status === 404, res.text);
    });

    test('a soft-deleted organization is still visible to operators in detail', async () => {
      const { org } = await createOrg({ name: 'Detail Deleted' });
      const del = await t.request('POST', `/api/v1/admin/organizations/${org.id}/delete`, { token: ops.token });
      assert.equal(del.status, 200, del.text);
      const res = await t.request('GET', `/api/v1/admin/organizations/${org.id}`, { token: ops.token });
      assert.equal(res.status, 200, res.text);
      assert.ok(res.json.organization.deletedAt);
      assert.ok(res.json.history.some((h: any) => h.action === 'deleted'));
    });
  });

  describe('user search', () => {
    let tag: string;
    const people: { id: string; email: string; name: string; token: string }[] = [];

    before(async () => {
      tag = `us${Date.now().toString(36)}`;
      for (const n of ['Ana', 'Ben', 'Cid', 'Dee', 'Eve']) {
        people.push(await t.signUp(`${n} ${tag}`, `${n.toLowerCase()}.${tag}@example.com`));
      }
    });

    test('q finds a user by email', async () => {
      const res = await t.request('GET', `/api/v1/admin/users?q=${encodeURIComponent(`cid.${tag}@`)}`, { token: ops.token });
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(res.json.items.map((u: any) => u.id), [people[2]!.id]);
      assert.equal(res.json.items[0].email, `cid.${tag}@example.com`);
      assert.equal(res.json.items[0].name, `Cid ${tag}`);
    });

    test('q finds a user by name, case-insensitively', async () => {
      const res = await t.request('GET', `/api/v1/admin/users?q=${encodeURIComponent(`DEE ${tag.toUpperCase()}`)}`, { token: ops.token });
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(res.json.items.map((u: any) => u.id), [people[3]!.id]);
    });

    test('q with no match returns an empty page', async () => {
      const res = await t.request('GET', `/api/v1/admin/users?q=${encodeURIComponent(`nobody-${tag}`)}`, { token: ops.token });
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(res.json.items, []);
      assert.equal(res.json.nextCursor, null);
    });

    test('limit=2 pages through every matching user exactly once', async () => {
      const walked = await walk('/api/v1/admin/users', { q: tag });
      assert.deepEqual(
        walked.map((u) => u.id),
        people.map((p) => p.id),
        'ordered by email, no duplicates, no gaps',
      );
      const everyone = await walk('/api/v1/admin/users', {});
      const rows = await t.db.query<{ id: string }>('select id from users');
      assert.equal(new Set(everyone.map((u) => u.id)).size, everyone.length);
      assert.deepEqual(everyone.map((u) => u.id).sort(), rows.map((r) => r.id).sort());
    });

    test('isOperator is true for operators only', async () => {
      const opRes = await t.request('GET', `/api/v1/admin/users?q=${encodeURIComponent(ops.email)}`, { token: ops.token });
      assert.equal(opRes.json.items.length, 1);
      assert.equal(opRes.json.items[0].id, ops.id);
      assert.equal(opRes.json.items[0].isOperator, true);
      const userRes = await t.request('GET', `/api/v1/admin/users?q=${encodeURIComponent(people[0]!.email)}`, { token: ops.token });
      assert.equal(userRes.json.items.length, 1);
      assert.equal(userRes.json.items[0].isOperator, false);
    });

    test('organizationCount counts the organizations a user actively belongs to', async () => {
      const [ana, ben] = [people[0]!, people[1]!];
      const first = await createOrg({ name: `${tag} One` }, ana);
      await createOrg({ name: `${tag} Two` }, ana);
      await addMember(t.db, first.org.id, ben.id, 'MEMBER', 'SUSPENDED');
      const res = await t.request('GET', `/api/v1/admin/users?q=${encodeURIComponent(tag)}&limit=10`, { token: ops.token });
      const byId = new Map(res.json.items.map((u: any) => [u.id, u]));
      assert.equal((byId.get(ana.id) as any).organizationCount, 2);
      assert.equal((byId.get(ben.id) as any).organizationCount, 0, 'a suspended membership does not count');
      assert.equal((byId.get(people[4]!.id) as any).organizationCount, 0);
    });

    test('a bad cursor or unknown parameter is a 400', async () => {
      const cursor = await t.request('GET', '/api/v1/admin/users?cursor=%%%', { token: ops.token });
      assert.equal(cursor.status, 400, cursor.text);
      const extra = await t.request('GET', '/api/v1/admin/users?role=admin', { token: ops.token });
      assert.equal(extra.status, 400, extra.text);
    });
  });

  describe('operator-only access', () => {
    let user: { token: string; id: string };
    let orgId: string;

    before(async () => {
      user = await t.signUp('Not An Operator');
      orgId = (await createOrg({ name: 'Access Check Org' })).org.id;
    });

    const routes = (id: string): [string, string, unknown?][] => [
      ['GET', '/api/v1/admin/organizations'],
      ['GET', `/api/v1/admin/organizations/${id}`],
      ['GET', '/api/v1/admin/users'],
      ['GET', '/api/v1/admin/users?q=example'],
      ['POST', '/api/v1/admin/organizations', { owner: { mode: 'new', email: 'x-admin-route@example.com', name: 'X' }, organization: { name: 'Sneaky' } }],
      ['POST', `/api/v1/admin/organizations/${id}/approve`],
      ['POST', `/api/v1/admin/organizations/${id}/reject`, { reason: 'no' }],
      ['POST', `/api/v1/admin/organizations/${id}/suspend`, { reason: 'no' }],
      ['POST', `/api/v1/admin/organizations/${id}/reactivate`],
      ['POST', `/api/v1/admin/organizations/${id}/delete`],
      ['POST', `/api/v1/admin/organizations/${id}/restore`],
      ['POST', `/api/v1/admin/organizations/${id}/purge`],
    ];

    test('a signed-in non-operator gets 403 operator_required on every admin route, and nothing changes', async () => {
      const before = await t.db.query<{ n: number }>('select count(*)::int as n from organizations');
      for (const [method, path, body] of routes(orgId)) {
        const res = await t.request(method, path, { token: user.token, body });
        assert.equal(res.status, 403, `${method} ${path}: ${res.text}`);
        assert.equal(res.json.code, 'operator_required', `${method} ${path}`);
      }
      const [org] = await t.db.query<{ status: string; deleted_at: unknown }>('select status, deleted_at from organizations where id = $1', [orgId]);
      assert.equal(org!.status, 'PENDING');
      assert.equal(org!.deleted_at, null);
      const afterCount = await t.db.query<{ n: number }>('select count(*)::int as n from organizations');
      assert.equal(afterCount[0]!.n, before[0]!.n);
      const sneaky = await t.db.query('select 1 from users where email = $1', ['x-admin-route@example.com']);
      assert.equal(sneaky.length, 0);
    });

    test('without a token every admin route answers 401', async () => {
      for (const [method, path, body] of routes(orgId)) {
        const res = await t.request(method, path, { body });
        assert.equal(res.status, 401, `${method} ${path}: ${res.text}`);
        assert.equal(res.json.code, 'unauthenticated');
      }
    });

    test('a bad bearer token is a 401, not a 403', async () => {
      const res = await t.request('GET', '/api/v1/admin/organizations', { token: 'definitely-not-a-session' });
      assert.equal(res.status, 401, res.text);
    });

    test('an operator gets 200 on the same read routes (positive control)', async () => {
      for (const path of ['/api/v1/admin/organizations', `/api/v1/admin/organizations/${orgId}`, '/api/v1/admin/users', '/api/v1/admin/users?q=example']) {
        const res = await t.request('GET', path, { token: ops.token });
        assert.equal(res.status, 200, `${path}: ${res.text}`);
      }
    });

    test('the non-operator is an ordinary user: their own organization list still works', async () => {
      const res = await t.request('GET', '/api/v1/orgs', { token: user.token });
      assert.equal(res.status, 200, res.text);
    });
  });
});

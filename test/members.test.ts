// Members (M1) and the member-management invariants of M2, over real HTTP: the member list (filters,
// cursor pagination), get, role changes, suspend/reinstate (role kept), remove, leave, approve/reject,
// invalid transitions, loss of access at the very next request on every session, who may act on whom,
// the last-owner rule and its race, cross-organization ids and mass assignment.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { addMember, startTestSystem, type TestSystem } from './harness.ts';
import { assertProblem, fieldPaths } from './support/problems.ts';

type Res = { status: number; headers: Headers; json: any; text: string };
type Person = { token: string; id: string; email: string; name: string; membershipId: string };

const PASSWORD = 'correct-horse-battery'; // the harness's sign-up password

async function membershipRow(t: TestSystem, orgId: string, userId: string) {
  const [row] = await t.db.query<{ id: string; role: string; status: string; organization_id: string; user_id: string }>(
    'select id::text, role, status, organization_id::text, user_id::text from memberships where organization_id = $1 and user_id = $2',
    [orgId, userId],
  );
  assert.ok(row, 'membership exists');
  return row;
}

async function membershipById(t: TestSystem, id: string) {
  const [row] = await t.db.query<{ role: string; status: string; organization_id: string; user_id: string }>(
    'select role, status, organization_id::text, user_id::text from memberships where id = $1',
    [id],
  );
  assert.ok(row, 'membership exists');
  return row;
}

describe('members', () => {
  let t: TestSystem;
  let ops: { token: string };
  before(async () => {
    t = await startTestSystem();
    ops = await t.operator();
  });
  after(() => t.close());

  /** A new user with a membership of the given role and status in `orgId`. */
  async function join(orgId: string, role = 'MEMBER', status = 'ACTIVE', name = 'Member'): Promise<Person> {
    const user = await t.signUp(name);
    await addMember(t.db, orgId, user.id, role, status);
    const row = await membershipRow(t, orgId, user.id);
    return { ...user, membershipId: row.id };
  }

  async function organization(name: string) {
    const { org, owner } = await t.activeOrganization(ops, `${name} ${t.unique('o').slice(-6)}`);
    const ownerRow = await membershipRow(t, org.id, owner.id);
    return { org, owner: { ...owner, membershipId: ownerRow.id } as Person };
  }

  const members = (org: string, token: string, query = '') => t.request('GET', `/api/v1/orgs/${org}/members${query}`, { token });
  const patch = (org: string, memberId: string, token: string, body: unknown) =>
    t.request('PATCH', `/api/v1/orgs/${org}/members/${memberId}`, { token, body });
  const action = (org: string, memberId: string, verb: string, token: string) =>
    t.request('POST', `/api/v1/orgs/${org}/members/${memberId}/${verb}`, { token });
  const remove = (org: string, memberId: string, token: string) => t.request('DELETE', `/api/v1/orgs/${org}/members/${memberId}`, { token });

  /**
   * Sends the requests at once. On PostgreSQL the organization's membership rows are held locked by
   * the test until both requests are waiting on a lock, so both really run concurrently: both have
   * resolved the caller (as OWNER) before either can change anything. PGlite has one connection and
   * serialises requests, so there the second one simply starts after the first one committed.
   */
  async function concurrently(orgId: string, requests: () => Promise<Res>[]): Promise<Res[]> {
    if (t.engine !== 'postgres') return Promise.all(requests());
    let all!: Promise<Res[]>;
    await t.db.ownerTransaction(async (tx) => {
      await tx.execute(sql`select id from memberships where organization_id = ${orgId} for update`);
      all = Promise.all(requests());
      for (let i = 0; ; i++) {
        const [row] = await t.db.query<{ n: number }>(
          `select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
        );
        if (Number(row!.n) >= 2) break;
        if (i >= 1000) throw new Error('the two requests never both waited on the membership lock');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    });
    return all;
  }

  /** The refusal the race's loser gets: 409 when truly concurrent; when serialised (PGlite), what its new state answers. */
  function assertLostRace(loser: Res, serialisedAnswer: { status: number; code: string }) {
    if (t.engine === 'postgres' || loser.status === 409) {
      assert.equal(loser.status, 409, loser.text);
      assert.ok(['last_owner', 'stale_role', 'conflict'].includes(loser.json.code), loser.text);
    } else {
      assertProblem(loser, serialisedAnswer.status, serialisedAnswer.code);
    }
  }

  describe('list', () => {
    test('filters by role, status and q (name or email); without filters every membership is listed', async () => {
      const { org, owner } = await organization('List Filters');
      const tag = t.unique('zz').replace(/-/g, '');
      const admin = await join(org.id, 'ADMIN', 'ACTIVE', `Quentin ${tag}`);
      const plain = await join(org.id, 'MEMBER', 'ACTIVE', 'Plain Member');
      const reader = await join(org.id, 'READ_ONLY', 'ACTIVE', 'Plain Reader');
      const suspended = await join(org.id, 'MEMBER', 'SUSPENDED', 'Sleepy Member');
      const pending = await join(org.id, 'MEMBER', 'PENDING', 'Waiting Member');

      const all = await members(org.slug, owner.token);
      assert.equal(all.status, 200, all.text);
      assert.deepEqual(
        all.json.items.map((m: any) => m.id).sort(),
        [owner, admin, plain, reader, suspended, pending].map((p) => p.membershipId).sort(),
      );
      const entry = all.json.items.find((m: any) => m.id === admin.membershipId);
      assert.deepEqual(
        { userId: entry.userId, name: entry.name, email: entry.email, role: entry.role, status: entry.status },
        { userId: admin.id, name: admin.name, email: admin.email, role: 'ADMIN', status: 'ACTIVE' },
      );

      const admins = await members(org.slug, owner.token, '?role=ADMIN');
      assert.equal(admins.status, 200, admins.text);
      assert.deepEqual(admins.json.items.map((m: any) => m.id), [admin.membershipId]);

      const plainMembers = await members(org.slug, owner.token, '?role=MEMBER');
      assert.deepEqual(
        plainMembers.json.items.map((m: any) => m.id).sort(),
        [plain, suspended, pending].map((p) => p.membershipId).sort(),
      );

      const sus = await members(org.slug, owner.token, '?status=SUSPENDED');
      assert.equal(sus.status, 200, sus.text);
      assert.deepEqual(sus.json.items.map((m: any) => m.id), [suspended.membershipId]);

      const both = await members(org.slug, owner.token, '?role=MEMBER&status=ACTIVE');
      assert.deepEqual(both.json.items.map((m: any) => m.id), [plain.membershipId]);

      const byName = await members(org.slug, owner.token, `?q=${encodeURIComponent(tag.toUpperCase())}`);
      assert.equal(byName.status, 200, byName.text);
      assert.deepEqual(byName.json.items.map((m: any) => m.id), [admin.membershipId], 'q matches the name, case-insensitively');

      const localPart = reader.email.split('@')[0]!;
      const byEmail = await members(org.slug, owner.token, `?q=${encodeURIComponent(localPart)}`);
      assert.deepEqual(byEmail.json.items.map((m: any) => m.id), [reader.membershipId], 'q matches the email');

      // LIKE wildcards in q are literal: nobody's name or email contains "%".
      const wildcard = await members(org.slug, owner.token, `?q=${encodeURIComponent('%')}`);
      assert.equal(wildcard.status, 200, wildcard.text);
      assert.deepEqual(wildcard.json.items, []);

      assertProblem(await members(org.slug, owner.token, '?status=ASLEEP'), 400, 'validation_failed');
    });

    test('cursor pagination walks every member exactly once in list order, also under a filter', async () => {
      const { org, owner } = await organization('List Pages');
      const joined: Person[] = [];
      for (let i = 0; i < 5; i++) joined.push(await join(org.id, i % 2 ? 'READ_ONLY' : 'MEMBER', 'ACTIVE', `Pager ${i}`));

      const full = await members(org.id, owner.token, '?limit=100');
      assert.equal(full.status, 200, full.text);
      assert.equal(full.json.items.length, 6);
      assert.equal(full.json.nextCursor, null);

      const walked: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res = await members(org.id, owner.token, `?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        assert.equal(res.status, 200, res.text);
        assert.ok(res.json.items.length <= 2);
        walked.push(...res.json.items.map((m: any) => m.id));
        cursor = res.json.nextCursor;
        pages++;
        assert.ok(pages <= 4, 'pagination terminates');
      } while (cursor);
      assert.equal(pages, 3);
      assert.deepEqual(walked, full.json.items.map((m: any) => m.id));

      const filtered: string[] = [];
      cursor = null;
      do {
        const res = await members(org.id, owner.token, `?role=MEMBER&limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        assert.equal(res.status, 200, res.text);
        filtered.push(...res.json.items.map((m: any) => m.id));
        cursor = res.json.nextCursor;
      } while (cursor);
      assert.deepEqual(filtered.sort(), joined.filter((_, i) => i % 2 === 0).map((p) => p.membershipId).sort());

      // A cursor from another organization's list is refused, not reinterpreted.
      const other = await organization('List Pages Other');
      await join(other.org.id);
      await join(other.org.id);
      const otherPage = await members(other.org.id, other.owner.token, '?limit=1');
      assert.equal(otherPage.status, 200, otherPage.text);
      assert.ok(otherPage.json.nextCursor);
      assertProblem(await members(org.id, owner.token, `?limit=1&cursor=${encodeURIComponent(otherPage.json.nextCursor)}`), 400, 'validation_failed');
      assertProblem(await members(org.id, owner.token, '?limit=1&cursor=not-a-cursor'), 400, 'validation_failed');
    });
  });

  describe('get, change role', () => {
    test('GET a member answers the member; an unknown id answers 404', async () => {
      const { org, owner } = await organization('Get Member');
      const m = await join(org.id, 'READ_ONLY', 'ACTIVE', 'Gettable');
      const got = await t.request('GET', `/api/v1/orgs/${org.slug}/members/${m.membershipId}`, { token: owner.token });
      assert.equal(got.status, 200, got.text);
      assert.equal(got.json.id, m.membershipId);
      assert.equal(got.json.userId, m.id);
      assert.equal(got.json.email, m.email);
      assert.equal(got.json.role, 'READ_ONLY');
      assert.equal(got.json.status, 'ACTIVE');
      // READ_ONLY holds members:read too.
      assert.equal((await t.request('GET', `/api/v1/orgs/${org.slug}/members/${owner.membershipId}`, { token: m.token })).status, 200);
      assertProblem(await t.request('GET', `/api/v1/orgs/${org.slug}/members/${randomUUID()}`, { token: owner.token }), 404, 'not_found');
      assertProblem(await t.request('GET', `/api/v1/orgs/${org.slug}/members/not-a-uuid`, { token: owner.token }), 400, 'validation_failed');
    });

    test('an OWNER changes a role (200, stored); a MEMBER without members:update gets 403 and nothing changes', async () => {
      const { org, owner } = await organization('Change Role');
      const target = await join(org.id, 'MEMBER');
      const bystander = await join(org.id, 'MEMBER');

      assertProblem(await patch(org.slug, target.membershipId, bystander.token, { role: 'READ_ONLY' }), 403, 'forbidden');
      assert.equal((await membershipById(t, target.membershipId)).role, 'MEMBER');

      const changed = await patch(org.slug, target.membershipId, owner.token, { role: 'ADMIN' });
      assert.equal(changed.status, 200, changed.text);
      assert.equal(changed.json.role, 'ADMIN');
      assert.equal((await membershipById(t, target.membershipId)).role, 'ADMIN');
      const me = await t.request('GET', `/api/v1/orgs/${org.slug}/me`, { token: target.token });
      assert.equal(me.json.role, 'ADMIN');

      // A role that does not exist in this organization is a 400 naming the field.
      const unknown = await patch(org.slug, target.membershipId, owner.token, { role: 'no-such-role' });
      assertProblem(unknown, 400, 'validation_failed');
      assert.ok(fieldPaths(unknown).includes('body.role'), unknown.text);
      assertProblem(await patch(org.slug, target.membershipId, owner.token, { role: 'Not A Key' }), 400, 'validation_failed');
      assert.equal((await membershipById(t, target.membershipId)).role, 'ADMIN');
    });

    test('an ADMIN can change a MEMBER\'s role (positive control for the owner rules below)', async () => {
      const { org } = await organization('Admin Changes');
      const admin = await join(org.id, 'ADMIN');
      const target = await join(org.id, 'MEMBER');
      const res = await patch(org.slug, target.membershipId, admin.token, { role: 'READ_ONLY' });
      assert.equal(res.status, 200, res.text);
      assert.equal((await membershipById(t, target.membershipId)).role, 'READ_ONLY');
    });
  });

  describe('status transitions and access', () => {
    test('a suspended member loses access on every session at the next request; reinstating restores it with the role kept', async () => {
      const { org, owner } = await organization('Suspend Sessions');
      const admin = await join(org.id, 'ADMIN');
      const second = await t.signIn(admin.email, PASSWORD);
      const outsider = await t.signUp('Outsider');
      const outsiderAnswer = await members(org.slug, outsider.token);
      assertProblem(outsiderAnswer, 404, 'not_found');

      for (const token of [admin.token, second]) assert.equal((await members(org.slug, token)).status, 200);

      const suspended = await action(org.slug, admin.membershipId, 'suspend', owner.token);
      assert.equal(suspended.status, 200, suspended.text);
      assert.equal(suspended.json.status, 'SUSPENDED');
      assert.equal(suspended.json.role, 'ADMIN', 'suspension keeps the role');

      for (const token of [admin.token, second]) {
        for (const path of [`/api/v1/orgs/${org.slug}`, `/api/v1/orgs/${org.id}/members`, `/api/v1/orgs/${org.id}/me`]) {
          const res = await t.request('GET', path, { token });
          assertProblem(res, 404, 'not_found');
        }
        const res = await members(org.slug, token);
        assert.deepEqual({ status: res.status, code: res.json.code }, { status: outsiderAnswer.status, code: outsiderAnswer.json.code });
        // Writes are refused the same way: a suspended admin cannot act.
        assertProblem(await action(org.slug, owner.membershipId, 'suspend', token), 404, 'not_found');
      }

      const reinstated = await action(org.slug, admin.membershipId, 'reinstate', owner.token);
      assert.equal(reinstated.status, 200, reinstated.text);
      assert.equal(reinstated.json.status, 'ACTIVE');
      assert.equal(reinstated.json.role, 'ADMIN');
      for (const token of [admin.token, second]) {
        const me = await t.request('GET', `/api/v1/orgs/${org.slug}/me`, { token });
        assert.equal(me.status, 200, me.text);
        assert.equal(me.json.role, 'ADMIN');
      }
    });

    test('a removed member loses access on every session; removing again or reinstating a removed member is invalid_transition', async () => {
      const { org, owner } = await organization('Remove Sessions');
      const m = await join(org.id, 'MEMBER');
      const second = await t.signIn(m.email, PASSWORD);
      for (const token of [m.token, second]) assert.equal((await members(org.slug, token)).status, 200);

      const removed = await remove(org.slug, m.membershipId, owner.token);
      assert.equal(removed.status, 200, removed.text);
      assert.equal(removed.json.status, 'REMOVED');
      assert.equal((await membershipById(t, m.membershipId)).status, 'REMOVED');
      for (const token of [m.token, second]) assertProblem(await members(org.slug, token), 404, 'not_found');

      assertProblem(await remove(org.slug, m.membershipId, owner.token), 409, 'invalid_transition');
      assertProblem(await action(org.slug, m.membershipId, 'reinstate', owner.token), 409, 'invalid_transition');
      assert.equal((await membershipById(t, m.membershipId)).status, 'REMOVED');
      for (const token of [m.token, second]) assertProblem(await members(org.slug, token), 404, 'not_found');
    });

    test('a MEMBER cannot suspend or remove anyone (403); an ADMIN can remove a MEMBER', async () => {
      const { org } = await organization('Remove Rights');
      const plain = await join(org.id, 'MEMBER');
      const target = await join(org.id, 'MEMBER');
      const admin = await join(org.id, 'ADMIN');
      assertProblem(await action(org.slug, target.membershipId, 'suspend', plain.token), 403, 'forbidden');
      assertProblem(await remove(org.slug, target.membershipId, plain.token), 403, 'forbidden');
      assert.equal((await membershipById(t, target.membershipId)).status, 'ACTIVE');
      const res = await remove(org.slug, target.membershipId, admin.token);
      assert.equal(res.status, 200, res.text);
      assert.equal((await membershipById(t, target.membershipId)).status, 'REMOVED');
    });

    test('a member leaves: 200, then 404 at the next request; the owner sees them REMOVED', async () => {
      const { org, owner } = await organization('Leave');
      const m = await join(org.id, 'MEMBER');
      assert.equal((await members(org.slug, m.token)).status, 200);
      const left = await t.request('POST', `/api/v1/orgs/${org.slug}/leave`, { token: m.token });
      assert.equal(left.status, 200, left.text);
      assert.deepEqual(left.json, { left: true });
      assertProblem(await members(org.slug, m.token), 404, 'not_found');
      assertProblem(await t.request('POST', `/api/v1/orgs/${org.slug}/leave`, { token: m.token }), 404, 'not_found');
      const list = await members(org.slug, owner.token, '?status=REMOVED');
      assert.deepEqual(list.json.items.map((x: any) => x.id), [m.membershipId]);
    });

    test('approve moves a PENDING member to ACTIVE (access granted); reject moves one to REMOVED (no access)', async () => {
      const { org, owner } = await organization('Approve');
      const waiting = await join(org.id, 'MEMBER', 'PENDING');
      const refused = await join(org.id, 'READ_ONLY', 'PENDING');
      for (const p of [waiting, refused]) assertProblem(await members(org.slug, p.token), 404, 'not_found');

      const approved = await action(org.slug, waiting.membershipId, 'approve', owner.token);
      assert.equal(approved.status, 200, approved.text);
      assert.equal(approved.json.status, 'ACTIVE');
      assert.equal(approved.json.role, 'MEMBER');
      assert.equal((await members(org.slug, waiting.token)).status, 200);

      const rejected = await action(org.slug, refused.membershipId, 'reject', owner.token);
      assert.equal(rejected.status, 200, rejected.text);
      assert.equal(rejected.json.status, 'REMOVED');
      assertProblem(await members(org.slug, refused.token), 404, 'not_found');
    });

    test('a MEMBER cannot approve (403); an ADMIN can', async () => {
      const { org } = await organization('Approve Rights');
      const plain = await join(org.id, 'MEMBER');
      const admin = await join(org.id, 'ADMIN');
      const waiting = await join(org.id, 'MEMBER', 'PENDING');
      assertProblem(await action(org.slug, waiting.membershipId, 'approve', plain.token), 403, 'forbidden');
      assert.equal((await membershipById(t, waiting.membershipId)).status, 'PENDING');
      const res = await action(org.slug, waiting.membershipId, 'approve', admin.token);
      assert.equal(res.status, 200, res.text);
      assert.equal((await membershipById(t, waiting.membershipId)).status, 'ACTIVE');
    });

    test('invalid transitions answer 409 invalid_transition and change nothing; the valid ones from the right state succeed', async () => {
      const { org, owner } = await organization('Transitions');
      const active = await join(org.id, 'MEMBER', 'ACTIVE');
      const suspended = await join(org.id, 'MEMBER', 'SUSPENDED');
      const pending = await join(org.id, 'MEMBER', 'PENDING');

      assertProblem(await action(org.slug, active.membershipId, 'reinstate', owner.token), 409, 'invalid_transition');
      assertProblem(await action(org.slug, active.membershipId, 'approve', owner.token), 409, 'invalid_transition');
      assertProblem(await action(org.slug, active.membershipId, 'reject', owner.token), 409, 'invalid_transition');
      assertProblem(await action(org.slug, suspended.membershipId, 'suspend', owner.token), 409, 'invalid_transition');
      assertProblem(await action(org.slug, suspended.membershipId, 'approve', owner.token), 409, 'invalid_transition');
      assertProblem(await action(org.slug, pending.membershipId, 'suspend', owner.token), 409, 'invalid_transition');
      assertProblem(await action(org.slug, pending.membershipId, 'reinstate', owner.token), 409, 'invalid_transition');
      assert.equal((await membershipById(t, active.membershipId)).status, 'ACTIVE');
      assert.equal((await membershipById(t, suspended.membershipId)).status, 'SUSPENDED');
      assert.equal((await membershipById(t, pending.membershipId)).status, 'PENDING');

      assert.equal((await action(org.slug, suspended.membershipId, 'reinstate', owner.token)).status, 200);
      assert.equal((await action(org.slug, pending.membershipId, 'approve', owner.token)).status, 200);
      assert.equal((await action(org.slug, active.membershipId, 'suspend', owner.token)).status, 200);
    });
  });

  describe('M2 invariants', () => {
    async function customRole(org: string, ownerToken: string, key: string, permissions: string[]) {
      const res = await t.request('POST', `/api/v1/orgs/${org}/roles`, { token: ownerToken, body: { key, name: key, permissions } });
      assert.equal(res.status, 201, res.text);
    }

    test('an ADMIN cannot assign a role holding organization:delete (403); an OWNER can', async () => {
      const { org, owner } = await organization('No Grant');
      await customRole(org.slug, owner.token, 'deleter', ['organization:read', 'organization:delete']);
      const admin = await join(org.id, 'ADMIN');
      const target = await join(org.id, 'MEMBER');

      const refused = await patch(org.slug, target.membershipId, admin.token, { role: 'deleter' });
      assertProblem(refused, 403, 'forbidden');
      assert.match(refused.json.detail, /organization:delete/);
      assert.equal((await membershipById(t, target.membershipId)).role, 'MEMBER');

      const granted = await patch(org.slug, target.membershipId, owner.token, { role: 'deleter' });
      assert.equal(granted.status, 200, granted.text);
      assert.equal((await membershipById(t, target.membershipId)).role, 'deleter');
    });

    test('an ADMIN cannot suspend, demote or remove a member whose custom role holds permissions the ADMIN lacks; an OWNER can', async () => {
      const { org, owner } = await organization('Above Admin');
      await customRole(org.slug, owner.token, 'trustee', ['organization:read', 'organization:delete']);
      const admin = await join(org.id, 'ADMIN');
      const trustee = await join(org.id, 'trustee');
      const peer = await join(org.id, 'MEMBER');
      assertProblem(await action(org.slug, trustee.membershipId, 'suspend', admin.token), 403, 'forbidden');
      assertProblem(await patch(org.slug, trustee.membershipId, admin.token, { role: 'MEMBER' }), 403, 'forbidden');
      assertProblem(await remove(org.slug, trustee.membershipId, admin.token), 403, 'forbidden');
      assert.deepEqual(
        { role: (await membershipById(t, trustee.membershipId)).role, status: (await membershipById(t, trustee.membershipId)).status },
        { role: 'trustee', status: 'ACTIVE' },
      );
      // Positive controls: the ADMIN still manages a plain member, and the OWNER manages the trustee.
      assert.equal((await action(org.slug, peer.membershipId, 'suspend', admin.token)).status, 200);
      assert.equal((await action(org.slug, trustee.membershipId, 'suspend', owner.token)).status, 200);
    });

    test('only an OWNER makes an OWNER: ADMIN → 403, OWNER → 200', async () => {
      const { org, owner } = await organization('Make Owner');
      const admin = await join(org.id, 'ADMIN');
      const target = await join(org.id, 'MEMBER');
      assertProblem(await patch(org.slug, target.membershipId, admin.token, { role: 'OWNER' }), 403, 'forbidden');
      assert.equal((await membershipById(t, target.membershipId)).role, 'MEMBER');
      const res = await patch(org.slug, target.membershipId, owner.token, { role: 'OWNER' });
      assert.equal(res.status, 200, res.text);
      assert.equal((await membershipById(t, target.membershipId)).role, 'OWNER');
    });

    test('an ADMIN cannot change, suspend or remove an OWNER (403); another OWNER can', async () => {
      const { org, owner } = await organization('Admin Vs Owner');
      const admin = await join(org.id, 'ADMIN');
      const coOwner = await join(org.id, 'OWNER');
      assertProblem(await patch(org.slug, owner.membershipId, admin.token, { role: 'MEMBER' }), 403, 'forbidden');
      assertProblem(await action(org.slug, owner.membershipId, 'suspend', admin.token), 403, 'forbidden');
      assertProblem(await remove(org.slug, owner.membershipId, admin.token), 403, 'forbidden');
      assert.deepEqual(await membershipById(t, owner.membershipId), { role: 'OWNER', status: 'ACTIVE', organization_id: org.id, user_id: owner.id });

      const suspended = await action(org.slug, owner.membershipId, 'suspend', coOwner.token);
      assert.equal(suspended.status, 200, suspended.text);
      const reinstated = await action(org.slug, owner.membershipId, 'reinstate', coOwner.token);
      assert.equal(reinstated.status, 200, reinstated.text);
      const demoted = await patch(org.slug, owner.membershipId, coOwner.token, { role: 'ADMIN' });
      assert.equal(demoted.status, 200, demoted.text);
      assert.equal((await membershipById(t, owner.membershipId)).role, 'ADMIN');
    });

    test('nobody changes their own membership through the member routes (403), OWNER or ADMIN; the same change on another member works', async () => {
      const { org, owner } = await organization('Self Change');
      const admin = await join(org.id, 'ADMIN');
      const other = await join(org.id, 'MEMBER');
      assertProblem(await patch(org.slug, admin.membershipId, admin.token, { role: 'OWNER' }), 403, 'forbidden');
      assertProblem(await patch(org.slug, admin.membershipId, admin.token, { role: 'MEMBER' }), 403, 'forbidden');
      assertProblem(await patch(org.slug, owner.membershipId, owner.token, { role: 'ADMIN' }), 403, 'forbidden');
      assertProblem(await action(org.slug, admin.membershipId, 'suspend', admin.token), 403, 'forbidden');
      assertProblem(await remove(org.slug, admin.membershipId, admin.token), 403, 'forbidden');
      assert.deepEqual(
        [(await membershipById(t, admin.membershipId)).role, (await membershipById(t, owner.membershipId)).role],
        ['ADMIN', 'OWNER'],
      );
      assert.equal((await patch(org.slug, other.membershipId, admin.token, { role: 'READ_ONLY' })).status, 200);
    });

    test('the last OWNER cannot leave (409 last_owner) and stays OWNER; with two owners, one can leave and one can be demoted', async () => {
      const { org, owner } = await organization('Last Owner');
      const res = await t.request('POST', `/api/v1/orgs/${org.slug}/leave`, { token: owner.token });
      assertProblem(res, 409, 'last_owner');
      assert.deepEqual(await membershipById(t, owner.membershipId), { role: 'OWNER', status: 'ACTIVE', organization_id: org.id, user_id: owner.id });
      // And the sole owner cannot demote, suspend or remove themselves either.
      assertProblem(await patch(org.slug, owner.membershipId, owner.token, { role: 'ADMIN' }), 403, 'forbidden');
      assertProblem(await action(org.slug, owner.membershipId, 'suspend', owner.token), 403, 'forbidden');
      assertProblem(await remove(org.slug, owner.membershipId, owner.token), 403, 'forbidden');
      assert.deepEqual(await membershipById(t, owner.membershipId), { role: 'OWNER', status: 'ACTIVE', organization_id: org.id, user_id: owner.id });

      const second = await join(org.id, 'OWNER');
      const third = await join(org.id, 'OWNER');
      const demoted = await patch(org.slug, third.membershipId, owner.token, { role: 'ADMIN' });
      assert.equal(demoted.status, 200, demoted.text);
      assert.equal(demoted.json.role, 'ADMIN');
      const left = await t.request('POST', `/api/v1/orgs/${org.slug}/leave`, { token: second.token });
      assert.equal(left.status, 200, left.text);
      // Now `owner` is the last one again.
      assertProblem(await t.request('POST', `/api/v1/orgs/${org.slug}/leave`, { token: owner.token }), 409, 'last_owner');
    });

    test('a suspended co-owner does not count: the only ACTIVE owner still cannot leave', async () => {
      const { org, owner } = await organization('Suspended Co Owner');
      await join(org.id, 'OWNER', 'SUSPENDED');
      assertProblem(await t.request('POST', `/api/v1/orgs/${org.slug}/leave`, { token: owner.token }), 409, 'last_owner');
      const [{ n }] = await t.db.query<{ n: number }>(
        `select count(*)::int as n from memberships where organization_id = $1 and role = 'OWNER' and status = 'ACTIVE'`,
        [org.id],
      ) as [{ n: number }];
      assert.equal(Number(n), 1);
    });

    for (let round = 1; round <= 5; round++) {
      test(`race ${round}: two owners demoting each other at once → exactly one 200, the other refused (409 when truly concurrent), one ACTIVE OWNER left`, async () => {
        const { org, owner: a } = await organization(`Race ${round}`);
        const b = await join(org.id, 'OWNER', 'ACTIVE', 'Co Owner');
        const [aDemotesB, bDemotesA] = await concurrently(org.id, () => [
          patch(org.id, b.membershipId, a.token, { role: 'ADMIN' }),
          patch(org.id, a.membershipId, b.token, { role: 'ADMIN' }),
        ]);
        const results = [aDemotesB!, bDemotesA!];
        assert.equal(results.filter((r) => r.status === 200).length, 1, `${aDemotesB!.text} | ${bDemotesA!.text}`);
        const loser = results.find((r) => r.status !== 200)!;
        // Serialised, the loser is already an ADMIN when its request starts, and an ADMIN cannot change an OWNER.
        assertLostRace(loser, { status: 403, code: 'forbidden' });
        const winner = aDemotesB!.status === 200 ? a : b;

        const owners = await t.db.query<{ user_id: string }>(
          `select user_id::text from memberships where organization_id = $1 and role = 'OWNER' and status = 'ACTIVE'`,
          [org.id],
        );
        assert.deepEqual(owners.map((o) => o.user_id), [winner.id], 'the one who demoted the other is the only ACTIVE OWNER');
      });
    }

    test('race: two owners leaving at once → exactly one leaves, the other gets 409 last_owner', async () => {
      const { org, owner: a } = await organization('Race Leave');
      const b = await join(org.id, 'OWNER');
      const results = await concurrently(org.id, () => [a, b].map((p) => t.request('POST', `/api/v1/orgs/${org.id}/leave`, { token: p.token })));
      assert.deepEqual(results.map((r) => r.status).sort(), [200, 409], results.map((r) => r.text).join(' | '));
      assert.equal(results.find((r) => r.status === 409)!.json.code, 'last_owner');
      const stayed = results[0]!.status === 409 ? a : b;
      const owners = await t.db.query<{ user_id: string }>(
        `select user_id::text from memberships where organization_id = $1 and role = 'OWNER' and status = 'ACTIVE'`,
        [org.id],
      );
      assert.deepEqual(owners.map((o) => o.user_id), [stayed.id]);
    });

    test('race: two owners suspending each other at once → exactly one 200, one ACTIVE OWNER left', async () => {
      const { org, owner: a } = await organization('Race Suspend');
      const b = await join(org.id, 'OWNER');
      const [aOnB, bOnA] = (await concurrently(org.id, () => [
        action(org.id, b.membershipId, 'suspend', a.token),
        action(org.id, a.membershipId, 'suspend', b.token),
      ])) as [Res, Res];
      assert.equal([aOnB, bOnA].filter((r) => r.status === 200).length, 1, `${aOnB.text} | ${bOnA.text}`);
      // Serialised, the loser is already suspended when its request starts: no access at all.
      assertLostRace(aOnB.status === 200 ? bOnA : aOnB, { status: 404, code: 'not_found' });
      const owners = await t.db.query<{ user_id: string }>(
        `select user_id::text from memberships where organization_id = $1 and role = 'OWNER' and status = 'ACTIVE'`,
        [org.id],
      );
      assert.deepEqual(owners.map((o) => o.user_id), [aOnB.status === 200 ? a.id : b.id]);
    });
  });

  describe('cross-organization ids and mass assignment', () => {
    test("member ids of organization B under A's path answer 404 exactly like a random uuid, for every verb; B's member is untouched", async () => {
      const a = await organization('Cross A');
      const aMember = await join(a.org.id, 'MEMBER');
      const b = await organization('Cross B');
      const bMember = await join(b.org.id, 'MEMBER');
      const bPending = await join(b.org.id, 'MEMBER', 'PENDING');
      const bSuspended = await join(b.org.id, 'MEMBER', 'SUSPENDED');
      const token = a.owner.token;
      const base = `/api/v1/orgs/${a.org.slug}/members`;

      const calls: [string, string, (id: string) => string, unknown?][] = [
        ['GET', 'get', (id) => `${base}/${id}`],
        ['PATCH', 'patch', (id) => `${base}/${id}`, { role: 'READ_ONLY' }],
        ['DELETE', 'delete', (id) => `${base}/${id}`],
        ['POST', 'suspend', (id) => `${base}/${id}/suspend`],
        ['POST', 'reinstate', (id) => `${base}/${id}/reinstate`],
        ['POST', 'approve', (id) => `${base}/${id}/approve`],
        ['POST', 'reject', (id) => `${base}/${id}/reject`],
      ];
      const foreignTarget: Record<string, string> = {
        get: bMember.membershipId, patch: bMember.membershipId, delete: bMember.membershipId, suspend: bMember.membershipId,
        reinstate: bSuspended.membershipId, approve: bPending.membershipId, reject: bPending.membershipId,
      };
      for (const [method, name, path, body] of calls) {
        const random = await t.request(method, path(randomUUID()), { token, body });
        const foreign = await t.request(method, path(foreignTarget[name]!), { token, body });
        assertProblem(random, 404, 'not_found');
        assert.deepEqual({ status: foreign.status, code: foreign.json?.code }, { status: random.status, code: random.json.code }, `${name}: ${foreign.text}`);
      }
      assert.deepEqual(
        [await membershipById(t, bMember.membershipId), await membershipById(t, bPending.membershipId), await membershipById(t, bSuspended.membershipId)].map(
          (r) => [r.role, r.status],
        ),
        [['MEMBER', 'ACTIVE'], ['MEMBER', 'PENDING'], ['MEMBER', 'SUSPENDED']],
      );

      // Control: the same calls with A's own member reach the member.
      assert.equal((await t.request('GET', `${base}/${aMember.membershipId}`, { token })).status, 200);
      assert.equal((await t.request('PATCH', `${base}/${aMember.membershipId}`, { token, body: { role: 'READ_ONLY' } })).status, 200);
      assert.equal((await t.request('POST', `${base}/${aMember.membershipId}/suspend`, { token })).status, 200);
      // B's own owner reaches B's member through B's path.
      assert.equal((await t.request('GET', `/api/v1/orgs/${b.org.slug}/members/${bMember.membershipId}`, { token: b.owner.token })).status, 200);
    });

    test('PATCH member with status, organizationId or userId → 400 naming the field, and nothing changes; role alone works', async () => {
      const { org, owner } = await organization('Mass Assign');
      const other = await organization('Mass Assign Other');
      const m = await join(org.id, 'MEMBER');
      const stranger = await t.signUp('Stranger');
      const before = await membershipById(t, m.membershipId);
      for (const [field, value] of [
        ['status', 'SUSPENDED'],
        ['organizationId', other.org.id],
        ['userId', stranger.id],
      ] as const) {
        const res = await patch(org.slug, m.membershipId, owner.token, { role: 'ADMIN', [field]: value });
        assertProblem(res, 400, 'validation_failed');
        assert.ok(fieldPaths(res).includes(`body.${field}`), res.text);
        assert.deepEqual(await membershipById(t, m.membershipId), before, `${field} changed nothing`);
      }
      const ok = await patch(org.slug, m.membershipId, owner.token, { role: 'ADMIN' });
      assert.equal(ok.status, 200, ok.text);
      assert.deepEqual(await membershipById(t, m.membershipId), { ...before, role: 'ADMIN' });
    });
  });
});

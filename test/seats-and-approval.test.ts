// Join approval and seat limits (M3), and membership changes taking effect at the next request on
// every session, including the session's active organization (M5). Real HTTP, fresh database.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { addMember, startTestSystem, type TestSystem } from './harness.ts';
import { assertProblem } from './support/problems.ts';

type User = { token: string; id: string; email: string; name: string };
type Ops = { id: string; token: string; email: string };
type Org = { id: string; slug: string; name: string };

const parse = (p: unknown) => (typeof p === 'string' ? JSON.parse(p) : p) as Record<string, any>;

describe('join approval, seats and membership changes', () => {
  let t: TestSystem;
  let ops: Ops;

  before(async () => {
    t = await startTestSystem();
    ops = await t.operator();
  });
  after(() => t.close());

  const orgPath = (org: Org) => `/api/v1/orgs/${org.id}`;
  const memberAction = (org: Org, membershipId: string, action: string, by: { token: string }) =>
    t.request('POST', `${orgPath(org)}/members/${membershipId}/${action}`, { token: by.token });
  const accept = (token: string, by: { token: string }) => t.request('POST', `/api/v1/invitations/${token}/accept`, { token: by.token });

  async function verifiedUser(name = 'Invitee'): Promise<User> {
    const user = await t.signUp(name);
    await t.db.query('update users set email_verified = true where id = $1', [user.id]);
    return user;
  }

  async function latestToken(email: string): Promise<string> {
    const [row] = await t.db.query<{ payload: unknown }>(
      "select payload from notifications where kind = 'invitation' and to_email = $1 order by created_at desc, id desc limit 1",
      [email],
    );
    assert.ok(row, `an invitation message to ${email} is in the outbox`);
    return parse(row.payload).token;
  }

  async function invitationCount(email: string) {
    const [row] = await t.db.query<{ n: number }>("select count(*)::int as n from notifications where kind = 'invitation' and to_email = $1", [email]);
    return Number(row!.n);
  }

  /** Invites the user and returns the invitation id and the token from the outbox. */
  async function invited(org: Org, by: { token: string }, user: User, role = 'MEMBER') {
    const res = await t.request('POST', `${orgPath(org)}/invitations`, { token: by.token, body: { email: user.email, role } });
    assert.equal(res.status, 201, res.text);
    return { id: res.json.id as string, token: await latestToken(user.email) };
  }

  async function setLimit(org: Org, members: number | null) {
    await t.db.query('update organizations set limits = $2::jsonb where id = $1', [org.id, JSON.stringify(members === null ? {} : { members })]);
  }

  async function membershipOf(org: Org, user: User) {
    const [row] = await t.db.query<{ id: string; role: string; status: string }>(
      'select id, role, status from memberships where organization_id = $1 and user_id = $2',
      [org.id, user.id],
    );
    return row ? { id: row.id, role: row.role, status: row.status } : undefined;
  }

  async function seatsTaken(org: Org) {
    const [row] = await t.db.query<{ n: number }>(
      "select count(*)::int as n from memberships where organization_id = $1 and status in ('ACTIVE', 'PENDING', 'SUSPENDED')",
      [org.id],
    );
    return Number(row!.n);
  }

  async function orgWithStaff(name: string) {
    const { org, owner } = await t.activeOrganization(ops, name);
    const admin = await t.signUp(`${name} Admin`);
    const member = await t.signUp(`${name} Member`);
    await addMember(t.db, org.id, admin.id, 'ADMIN');
    await addMember(t.db, org.id, member.id, 'MEMBER');
    return { org, owner, admin, member };
  }

  describe('join approval', () => {
    test('without join approval an accepted invitee is ACTIVE at once', async () => {
      const { org, owner } = await t.activeOrganization(ops, 'Open Door Org');
      const user = await verifiedUser('Walk In');
      const inv = await invited(org, owner, user);
      const res = await accept(inv.token, user);
      assert.equal(res.status, 200, res.text);
      assert.equal(res.json.status, 'ACTIVE');
      assert.equal((await t.request('GET', orgPath(org), { token: user.token })).status, 200);
    });

    test('only an owner or admin turns join approval on (a MEMBER gets 403)', async () => {
      const { org, owner, member } = await orgWithStaff('Approval Setting Org');
      assertProblem(await t.request('PATCH', orgPath(org), { token: member.token, body: { joinApproval: true } }), 403, 'forbidden');
      const got = await t.request('GET', orgPath(org), { token: owner.token });
      assert.equal(got.json.joinApproval, false);
      const res = await t.request('PATCH', orgPath(org), { token: owner.token, body: { joinApproval: true } });
      assert.equal(res.status, 200, res.text);
      assert.equal(res.json.joinApproval, true);
    });

    test('with join approval an accepted invitee is PENDING without access until an ADMIN approves', async () => {
      const { org, owner, admin, member } = await orgWithStaff('Gated Org');
      assert.equal((await t.request('PATCH', orgPath(org), { token: owner.token, body: { joinApproval: true } })).status, 200);
      const user = await verifiedUser('Waiting');
      const inv = await invited(org, admin, user, 'READ_ONLY');
      const res = await accept(inv.token, user);
      assert.equal(res.status, 200, res.text);
      assert.equal(res.json.status, 'PENDING');
      assert.deepEqual(await membershipOf(org, user), { id: res.json.membershipId, role: 'READ_ONLY', status: 'PENDING' });

      // No access while pending: every org route looks like a foreign organization.
      assertProblem(await t.request('GET', orgPath(org), { token: user.token }), 404, 'not_found');
      assertProblem(await t.request('GET', `${orgPath(org)}/members`, { token: user.token }), 404, 'not_found');
      assertProblem(await t.request('GET', `${orgPath(org)}/me`, { token: user.token }), 404, 'not_found');
      assertProblem(await t.request('GET', `/api/v1/orgs/${org.slug}/teams`, { token: user.token }), 404, 'not_found');
      assertProblem(await t.request('PUT', '/api/v1/me/active-organization', { token: user.token, body: { organization: org.id } }), 404, 'not_found');
      // Accepting again does not activate it.
      const again = await accept(inv.token, user);
      assert.equal(again.status, 200);
      assert.equal(again.json.status, 'ALREADY_ACCEPTED');
      assertProblem(await t.request('GET', orgPath(org), { token: user.token }), 404, 'not_found');

      const pending = await t.request('GET', `${orgPath(org)}/members?status=PENDING`, { token: admin.token });
      assert.deepEqual(pending.json.items.map((m: any) => m.id), [res.json.membershipId]);
      assertProblem(await memberAction(org, res.json.membershipId, 'approve', member), 403, 'forbidden');
      assertProblem(await t.request('GET', orgPath(org), { token: user.token }), 404, 'not_found');

      const approved = await memberAction(org, res.json.membershipId, 'approve', admin);
      assert.equal(approved.status, 200, approved.text);
      assert.equal(approved.json.status, 'ACTIVE');
      assert.equal(approved.json.role, 'READ_ONLY');
      const got = await t.request('GET', orgPath(org), { token: user.token });
      assert.equal(got.status, 200, got.text);
      const me = await t.request('GET', `${orgPath(org)}/me`, { token: user.token });
      assert.equal(me.json.role, 'READ_ONLY');
      assertProblem(await memberAction(org, res.json.membershipId, 'approve', admin), 409, 'invalid_transition');
    });

    test('an ADMIN can reject a pending member: REMOVED, still no access, cannot be approved afterwards', async () => {
      const { org, owner, admin, member } = await orgWithStaff('Gated Reject Org');
      assert.equal((await t.request('PATCH', orgPath(org), { token: owner.token, body: { joinApproval: true } })).status, 200);
      const user = await verifiedUser('Turned Away');
      const inv = await invited(org, owner, user);
      const res = await accept(inv.token, user);
      assert.equal(res.json.status, 'PENDING');
      assertProblem(await memberAction(org, res.json.membershipId, 'reject', member), 403, 'forbidden');
      assert.equal((await membershipOf(org, user))!.status, 'PENDING');
      const rejected = await memberAction(org, res.json.membershipId, 'reject', admin);
      assert.equal(rejected.status, 200, rejected.text);
      assert.equal(rejected.json.status, 'REMOVED');
      assertProblem(await t.request('GET', orgPath(org), { token: user.token }), 404, 'not_found');
      assertProblem(await memberAction(org, res.json.membershipId, 'approve', admin), 409, 'invalid_transition');
      assert.equal((await membershipOf(org, user))!.status, 'REMOVED');
    });

    test("a pending member of another organization answers 404 to this organization's approve, like a random id", async () => {
      const a = await t.activeOrganization(ops, 'Approve Iso A');
      const b = await t.activeOrganization(ops, 'Approve Iso B');
      assert.equal((await t.request('PATCH', orgPath(b.org), { token: b.owner.token, body: { joinApproval: true } })).status, 200);
      const user = await verifiedUser('B Pending');
      const inv = await invited(b.org, b.owner, user);
      const res = await accept(inv.token, user);
      assert.equal(res.json.status, 'PENDING');
      const foreign = await memberAction(a.org, res.json.membershipId, 'approve', a.owner);
      const random = await memberAction(a.org, crypto.randomUUID(), 'approve', a.owner);
      assertProblem(foreign, 404, 'not_found');
      assert.equal(foreign.json.detail, random.json.detail);
      assert.equal((await membershipOf(b.org, user))!.status, 'PENDING');
      assert.equal((await memberAction(b.org, res.json.membershipId, 'approve', b.owner)).status, 200, 'control: its own owner can');
    });
  });

  describe('seat limits', () => {
    test('inviting stops at the limit (members + pending invitations): 409 seat_limit_reached; revoking frees a seat', async () => {
      const { org, owner } = await t.activeOrganization(ops, 'Seat Invite Org');
      await setLimit(org, 3);
      const a = await verifiedUser('A');
      const b = await verifiedUser('B');
      const c = await verifiedUser('C');
      await invited(org, owner, a);
      const bInv = await invited(org, owner, b);
      const refused = await t.request('POST', `${orgPath(org)}/invitations`, { token: owner.token, body: { email: c.email } });
      assertProblem(refused, 409, 'seat_limit_reached');
      assert.equal(await invitationCount(c.email), 0, 'no message for the refused invitation');

      // Re-inviting someone already holding a pending seat replaces it, so it fits.
      const reinvite = await t.request('POST', `${orgPath(org)}/invitations`, { token: owner.token, body: { email: a.email } });
      assert.equal(reinvite.status, 201, reinvite.text);

      assert.equal((await t.request('POST', `${orgPath(org)}/invitations/${bInv.id}/revoke`, { token: owner.token })).status, 200);
      const fits = await t.request('POST', `${orgPath(org)}/invitations`, { token: owner.token, body: { email: c.email } });
      assert.equal(fits.status, 201, fits.text);
    });

    test('an expired invitation no longer holds a seat', async () => {
      const { org, owner } = await t.activeOrganization(ops, 'Seat Expired Org');
      await setLimit(org, 2);
      const a = await verifiedUser('A');
      const b = await verifiedUser('B');
      const aInv = await invited(org, owner, a);
      assertProblem(await t.request('POST', `${orgPath(org)}/invitations`, { token: owner.token, body: { email: b.email } }), 409, 'seat_limit_reached');
      await t.db.query("update invitations set expires_at = now() - interval '1 hour' where id = $1", [aInv.id]);
      const res = await t.request('POST', `${orgPath(org)}/invitations`, { token: owner.token, body: { email: b.email } });
      assert.equal(res.status, 201, res.text);
    });

    test('accepting is checked again: a limit lowered after inviting refuses the accept with 409', async () => {
      const { org, owner } = await t.activeOrganization(ops, 'Seat Accept Org');
      const a = await verifiedUser('A');
      const b = await verifiedUser('B');
      const aInv = await invited(org, owner, a);
      const bInv = await invited(org, owner, b);
      await setLimit(org, 1);
      assertProblem(await accept(aInv.token, a), 409, 'seat_limit_reached');
      assert.equal(await membershipOf(org, a), undefined, 'no membership was created');
      assert.equal((await t.request('GET', `/api/v1/invitations/${aInv.token}`)).status, 200, 'the invitation is still pending');

      await setLimit(org, 2);
      const ok = await accept(aInv.token, a);
      assert.equal(ok.status, 200, ok.text);
      assertProblem(await accept(bInv.token, b), 409, 'seat_limit_reached');
      assert.equal(await seatsTaken(org), 2);

      // A removed member frees the seat.
      const removed = await t.request('DELETE', `${orgPath(org)}/members/${ok.json.membershipId}`, { token: owner.token });
      assert.equal(removed.status, 200, removed.text);
      assert.equal((await accept(bInv.token, b)).status, 200);
      assert.equal(await seatsTaken(org), 2);
    });

    test('members awaiting approval occupy a seat', async () => {
      const { org, owner } = await t.activeOrganization(ops, 'Seat Pending Org');
      assert.equal((await t.request('PATCH', orgPath(org), { token: owner.token, body: { joinApproval: true } })).status, 200);
      const a = await verifiedUser('A');
      const b = await verifiedUser('B');
      const aInv = await invited(org, owner, a);
      const bInv = await invited(org, owner, b);
      await setLimit(org, 2);
      const first = await accept(aInv.token, a);
      assert.equal(first.status, 200, first.text);
      assert.equal(first.json.status, 'PENDING');
      assertProblem(await accept(bInv.token, b), 409, 'seat_limit_reached');
      assert.equal(await membershipOf(org, b), undefined);
    });

    test('parallel accepts at the limit never overshoot: limit 3, one owner, five accepts → exactly two succeed', async () => {
      const { org, owner } = await t.activeOrganization(ops, 'Seat Race Org');
      const users = await Promise.all(['R1', 'R2', 'R3', 'R4', 'R5'].map((n) => verifiedUser(n)));
      const invs: { id: string; token: string }[] = [];
      for (const u of users) invs.push(await invited(org, owner, u));
      await setLimit(org, 3);
      const answers = await Promise.all(users.map((u, i) => accept(invs[i]!.token, u)));
      const ok = answers.filter((a) => a.status === 200);
      const refused = answers.filter((a) => a.status !== 200);
      assert.equal(ok.length, 2, answers.map((a) => `${a.status} ${a.json?.code ?? a.json?.status}`).join(', '));
      for (const r of refused) assertProblem(r, 409, 'seat_limit_reached');
      assert.equal(await seatsTaken(org), 3);
      const [all] = await t.db.query<{ n: number }>('select count(*)::int as n from memberships where organization_id = $1', [org.id]);
      assert.equal(Number(all!.n), 3, 'no stray membership rows');
    });
  });

  describe('membership changes take effect at the next request, on every session (M5)', () => {
    /** An ACTIVE org with the given member holding two independent sessions. */
    async function memberWithTwoSessions(name: string) {
      const { org, owner } = await t.activeOrganization(ops, name);
      const user = await t.signUp(`${name} Member`);
      await addMember(t.db, org.id, user.id, 'MEMBER');
      const second = await t.signIn(user.email, 'correct-horse-battery');
      assert.notEqual(second, user.token);
      const membership = (await membershipOf(org, user))!;
      return { org, owner, user, sessions: [user.token, second], membershipId: membership.id };
    }

    test('a removed member loses access on every session at the next request', async () => {
      const { org, owner, sessions, membershipId } = await memberWithTwoSessions('Removal Org');
      for (const token of sessions) assert.equal((await t.request('GET', orgPath(org), { token })).status, 200, 'control: access before');
      const removed = await t.request('DELETE', `${orgPath(org)}/members/${membershipId}`, { token: owner.token });
      assert.equal(removed.status, 200, removed.text);
      assert.equal(removed.json.status, 'REMOVED');
      for (const token of sessions) {
        assertProblem(await t.request('GET', orgPath(org), { token }), 404, 'not_found');
        assertProblem(await t.request('GET', `/api/v1/orgs/${org.slug}/members`, { token }), 404, 'not_found');
        const mine = await t.request('GET', '/api/v1/orgs', { token });
        assert.ok(!mine.json.items.some((o: any) => o.id === org.id), 'the organization left the switcher');
      }
      assert.equal((await t.request('GET', orgPath(org), { token: owner.token })).status, 200, 'the owner keeps access');
    });

    test('a suspended member loses access on every session; reinstated, they get it back', async () => {
      const { org, owner, sessions, membershipId } = await memberWithTwoSessions('Member Suspension Org');
      for (const token of sessions) assert.equal((await t.request('GET', orgPath(org), { token })).status, 200);
      const suspended = await t.request('POST', `${orgPath(org)}/members/${membershipId}/suspend`, { token: owner.token });
      assert.equal(suspended.status, 200, suspended.text);
      assert.equal(suspended.json.status, 'SUSPENDED');
      for (const token of sessions) assertProblem(await t.request('GET', `${orgPath(org)}/me`, { token }), 404, 'not_found');
      const reinstated = await t.request('POST', `${orgPath(org)}/members/${membershipId}/reinstate`, { token: owner.token });
      assert.equal(reinstated.status, 200, reinstated.text);
      for (const token of sessions) assert.equal((await t.request('GET', `${orgPath(org)}/me`, { token })).status, 200);
    });

    test('members of a suspended organization get 403 organization_suspended on every session; reactivated, access returns', async () => {
      const { org, owner, sessions } = await memberWithTwoSessions('Org Suspension Org');
      for (const token of sessions) assert.equal((await t.request('GET', orgPath(org), { token })).status, 200);
      const suspended = await t.request('POST', `/api/v1/admin/organizations/${org.id}/suspend`, { token: ops.token, body: { reason: 'abuse report' } });
      assert.equal(suspended.status, 200, suspended.text);
      for (const token of [...sessions, owner.token]) {
        assertProblem(await t.request('GET', orgPath(org), { token }), 403, 'organization_suspended');
        assertProblem(await t.request('GET', `${orgPath(org)}/teams`, { token }), 403, 'organization_suspended');
      }
      const stranger = await t.signUp('Stranger');
      assertProblem(await t.request('GET', orgPath(org), { token: stranger.token }), 404, 'not_found');
      const reactivated = await t.request('POST', `/api/v1/admin/organizations/${org.id}/reactivate`, { token: ops.token });
      assert.equal(reactivated.status, 200, reactivated.text);
      for (const token of sessions) assert.equal((await t.request('GET', orgPath(org), { token })).status, 200);
    });

    const activeOf = (token: string) => t.request('GET', '/api/v1/me/active-organization', { token });
    const setActive = (token: string, organization: string | null) =>
      t.request('PUT', '/api/v1/me/active-organization', { token, body: { organization } });

    async function storedActive(userId: string) {
      const rows = await t.db.query<{ active_organization_id: string | null }>(
        'select active_organization_id from sessions where user_id = $1 order by created_at, id',
        [userId],
      );
      return rows.map((r) => r.active_organization_id);
    }

    for (const [label, change] of [
      ['removed', async (org: Org, owner: User, membershipId: string) => t.request('DELETE', `${orgPath(org)}/members/${membershipId}`, { token: owner.token })],
      ['suspended', async (org: Org, owner: User, membershipId: string) => memberAction(org, membershipId, 'suspend', owner)],
      [
        'in a suspended organization',
        async (org: Org) => t.request('POST', `/api/v1/admin/organizations/${org.id}/suspend`, { token: ops.token, body: { reason: 'review' } }),
      ],
    ] as const) {
      test(`the active organization of every session is cleared once the member is ${label}`, async () => {
        const { org, owner, user, sessions, membershipId } = await memberWithTwoSessions(`Active Clear ${label}`);
        const bystander = await t.signUp('Bystander');
        await addMember(t.db, org.id, bystander.id, 'MEMBER');
        for (const token of [...sessions, bystander.token]) {
          const put = await setActive(token, org.slug);
          assert.equal(put.status, 200, put.text);
          assert.equal(put.json.organization.id, org.id);
        }
        assert.deepEqual(await storedActive(user.id), [org.id, org.id]);
        for (const token of sessions) assert.equal((await activeOf(token)).json.organization.id, org.id, 'control: set before the change');

        const changed = await change(org, owner, membershipId);
        assert.equal(changed.status, 200, changed.text);
        for (const token of sessions) {
          const got = await activeOf(token);
          assert.equal(got.status, 200, got.text);
          assert.deepEqual(got.json, { organization: null });
        }
        assert.deepEqual(await storedActive(user.id), [null, null], 'cleared on the sessions themselves');
        assert.notEqual((await setActive(sessions[0]!, org.id)).status, 200, 'cannot be set again');
        if (label !== 'in a suspended organization') {
          const kept = await activeOf(bystander.token);
          assert.equal(kept.json.organization?.id, org.id, "control: an unaffected member's active organization stays");
        }
      });
    }
  });
});

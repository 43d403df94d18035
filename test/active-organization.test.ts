// The session's active organization (M5): set by id or slug with the same checks as a tenant request,
// re-validated on every read, cleared from the session when the organization stops being usable; and
// suspension (T3) taking effect at the member's very next request.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { addMember, startTestSystem, type TestSystem } from './harness.ts';
import { assertProblem } from './support/problems.ts';


async function storedActive(t: TestSystem, userId: string): Promise<(string | null)[]> {
  const rows = await t.db.query<{ active_organization_id: string | null }>(
    'select active_organization_id from sessions where user_id = $1 order by created_at, id',
    [userId],
  );
  return rows.map((r) => r.active_organization_id);
}

describe('active organization', () => {
  let t: TestSystem;
  let ops: { token: string };
  before(async () => {
    t = await startTestSystem();
    ops = await t.operator();
  });
  after(() => t.close());

  const setActive = (token: string, organization: string | null) =>
    t.request('PUT', '/api/v1/me/active-organization', { token, body: { organization } });
  const getActive = (token: string) => t.request('GET', '/api/v1/me/active-organization', { token });

  test('a new session has no active organization', async () => {
    const user = await t.signUp('Fresh');
    const res = await getActive(user.token);
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.json, { organization: null });
  });

  test('PUT by slug sets it (id, slug, role); GET returns it; it is stored on the session', async () => {
    const { org, owner } = await t.activeOrganization(ops, 'Switch Org');
    const put = await setActive(owner.token, org.slug);
    assert.equal(put.status, 200, put.text);
    assert.deepEqual(put.json, { organization: { id: org.id, slug: org.slug, role: 'OWNER' } });
    const got = await getActive(owner.token);
    assert.equal(got.status, 200, got.text);
    assert.deepEqual(got.json, { organization: { id: org.id, slug: org.slug, role: 'OWNER' } });
    assert.deepEqual(await storedActive(t, owner.id), [org.id]);
  });

  test('PUT by id works and reports the caller\'s own role', async () => {
    const { org } = await t.activeOrganization(ops, 'Switch By Id Org');
    const reader = await t.signUp('Reader');
    await addMember(t.db, org.id, reader.id, 'READ_ONLY');
    const put = await setActive(reader.token, org.id);
    assert.equal(put.status, 200, put.text);
    assert.deepEqual(put.json.organization, { id: org.id, slug: org.slug, role: 'READ_ONLY' });
  });

  test('switching between two organizations replaces the active one', async () => {
    const { org: a, owner } = await t.activeOrganization(ops, 'Switch A');
    const { org: b } = await t.activeOrganization(ops, 'Switch B');
    await addMember(t.db, b.id, owner.id, 'MEMBER');
    assert.equal((await setActive(owner.token, a.slug)).status, 200);
    const toB = await setActive(owner.token, b.slug);
    assert.equal(toB.status, 200, toB.text);
    assert.deepEqual((await getActive(owner.token)).json.organization, { id: b.id, slug: b.slug, role: 'MEMBER' });
  });

  test('the active organization belongs to one session: another session of the same user is unaffected', async () => {
    const { org, owner } = await t.activeOrganization(ops, 'Per Session Org');
    const second = await t.signIn(owner.email, 'correct-horse-battery');
    assert.equal((await setActive(owner.token, org.slug)).status, 200);
    assert.deepEqual((await getActive(second)).json, { organization: null });
    assert.equal((await getActive(owner.token)).json.organization.id, org.id);
  });

  test('a pending organization cannot be made active (403 organization_pending); after approval it can', async () => {
    const owner = await t.signUp('Pending Switcher');
    const created = await t.request('POST', '/api/v1/orgs', { token: owner.token, body: { name: 'Pending Switch Org' } });
    assert.equal(created.status, 201, created.text);
    assertProblem(await setActive(owner.token, created.json.slug), 403, 'organization_pending');
    assert.deepEqual(await storedActive(t, owner.id), [null]);
    assert.deepEqual((await getActive(owner.token)).json, { organization: null });
    const approved = await t.request('POST', `/api/v1/admin/organizations/${created.json.id}/approve`, { token: ops.token });
    assert.equal(approved.status, 200, approved.text);
    assert.equal((await setActive(owner.token, created.json.slug)).status, 200);
  });

  test("a non-member's organization answers 404, like an unknown one, and nothing is stored", async () => {
    const { org } = await t.activeOrganization(ops, 'Not Yours Org');
    const stranger = await t.signUp('Stranger');
    const foreign = await setActive(stranger.token, org.slug);
    assertProblem(foreign, 404, 'not_found');
    const unknown = await setActive(stranger.token, 'no-such-organization');
    assertProblem(unknown, 404, 'not_found');
    assert.equal(foreign.json.detail, unknown.json.detail);
    assertProblem(await setActive(stranger.token, org.id), 404, 'not_found');
    assert.deepEqual(await storedActive(t, stranger.id), [null]);
  });

  test('a suspended membership cannot be made active (404); the same membership when ACTIVE can', async () => {
    const { org } = await t.activeOrganization(ops, 'Suspended Member Switch');
    const user = await t.signUp('Suspended Switcher');
    await addMember(t.db, org.id, user.id, 'MEMBER', 'SUSPENDED');
    assertProblem(await setActive(user.token, org.slug), 404, 'not_found');
    await t.db.query(`update memberships set status = 'ACTIVE' where organization_id = $1 and user_id = $2`, [org.id, user.id]);
    assert.equal((await setActive(user.token, org.slug)).status, 200);
  });

  test('null clears the active organization', async () => {
    const { org, owner } = await t.activeOrganization(ops, 'Clear Org');
    assert.equal((await setActive(owner.token, org.slug)).status, 200);
    const cleared = await setActive(owner.token, null);
    assert.equal(cleared.status, 200, cleared.text);
    assert.deepEqual(cleared.json, { organization: null });
    assert.deepEqual((await getActive(owner.token)).json, { organization: null });
    assert.deepEqual(await storedActive(t, owner.id), [null]);
  });

  test('bad bodies are refused: missing field, unknown field, wrong type', async () => {
    const { org, owner } = await t.activeOrganization(ops, 'Bad Body Org');
    assertProblem(await t.request('PUT', '/api/v1/me/active-organization', { token: owner.token, body: {} }), 400, 'validation_failed');
    assertProblem(
      await t.request('PUT', '/api/v1/me/active-organization', { token: owner.token, body: { organization: org.slug, organizationId: org.id } }),
      400,
      'validation_failed',
    );
    assertProblem(await t.request('PUT', '/api/v1/me/active-organization', { token: owner.token, body: { organization: 42 } }), 400, 'validation_failed');
    assert.deepEqual(await storedActive(t, owner.id), [null]);
  });

  test('without a session the active organization is 401', async () => {
    assertProblem(await t.request('GET', '/api/v1/me/active-organization'), 401, 'unauthenticated');
    assertProblem(await t.request('PUT', '/api/v1/me/active-organization', { body: { organization: null } }), 401, 'unauthenticated');
  });

  describe('suspension', () => {
    test('after an operator suspends the organization, GET returns null and the session column is cleared', async () => {
      const { org, owner } = await t.activeOrganization(ops, 'Suspend Active Org');
      assert.equal((await setActive(owner.token, org.slug)).status, 200);
      assert.deepEqual(await storedActive(t, owner.id), [org.id]);
      // Control: while ACTIVE, reading it keeps it.
      assert.equal((await getActive(owner.token)).json.organization.id, org.id);
      assert.deepEqual(await storedActive(t, owner.id), [org.id]);

      const suspended = await t.request('POST', `/api/v1/admin/organizations/${org.id}/suspend`, {
        token: ops.token,
        body: { reason: 'unpaid invoices' },
      });
      assert.equal(suspended.status, 200, suspended.text);
      assert.equal(suspended.json.status, 'SUSPENDED');

      const got = await getActive(owner.token);
      assert.equal(got.status, 200, got.text);
      assert.deepEqual(got.json, { organization: null });
      assert.deepEqual(await storedActive(t, owner.id), [null]);
      // And it cannot be set again while suspended.
      assertProblem(await setActive(owner.token, org.slug), 403, 'organization_suspended');
    });

    test("a member's next request after suspension is 403 organization_suspended; reactivation restores access", async () => {
      const { org, owner } = await t.activeOrganization(ops, 'Suspend Access Org');
      const member = await t.signUp('Suspended Org Member');
      await addMember(t.db, org.id, member.id, 'MEMBER');
      for (const who of [owner, member]) {
        assert.equal((await t.request('GET', `/api/v1/orgs/${org.id}`, { token: who.token })).status, 200);
        assert.equal((await t.request('GET', `/api/v1/orgs/${org.slug}/members`, { token: who.token })).status, 200);
      }

      const suspended = await t.request('POST', `/api/v1/admin/organizations/${org.id}/suspend`, {
        token: ops.token,
        body: { reason: 'terms of service' },
      });
      assert.equal(suspended.status, 200, suspended.text);
      for (const who of [owner, member]) {
        assertProblem(await t.request('GET', `/api/v1/orgs/${org.id}`, { token: who.token }), 403, 'organization_suspended');
        assertProblem(await t.request('GET', `/api/v1/orgs/${org.slug}/members`, { token: who.token }), 403, 'organization_suspended');
      }
      assertProblem(
        await t.request('PATCH', `/api/v1/orgs/${org.id}`, { token: owner.token, body: { name: 'Renamed While Suspended' } }),
        403,
        'organization_suspended',
      );
      const [row] = await t.db.query<{ name: string; status: string }>('select name, status from organizations where id = $1', [org.id]);
      assert.deepEqual({ ...row }, { name: 'Suspend Access Org', status: 'SUSPENDED' }, 'data kept, nothing changed');
      // The owner still sees it in their list, with its status, so the console can explain.
      const mine = await t.request('GET', '/api/v1/orgs', { token: owner.token });
      const entry = mine.json.items.find((o: any) => o.id === org.id);
      assert.equal(entry.status, 'SUSPENDED');
      assert.equal(entry.statusReason, 'terms of service');
      // A non-member still sees nothing at all (404, not the suspension).
      const stranger = await t.signUp('Suspension Stranger');
      assertProblem(await t.request('GET', `/api/v1/orgs/${org.id}`, { token: stranger.token }), 404, 'not_found');

      const reactivated = await t.request('POST', `/api/v1/admin/organizations/${org.id}/reactivate`, { token: ops.token });
      assert.equal(reactivated.status, 200, reactivated.text);
      assert.equal(reactivated.json.status, 'ACTIVE');
      for (const who of [owner, member]) {
        const res = await t.request('GET', `/api/v1/orgs/${org.id}`, { token: who.token });
        assert.equal(res.status, 200, res.text);
        assert.equal(res.json.status, 'ACTIVE');
      }
      assert.equal((await setActive(member.token, org.slug)).json.organization.role, 'MEMBER', 'the role survived');
    });

    test('suspension clears the active organization of every member session, not only the caller\'s', async () => {
      const { org, owner } = await t.activeOrganization(ops, 'Suspend Many Org');
      const member = await t.signUp('Many Member');
      await addMember(t.db, org.id, member.id, 'ADMIN');
      assert.equal((await setActive(owner.token, org.slug)).status, 200);
      assert.equal((await setActive(member.token, org.slug)).status, 200);
      const res = await t.request('POST', `/api/v1/admin/organizations/${org.id}/suspend`, { token: ops.token, body: { reason: 'audit' } });
      assert.equal(res.status, 200, res.text);
      // Each session reads null at its next request (re-validated), whatever the stored column says.
      assert.deepEqual((await getActive(member.token)).json, { organization: null });
      assert.deepEqual((await getActive(owner.token)).json, { organization: null });
      assert.deepEqual(await storedActive(t, member.id), [null]);
      assert.deepEqual(await storedActive(t, owner.id), [null]);
    });
  });
});

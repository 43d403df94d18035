// Ownership transfer with acceptance (M2) over real HTTP: an OWNER offers to an ACTIVE member, only the
// recipient accepts or declines, roles swap atomically on acceptance, owners cancel; one pending offer per
// organization; offers of another organization are indistinguishable from nonexistent ones.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { addMember, startTestSystem, type TestSystem } from './harness.ts';
import { assertProblem, fieldPaths } from './support/problems.ts';

type Person = { token: string; id: string; email: string; name: string; membershipId: string };

describe('ownership transfer', () => {
  let t: TestSystem;
  let ops: { token: string };
  before(async () => {
    t = await startTestSystem();
    ops = await t.operator();
  });
  after(() => t.close());

  async function membershipId(orgId: string, userId: string): Promise<string> {
    const [row] = await t.db.query<{ id: string }>('select id::text from memberships where organization_id = $1 and user_id = $2', [orgId, userId]);
    assert.ok(row);
    return row.id;
  }

  async function join(orgId: string, role = 'MEMBER', status = 'ACTIVE', name = 'Member'): Promise<Person> {
    const user = await t.signUp(name);
    await addMember(t.db, orgId, user.id, role, status);
    return { ...user, membershipId: await membershipId(orgId, user.id) };
  }

  async function organization(name: string) {
    const { org, owner } = await t.activeOrganization(ops, `${name} ${t.unique('o').slice(-6)}`);
    return { org, owner: { ...owner, membershipId: await membershipId(org.id, owner.id) } as Person };
  }

  /** Both memberships' roles, read in one query (one snapshot). */
  async function rolesOf(...ids: string[]): Promise<Record<string, string>> {
    const rows = await t.db.query<{ id: string; role: string; status: string }>(
      'select id::text, role, status from memberships where id = any($1::uuid[])',
      [ids],
    );
    return Object.fromEntries(rows.map((r) => [r.id, `${r.role}/${r.status}`]));
  }

  async function transferStatus(id: string): Promise<string | undefined> {
    const [row] = await t.db.query<{ status: string }>('select status from ownership_transfers where id = $1', [id]);
    return row?.status;
  }

  async function transferCount(orgId: string): Promise<number> {
    const [row] = await t.db.query<{ n: number }>('select count(*)::int as n from ownership_transfers where organization_id = $1', [orgId]);
    return Number(row!.n);
  }

  const offer = (org: string, token: string, body: unknown) => t.request('POST', `/api/v1/orgs/${org}/ownership-transfers`, { token, body });
  const answer = (org: string, transferId: string, verb: 'accept' | 'decline' | 'cancel', token: string) =>
    t.request('POST', `/api/v1/orgs/${org}/ownership-transfers/${transferId}/${verb}`, { token });

  test('an OWNER offers to an ACTIVE member → 201 PENDING; a second offer while one is pending → 409; after cancelling, a new offer works', async () => {
    const { org, owner } = await organization('Offer');
    const m1 = await join(org.id);
    const m2 = await join(org.id);
    const first = await offer(org.slug, owner.token, { toMembershipId: m1.membershipId });
    assert.equal(first.status, 201, first.text);
    assert.equal(first.json.status, 'PENDING');
    assert.equal(first.json.fromMembershipId, owner.membershipId);
    assert.equal(first.json.toMembershipId, m1.membershipId);
    assert.equal(first.json.respondedAt, null);
    assert.equal(await transferStatus(first.json.id), 'PENDING');

    assertProblem(await offer(org.slug, owner.token, { toMembershipId: m2.membershipId }), 409, 'conflict');
    assertProblem(await offer(org.slug, owner.token, { toMembershipId: m1.membershipId }), 409, 'conflict');
    assert.equal(await transferCount(org.id), 1);

    const cancelled = await answer(org.slug, first.json.id, 'cancel', owner.token);
    assert.equal(cancelled.status, 200, cancelled.text);
    assert.equal(cancelled.json.status, 'CANCELLED');
    const again = await offer(org.slug, owner.token, { toMembershipId: m2.membershipId });
    assert.equal(again.status, 201, again.text);
  });

  test('a non-owner (ADMIN) offering → 403 and nothing stored; the OWNER offering the same → 201', async () => {
    const { org, owner } = await organization('Offer Rights');
    const admin = await join(org.id, 'ADMIN');
    const m = await join(org.id);
    assertProblem(await offer(org.slug, admin.token, { toMembershipId: m.membershipId }), 403, 'forbidden');
    assertProblem(await offer(org.slug, m.token, { toMembershipId: admin.membershipId }), 403, 'forbidden');
    assert.equal(await transferCount(org.id), 0);
    const ok = await offer(org.slug, owner.token, { toMembershipId: m.membershipId });
    assert.equal(ok.status, 201, ok.text);
  });

  test('offering to yourself → 400 naming toMembershipId; offering to a suspended member → 409; to an unknown id → 404', async () => {
    const { org, owner } = await organization('Offer Self');
    const suspended = await join(org.id, 'MEMBER', 'SUSPENDED');
    const self = await offer(org.slug, owner.token, { toMembershipId: owner.membershipId });
    assertProblem(self, 400, 'validation_failed');
    assert.ok(fieldPaths(self).includes('body.toMembershipId'), self.text);
    assertProblem(await offer(org.slug, owner.token, { toMembershipId: suspended.membershipId }), 409, 'invalid_transition');
    assertProblem(await offer(org.slug, owner.token, { toMembershipId: randomUUID() }), 404, 'not_found');
    assertProblem(await offer(org.slug, owner.token, { toMembershipId: 'nope' }), 400, 'validation_failed');
    assert.equal(await transferCount(org.id), 0);
    // Control: an ACTIVE member can receive one.
    const m = await join(org.id);
    assert.equal((await offer(org.slug, owner.token, { toMembershipId: m.membershipId })).status, 201);
  });

  test('offer bodies with organizationId or fromMembershipId → 400 naming the field, nothing stored', async () => {
    const { org, owner } = await organization('Offer Mass');
    const other = await organization('Offer Mass Other');
    const m = await join(org.id);
    const coOwner = await join(org.id, 'OWNER');
    for (const [field, value] of [['organizationId', other.org.id], ['fromMembershipId', coOwner.membershipId], ['status', 'ACCEPTED']] as const) {
      const res = await offer(org.slug, owner.token, { toMembershipId: m.membershipId, [field]: value });
      assertProblem(res, 400, 'validation_failed');
      assert.ok(fieldPaths(res).includes(`body.${field}`), res.text);
    }
    assert.equal(await transferCount(org.id), 0);
    assert.equal(await transferCount(other.org.id), 0);
  });

  test('only the recipient can accept: another member and the offering owner get 404 like a random id; accepting swaps roles atomically', async () => {
    const { org, owner } = await organization('Accept');
    const recipient = await join(org.id, 'MEMBER', 'ACTIVE', 'Heir');
    const bystander = await join(org.id, 'ADMIN', 'ACTIVE', 'Bystander');
    const offered = await offer(org.slug, owner.token, { toMembershipId: recipient.membershipId });
    assert.equal(offered.status, 201, offered.text);
    const id = offered.json.id;

    const random = await answer(org.slug, randomUUID(), 'accept', bystander.token);
    assertProblem(random, 404, 'not_found');
    for (const who of [bystander, owner]) {
      for (const verb of ['accept', 'decline'] as const) {
        const res = await answer(org.slug, id, verb, who.token);
        assert.deepEqual({ status: res.status, code: res.json?.code }, { status: 404, code: 'not_found' }, `${verb}: ${res.text}`);
      }
    }
    assert.equal(await transferStatus(id), 'PENDING');
    assert.deepEqual(await rolesOf(owner.membershipId, recipient.membershipId), {
      [owner.membershipId]: 'OWNER/ACTIVE',
      [recipient.membershipId]: 'MEMBER/ACTIVE',
    });

    const accepted = await answer(org.slug, id, 'accept', recipient.token);
    assert.equal(accepted.status, 200, accepted.text);
    assert.equal(accepted.json.status, 'ACCEPTED');
    assert.ok(accepted.json.respondedAt);
    assert.deepEqual(await rolesOf(owner.membershipId, recipient.membershipId), {
      [owner.membershipId]: 'ADMIN/ACTIVE',
      [recipient.membershipId]: 'OWNER/ACTIVE',
    });
    const [{ n }] = (await t.db.query<{ n: number }>(
      `select count(*)::int as n from memberships where organization_id = $1 and role = 'OWNER' and status = 'ACTIVE'`,
      [org.id],
    )) as [{ n: number }];
    assert.equal(Number(n), 1, 'exactly one owner after the swap');

    // The new roles apply at the next request.
    assert.equal((await t.request('GET', `/api/v1/orgs/${org.slug}/me`, { token: recipient.token })).json.role, 'OWNER');
    assert.equal((await t.request('GET', `/api/v1/orgs/${org.slug}/me`, { token: owner.token })).json.role, 'ADMIN');
    assertProblem(await offer(org.slug, owner.token, { toMembershipId: bystander.membershipId }), 403, 'forbidden');
    // Single use.
    assertProblem(await answer(org.slug, id, 'accept', recipient.token), 404, 'not_found');
  });

  test('the recipient declines → DECLINED and roles unchanged; then a new offer can be made', async () => {
    const { org, owner } = await organization('Decline');
    const recipient = await join(org.id);
    const offered = await offer(org.slug, owner.token, { toMembershipId: recipient.membershipId });
    const declined = await answer(org.slug, offered.json.id, 'decline', recipient.token);
    assert.equal(declined.status, 200, declined.text);
    assert.equal(declined.json.status, 'DECLINED');
    assert.deepEqual(await rolesOf(owner.membershipId, recipient.membershipId), {
      [owner.membershipId]: 'OWNER/ACTIVE',
      [recipient.membershipId]: 'MEMBER/ACTIVE',
    });
    assertProblem(await answer(org.slug, offered.json.id, 'accept', recipient.token), 404, 'not_found');
    assert.equal((await offer(org.slug, owner.token, { toMembershipId: recipient.membershipId })).status, 201);
  });

  test('an owner cancels (200 CANCELLED) and the recipient can no longer accept; the recipient cannot cancel (404)', async () => {
    const { org, owner } = await organization('Cancel');
    const recipient = await join(org.id);
    const offered = await offer(org.slug, owner.token, { toMembershipId: recipient.membershipId });
    assertProblem(await answer(org.slug, offered.json.id, 'cancel', recipient.token), 404, 'not_found');
    assert.equal(await transferStatus(offered.json.id), 'PENDING');
    const cancelled = await answer(org.slug, offered.json.id, 'cancel', owner.token);
    assert.equal(cancelled.status, 200, cancelled.text);
    assert.equal(cancelled.json.status, 'CANCELLED');
    assertProblem(await answer(org.slug, offered.json.id, 'accept', recipient.token), 404, 'not_found');
    assert.equal((await rolesOf(recipient.membershipId))[recipient.membershipId], 'MEMBER/ACTIVE');
  });

  test('an offer whose owner was demoted meanwhile can no longer be accepted (409); roles unchanged', async () => {
    const { org, owner } = await organization('Stale Offer');
    const coOwner = await join(org.id, 'OWNER');
    const recipient = await join(org.id);
    const offered = await offer(org.slug, owner.token, { toMembershipId: recipient.membershipId });
    assert.equal(offered.status, 201, offered.text);
    assert.equal((await t.request('PATCH', `/api/v1/orgs/${org.slug}/members/${owner.membershipId}`, { token: coOwner.token, body: { role: 'ADMIN' } })).status, 200);
    assertProblem(await answer(org.slug, offered.json.id, 'accept', recipient.token), 409, 'invalid_transition');
    assert.deepEqual(await rolesOf(owner.membershipId, recipient.membershipId, coOwner.membershipId), {
      [owner.membershipId]: 'ADMIN/ACTIVE',
      [recipient.membershipId]: 'MEMBER/ACTIVE',
      [coOwner.membershipId]: 'OWNER/ACTIVE',
    });
  });

  test('removing the recipient cancels the pending offer', async () => {
    const { org, owner } = await organization('Remove Recipient');
    const recipient = await join(org.id);
    const offered = await offer(org.slug, owner.token, { toMembershipId: recipient.membershipId });
    assert.equal((await t.request('DELETE', `/api/v1/orgs/${org.slug}/members/${recipient.membershipId}`, { token: owner.token })).status, 200);
    assert.equal(await transferStatus(offered.json.id), 'CANCELLED');
  });

  test('listing: owners see every offer, the recipient sees theirs, other members see none', async () => {
    const { org, owner } = await organization('List Offers');
    const recipient = await join(org.id);
    const other = await join(org.id, 'ADMIN');
    const offered = await offer(org.slug, owner.token, { toMembershipId: recipient.membershipId });
    const list = (token: string) => t.request('GET', `/api/v1/orgs/${org.slug}/ownership-transfers`, { token });
    assert.deepEqual((await list(owner.token)).json.items.map((x: any) => x.id), [offered.json.id]);
    assert.deepEqual((await list(recipient.token)).json.items.map((x: any) => x.id), [offered.json.id]);
    const others = await list(other.token);
    assert.equal(others.status, 200, others.text);
    assert.deepEqual(others.json.items, []);
  });

  test("transfer and member ids of organization B under A's path answer 404 exactly like a random uuid", async () => {
    const a = await organization('Transfer A');
    const b = await organization('Transfer B');
    // X is a member of both; B's owner offers B's ownership to X.
    const x = await join(b.org.id, 'MEMBER', 'ACTIVE', 'Both');
    await addMember(t.db, a.org.id, x.id, 'MEMBER', 'ACTIVE');
    const bOffer = await offer(b.org.slug, b.owner.token, { toMembershipId: x.membershipId });
    assert.equal(bOffer.status, 201, bOffer.text);
    const bId = bOffer.json.id;

    const probes: [('accept' | 'decline' | 'cancel'), string][] = [
      ['accept', x.token],
      ['decline', x.token],
      ['cancel', a.owner.token],
    ];
    for (const [verb, token] of probes) {
      const random = await answer(a.org.slug, randomUUID(), verb, token);
      const foreign = await answer(a.org.slug, bId, verb, token);
      assertProblem(random, 404, 'not_found');
      assert.deepEqual({ status: foreign.status, code: foreign.json?.code }, { status: random.status, code: random.json.code }, `${verb}: ${foreign.text}`);
    }
    assert.equal(await transferStatus(bId), 'PENDING');

    // Offering A's ownership to B's membership id is a 404 like a random id, and stores nothing.
    const randomTarget = await offer(a.org.slug, a.owner.token, { toMembershipId: randomUUID() });
    const foreignTarget = await offer(a.org.slug, a.owner.token, { toMembershipId: b.owner.membershipId });
    assertProblem(randomTarget, 404, 'not_found');
    assert.deepEqual({ status: foreignTarget.status, code: foreignTarget.json?.code }, { status: 404, code: 'not_found' });
    assert.equal(await transferCount(a.org.id), 0);
    // A's list does not show B's offer.
    assert.deepEqual((await t.request('GET', `/api/v1/orgs/${a.org.slug}/ownership-transfers`, { token: a.owner.token })).json.items, []);

    // Control: X accepts B's offer through B's path.
    const accepted = await answer(b.org.slug, bId, 'accept', x.token);
    assert.equal(accepted.status, 200, accepted.text);
    assert.deepEqual(await rolesOf(x.membershipId, b.owner.membershipId, await membershipId(a.org.id, x.id)), {
      [x.membershipId]: 'OWNER/ACTIVE',
      [b.owner.membershipId]: 'ADMIN/ACTIVE',
      [await membershipId(a.org.id, x.id)]: 'MEMBER/ACTIVE',
    });
  });
});

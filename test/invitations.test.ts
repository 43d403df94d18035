// Invitations (M3) over real HTTP: create, list by status, resend, revoke, re-invite, token strength
// and storage, who may invite with which role, the public lookup (every dead token looks the same),
// and accept/reject by the signed-in user whose verified email was invited — including races and
// organizations that are suspended or deleted. Tokens are read from the notification outbox only.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { addMember, startTestSystem, type TestSystem } from './harness.ts';
import { assertProblem } from './support/problems.ts';

type Res = { status: number; headers: Headers; json: any; text: string };
type User = { token: string; id: string; email: string; name: string };
type Ops = { id: string; token: string; email: string };
type Org = { id: string; slug: string; name: string };

/** A problem body without its per-request id, for "answers identically" comparisons. */
function sansRequestId(res: Res) {
  const { requestId: _id, ...rest } = res.json ?? {};
  return { status: res.status, contentType: res.headers.get('content-type'), body: rest };
}

const parse = (p: unknown) => (typeof p === 'string' ? JSON.parse(p) : p) as Record<string, any>;

describe('invitations', () => {
  let t: TestSystem;
  let ops: Ops;

  before(async () => {
    t = await startTestSystem();
    ops = await t.operator();
  });
  after(() => t.close());

  const invitationsPath = (org: Org) => `/api/v1/orgs/${org.id}/invitations`;
  const invite = (org: Org, by: { token: string }, body: Record<string, unknown>) =>
    t.request('POST', invitationsPath(org), { token: by.token, body });
  const lookup = (token: string, auth?: { token: string }) =>
    t.request('GET', `/api/v1/invitations/${token}`, auth ? { token: auth.token } : {});
  const accept = (token: string, by?: { token: string }) =>
    t.request('POST', `/api/v1/invitations/${token}/accept`, by ? { token: by.token } : {});
  const reject = (token: string, by?: { token: string }) =>
    t.request('POST', `/api/v1/invitations/${token}/reject`, by ? { token: by.token } : {});

  /** The newest invitation message to `email` in the outbox: its token and link. */
  async function latestInvitation(email: string): Promise<{ token: string; url: string; invitationId: string }> {
    const [row] = await t.db.query<{ payload: unknown }>(
      "select payload from notifications where kind = 'invitation' and to_email = $1 order by created_at desc, id desc limit 1",
      [email],
    );
    assert.ok(row, `an invitation message to ${email} is in the outbox`);
    const payload = parse(row.payload);
    assert.equal(typeof payload.token, 'string');
    return { token: payload.token, url: payload.url, invitationId: payload.invitationId };
  }

  async function invitationMessages(email: string) {
    const rows = await t.db.query<{ to_email: string; subject: string; body_text: string; payload: unknown; about_organization_id: string }>(
      "select to_email, subject, body_text, payload, about_organization_id from notifications where kind = 'invitation' and to_email = $1 order by created_at, id",
      [email],
    );
    return rows.map((r) => ({ ...r, payload: parse(r.payload) }));
  }

  async function verify(user: User) {
    await t.db.query('update users set email_verified = true where id = $1', [user.id]);
  }

  /** A signed-up user whose email is verified. */
  async function verifiedUser(name = 'Invitee') {
    const user = await t.signUp(name);
    await verify(user);
    return user;
  }

  async function memberships(orgId: string, userId: string) {
    const rows = await t.db.query<{ id: string; role: string; status: string }>(
      'select id, role, status from memberships where organization_id = $1 and user_id = $2',
      [orgId, userId],
    );
    return rows.map((r) => ({ id: r.id, role: r.role, status: r.status }));
  }

  async function invitationRow(id: string) {
    const [row] = await t.db.query<Record<string, unknown>>('select * from invitations where id = $1', [id]);
    assert.ok(row, 'invitation row exists');
    return row;
  }

  async function expire(invitationId: string) {
    await t.db.query("update invitations set expires_at = now() - interval '1 hour' where id = $1", [invitationId]);
  }

  /** An ACTIVE organization with an OWNER, an ADMIN and a MEMBER. */
  async function orgWithStaff(name = 'Invite Org') {
    const { org, owner } = await t.activeOrganization(ops, name);
    const admin = await t.signUp(`${name} Admin`);
    const member = await t.signUp(`${name} Member`);
    await addMember(t.db, org.id, admin.id, 'ADMIN');
    await addMember(t.db, org.id, member.id, 'MEMBER');
    return { org, owner, admin, member };
  }

  /** Invites `user` (or a fresh verified user) and returns the invitation and its token. */
  async function invited(org: Org, by: { token: string }, user: User, body: Record<string, unknown> = {}) {
    const res = await invite(org, by, { email: user.email, ...body });
    assert.equal(res.status, 201, res.text);
    const { token } = await latestInvitation(user.email);
    return { invitation: res.json, token };
  }

  describe('creating', () => {
    test('an owner invites by email with role, team, expiry and message: 201 and one invitation message in the outbox', async () => {
      const { org, owner } = await t.activeOrganization(ops, 'Create Invite Org');
      const team = await t.request('POST', `/api/v1/orgs/${org.id}/teams`, { token: owner.token, body: { name: 'Field Crew' } });
      assert.equal(team.status, 201, team.text);
      const email = `${t.unique('newcomer')}@example.com`;
      const before = Date.now();
      const res = await invite(org, owner, { email, role: 'ADMIN', teamId: team.json.id, expiresInDays: 3, message: 'Welcome aboard' });
      const afterTime = Date.now();
      assert.equal(res.status, 201, res.text);
      assert.equal(res.json.email, email);
      assert.equal(res.json.role, 'ADMIN');
      assert.equal(res.json.teamId, team.json.id);
      assert.equal(res.json.message, 'Welcome aboard');
      assert.equal(res.json.status, 'PENDING');
      assert.equal(res.json.invitedBy, owner.id);
      assert.equal(res.json.replacedInvitationId, null);
      const expires = Date.parse(res.json.expiresAt);
      assert.ok(expires >= before + 3 * 86_400_000 - 1000 && expires <= afterTime + 3 * 86_400_000 + 1000, `expires in 3 days: ${res.json.expiresAt}`);

      const messages = await invitationMessages(email);
      assert.equal(messages.length, 1, 'exactly one invitation message');
      const [msg] = messages;
      assert.equal(msg!.about_organization_id, org.id);
      assert.match(msg!.subject, /Create Invite Org/);
      assert.match(msg!.body_text, /Welcome aboard/);
      assert.ok(msg!.body_text.includes(msg!.payload.url), 'the link is in the message body');
      assert.ok(msg!.payload.url.endsWith(`/invitations/${msg!.payload.token}`), msg!.payload.url);
      assert.equal(msg!.payload.invitationId, res.json.id);
      // The token travels only in the message, never in the API answer.
      assert.ok(!res.text.includes(msg!.payload.token), 'the create answer does not contain the token');
    });

    test('the role defaults to MEMBER and the expiry to 7 days; emails are normalised to lower case', async () => {
      const { org, owner } = await t.activeOrganization(ops, 'Default Invite Org');
      const email = `${t.unique('Mixed.Case')}@Example.com`;
      const before = Date.now();
      const res = await invite(org, owner, { email });
      const afterTime = Date.now();
      assert.equal(res.status, 201, res.text);
      assert.equal(res.json.role, 'MEMBER');
      assert.equal(res.json.email, email.toLowerCase());
      assert.equal(res.json.teamId, null);
      const expires = Date.parse(res.json.expiresAt);
      assert.ok(expires >= before + 7 * 86_400_000 - 1000 && expires <= afterTime + 7 * 86_400_000 + 1000, `expires in 7 days: ${res.json.expiresAt}`);
      assert.equal((await invitationMessages(email.toLowerCase())).length, 1);
    });

    test('a token has at least 128 bits (≥ 22 base64url characters) and only its hash is stored', async () => {
      const { org, owner } = await t.activeOrganization(ops, 'Token Org');
      const email = `${t.unique('tok')}@example.com`;
      const res = await invite(org, owner, { email });
      assert.equal(res.status, 201, res.text);
      const { token } = await latestInvitation(email);
      assert.match(token, /^[A-Za-z0-9_-]{22,}$/);
      const row = await invitationRow(res.json.id);
      assert.equal(typeof row.token_hash, 'string');
      assert.notEqual(row.token_hash, token);
      for (const [column, value] of Object.entries(row)) {
        assert.ok(!String(value).includes(token), `column ${column} does not contain the token`);
      }
      const columns = await t.db.query<{ column_name: string }>(
        "select column_name from information_schema.columns where table_name = 'invitations' and column_name like '%token%'",
      );
      assert.deepEqual(columns.map((c) => c.column_name), ['token_hash'], 'the only token column is the hash');
      // Two invitations never share a token.
      const other = `${t.unique('tok2')}@example.com`;
      assert.equal((await invite(org, owner, { email: other })).status, 201);
      assert.notEqual((await latestInvitation(other)).token, token);
    });

    test('an ADMIN cannot invite as OWNER (403) but can invite as ADMIN; an OWNER can invite as OWNER', async () => {
      const { org, owner, admin } = await orgWithStaff('Role Ceiling Org');
      const asOwner = await invite(org, admin, { email: `${t.unique('x')}@example.com`, role: 'OWNER' });
      assertProblem(asOwner, 403, 'forbidden');
      const asAdmin = await invite(org, admin, { email: `${t.unique('y')}@example.com`, role: 'ADMIN' });
      assert.equal(asAdmin.status, 201, asAdmin.text);
      const ownerInvitesOwner = await invite(org, owner, { email: `${t.unique('z')}@example.com`, role: 'OWNER' });
      assert.equal(ownerInvitesOwner.status, 201, ownerInvitesOwner.text);
      const pending = await t.request('GET', `${invitationsPath(org)}?status=PENDING`, { token: owner.token });
      assert.equal(pending.json.items.length, 2, 'the refused invitation was not created');
    });

    test('a MEMBER cannot invite at all (403) and cannot list invitations; an ADMIN can do both', async () => {
      const { org, admin, member } = await orgWithStaff('Member Invite Org');
      const email = `${t.unique('m')}@example.com`;
      assertProblem(await invite(org, member, { email, role: 'MEMBER' }), 403, 'forbidden');
      assertProblem(await invite(org, member, { email, role: 'READ_ONLY' }), 403, 'forbidden');
      assertProblem(await t.request('GET', invitationsPath(org), { token: member.token }), 403, 'forbidden');
      assert.equal((await invitationMessages(email)).length, 0, 'no message went out');
      assert.equal((await invite(org, admin, { email, role: 'MEMBER' })).status, 201);
      const list = await t.request('GET', invitationsPath(org), { token: admin.token });
      assert.equal(list.status, 200, list.text);
      assert.deepEqual(list.json.items.map((i: any) => i.email), [email]);
    });

    test('inviting an active member is 409 already_member; a removed member can be invited again', async () => {
      const { org, owner, member } = await orgWithStaff('Already Member Org');
      const res = await invite(org, owner, { email: member.email });
      assertProblem(res, 409, 'already_member');
      assert.equal((await invitationMessages(member.email)).length, 0);

      const [m] = await memberships(org.id, member.id);
      const removed = await t.request('DELETE', `/api/v1/orgs/${org.id}/members/${m!.id}`, { token: owner.token });
      assert.equal(removed.status, 200, removed.text);
      const again = await invite(org, owner, { email: member.email.toUpperCase(), role: 'READ_ONLY' });
      assert.equal(again.status, 201, again.text);
      await verify(member);
      const { token } = await latestInvitation(member.email);
      const accepted = await accept(token, member);
      assert.equal(accepted.status, 200, accepted.text);
      assert.equal(accepted.json.status, 'ACTIVE');
      const rows = await memberships(org.id, member.id);
      assert.equal(rows.length, 1, 'the old membership row is reused');
      assert.equal(rows[0]!.status, 'ACTIVE');
      assert.equal(rows[0]!.role, 'READ_ONLY');
    });

    test('an invitation for a team of another organization is refused like an unknown team', async () => {
      const a = await t.activeOrganization(ops, 'Team Ref A');
      const b = await t.activeOrganization(ops, 'Team Ref B');
      const bTeam = await t.request('POST', `/api/v1/orgs/${b.org.id}/teams`, { token: b.owner.token, body: { name: 'B Team' } });
      assert.equal(bTeam.status, 201, bTeam.text);
      const foreign = await invite(a.org, a.owner, { email: `${t.unique('f')}@example.com`, teamId: bTeam.json.id });
      const unknown = await invite(a.org, a.owner, { email: `${t.unique('g')}@example.com`, teamId: crypto.randomUUID() });
      assert.equal(foreign.status, 400, foreign.text);
      assert.deepEqual(sansRequestId(foreign), sansRequestId(unknown));
      const aTeam = await t.request('POST', `/api/v1/orgs/${a.org.id}/teams`, { token: a.owner.token, body: { name: 'A Team' } });
      const own = await invite(a.org, a.owner, { email: `${t.unique('h')}@example.com`, teamId: aTeam.json.id });
      assert.equal(own.status, 201, own.text);
    });

    test('invitation bodies with unknown fields are refused and nothing is sent', async () => {
      const { org, owner } = await t.activeOrganization(ops, 'Strict Invite Org');
      const email = `${t.unique('strict')}@example.com`;
      const res = await invite(org, owner, { email, organizationId: crypto.randomUUID() });
      assertProblem(res, 400, 'validation_failed');
      assert.equal((await invitationMessages(email)).length, 0);
    });
  });

  describe('listing, resending, revoking, replacing', () => {
    test('the list filters by PENDING, ACCEPTED, REJECTED, REVOKED and EXPIRED', async () => {
      const { org, owner } = await t.activeOrganization(ops, 'List Status Org');
      const pendingUser = await verifiedUser('Pending');
      const acceptedUser = await verifiedUser('Accepted');
      const rejectedUser = await verifiedUser('Rejected');
      const revokedUser = await verifiedUser('Revoked');
      const expiredUser = await verifiedUser('Expired');
      const p = await invited(org, owner, pendingUser);
      const a = await invited(org, owner, acceptedUser);
      const rj = await invited(org, owner, rejectedUser);
      const rv = await invited(org, owner, revokedUser);
      const ex = await invited(org, owner, expiredUser);
      assert.equal((await accept(a.token, acceptedUser)).status, 200);
      assert.equal((await reject(rj.token, rejectedUser)).status, 200);
      const revoked = await t.request('POST', `${invitationsPath(org)}/${rv.invitation.id}/revoke`, { token: owner.token });
      assert.equal(revoked.status, 200, revoked.text);
      assert.equal(revoked.json.status, 'REVOKED');
      await expire(ex.invitation.id);

      const expected: Record<string, string> = {
        PENDING: p.invitation.id,
        ACCEPTED: a.invitation.id,
        REJECTED: rj.invitation.id,
        REVOKED: rv.invitation.id,
        EXPIRED: ex.invitation.id,
      };
      for (const [status, id] of Object.entries(expected)) {
        const res = await t.request('GET', `${invitationsPath(org)}?status=${status}`, { token: owner.token });
        assert.equal(res.status, 200, res.text);
        assert.deepEqual(res.json.items.map((i: any) => i.id), [id], `status=${status}`);
        assert.equal(res.json.items[0].status, status);
      }
      const all = await t.request('GET', invitationsPath(org), { token: owner.token });
      assert.equal(all.json.items.length, 5);
      const accepted = all.json.items.find((i: any) => i.id === a.invitation.id);
      assert.equal(typeof accepted.respondedAt, 'string');
      assertProblem(await t.request('GET', `${invitationsPath(org)}?status=BOGUS`, { token: owner.token }), 400, 'validation_failed');
    });

    test('resend issues a new token: the old one stops working (lookup and accept 404), the new one works', async () => {
      const { org, owner } = await t.activeOrganization(ops, 'Resend Org');
      const user = await verifiedUser('Resent');
      const first = await invited(org, owner, user, { role: 'READ_ONLY' });
      assert.equal((await lookup(first.token)).status, 200, 'control: the first token works before resending');
      const res = await t.request('POST', `${invitationsPath(org)}/${first.invitation.id}/resend`, { token: owner.token });
      assert.equal(res.status, 200, res.text);
      assert.equal(res.json.id, first.invitation.id);
      assert.equal(res.json.status, 'PENDING');
      const second = await latestInvitation(user.email);
      assert.notEqual(second.token, first.token);
      assert.equal((await invitationMessages(user.email)).length, 2, 'the resend went to the outbox');

      assertProblem(await lookup(first.token), 404, 'not_found');
      assertProblem(await accept(first.token, user), 404, 'not_found');
      assert.equal((await memberships(org.id, user.id)).length, 0);
      const looked = await lookup(second.token);
      assert.equal(looked.status, 200, looked.text);
      assert.equal(looked.json.role, 'READ_ONLY');
      const ok = await accept(second.token, user);
      assert.equal(ok.status, 200, ok.text);
      assert.equal(ok.json.status, 'ACTIVE');
    });

    test('resending revives an expired invitation with a fresh expiry; resending an accepted one is 409', async () => {
      const { org, owner } = await t.activeOrganization(ops, 'Resend Expired Org');
      const user = await verifiedUser('Late');
      const inv = await invited(org, owner, user);
      await expire(inv.invitation.id);
      assertProblem(await lookup(inv.token), 404, 'not_found');
      const res = await t.request('POST', `${invitationsPath(org)}/${inv.invitation.id}/resend`, { token: owner.token });
      assert.equal(res.status, 200, res.text);
      assert.equal(res.json.status, 'PENDING');
      assert.ok(Date.parse(res.json.expiresAt) > Date.now());
      const { token } = await latestInvitation(user.email);
      assert.equal((await accept(token, user)).status, 200);
      const again = await t.request('POST', `${invitationsPath(org)}/${inv.invitation.id}/resend`, { token: owner.token });
      assertProblem(again, 409, 'invalid_transition');
    });

    test('revoke kills the token; revoking twice is 409; a MEMBER cannot revoke or resend (403)', async () => {
      const { org, owner, member } = await orgWithStaff('Revoke Org');
      const user = await verifiedUser('Revokee');
      const inv = await invited(org, owner, user);
      const path = `${invitationsPath(org)}/${inv.invitation.id}`;
      assertProblem(await t.request('POST', `${path}/revoke`, { token: member.token }), 403, 'forbidden');
      assertProblem(await t.request('POST', `${path}/resend`, { token: member.token }), 403, 'forbidden');
      assert.equal((await lookup(inv.token)).status, 200, 'still valid after the refused revoke');

      const res = await t.request('POST', `${path}/revoke`, { token: owner.token });
      assert.equal(res.status, 200, res.text);
      assert.equal(res.json.status, 'REVOKED');
      assertProblem(await lookup(inv.token), 404, 'not_found');
      assertProblem(await accept(inv.token, user), 404, 'not_found');
      assert.equal((await memberships(org.id, user.id)).length, 0);
      assertProblem(await t.request('POST', `${path}/revoke`, { token: owner.token }), 409, 'invalid_transition');
      assertProblem(await t.request('POST', `${path}/resend`, { token: owner.token }), 409, 'invalid_transition');
    });

    test("another organization's invitation id answers 404 exactly like a random id", async () => {
      const a = await t.activeOrganization(ops, 'Inv Iso A');
      const b = await t.activeOrganization(ops, 'Inv Iso B');
      const user = await verifiedUser('Iso');
      const bInv = await invited(b.org, b.owner, user);
      for (const action of ['revoke', 'resend']) {
        const foreign = await t.request('POST', `${invitationsPath(a.org)}/${bInv.invitation.id}/${action}`, { token: a.owner.token });
        const random = await t.request('POST', `${invitationsPath(a.org)}/${crypto.randomUUID()}/${action}`, { token: a.owner.token });
        assertProblem(foreign, 404, 'not_found');
        assert.deepEqual(sansRequestId(foreign), sansRequestId(random), action);
      }
      const listA = await t.request('GET', invitationsPath(a.org), { token: a.owner.token });
      assert.deepEqual(listA.json.items, []);
      assert.equal((await lookup(bInv.token)).status, 200, "B's invitation is untouched");
      const own = await t.request('POST', `${invitationsPath(b.org)}/${bInv.invitation.id}/revoke`, { token: b.owner.token });
      assert.equal(own.status, 200, 'control: its own organization can revoke it');
    });

    test('re-inviting the same email replaces the pending invitation: the first token dies, replacedInvitationId is set', async () => {
      const { org, owner } = await t.activeOrganization(ops, 'Reinvite Org');
      const user = await verifiedUser('Twice');
      const first = await invited(org, owner, user, { role: 'MEMBER' });
      const res = await invite(org, owner, { email: user.email, role: 'READ_ONLY' });
      assert.equal(res.status, 201, res.text);
      assert.equal(res.json.replacedInvitationId, first.invitation.id);
      assert.notEqual(res.json.id, first.invitation.id);
      const second = await latestInvitation(user.email);
      assert.notEqual(second.token, first.token);

      assertProblem(await lookup(first.token), 404, 'not_found');
      assertProblem(await accept(first.token, user), 404, 'not_found');
      const pending = await t.request('GET', `${invitationsPath(org)}?status=PENDING`, { token: owner.token });
      assert.deepEqual(pending.json.items.map((i: any) => i.id), [res.json.id], 'exactly one pending invitation for the email');
      const ok = await accept(second.token, user);
      assert.equal(ok.status, 200, ok.text);
      const [m] = await memberships(org.id, user.id);
      assert.equal(m!.role, 'READ_ONLY', 'the replacing invitation decided the role');
    });
  });

  describe('public lookup', () => {
    test('works without authentication and shows organization, inviter and role (not the invitation id)', async () => {
      const { org, owner } = await t.activeOrganization(ops, 'Lookup Org');
      const email = `${t.unique('look')}@example.com`;
      const res = await invite(org, owner, { email, role: 'ADMIN', message: 'Join us' });
      assert.equal(res.status, 201, res.text);
      const { token } = await latestInvitation(email);
      const got = await lookup(token);
      assert.equal(got.status, 200, got.text);
      assert.equal(got.json.organization.name, 'Lookup Org');
      assert.equal(got.json.organization.slug, org.slug);
      assert.equal(got.json.inviter.name, owner.name);
      assert.equal(got.json.role, 'ADMIN');
      assert.equal(got.json.email, email);
      assert.equal(got.json.message, 'Join us');
      assert.ok(!got.text.includes(org.id), 'no organization id on the public page');
      assert.ok(!got.text.includes(res.json.id), 'no invitation id on the public page');
      // A signed-in stranger sees the same page.
      const stranger = await t.signUp('Stranger');
      const asStranger = await lookup(token, stranger);
      assert.equal(asStranger.status, 200);
      assert.deepEqual(asStranger.json, got.json);
    });

    test('expired, accepted, revoked, replaced, unknown and malformed tokens answer identically (404, same code and detail)', async () => {
      const { org, owner } = await t.activeOrganization(ops, 'Dead Tokens Org');
      const acceptedUser = await verifiedUser('A');
      const accepted = await invited(org, owner, acceptedUser);
      assert.equal((await lookup(accepted.token)).status, 200, 'control: valid before acceptance');
      assert.equal((await accept(accepted.token, acceptedUser)).status, 200);

      const expiredInv = await invited(org, owner, await verifiedUser('E'));
      assert.equal((await lookup(expiredInv.token)).status, 200, 'control: valid before expiry');
      await expire(expiredInv.invitation.id);

      const revokedInv = await invited(org, owner, await verifiedUser('R'));
      assert.equal((await lookup(revokedInv.token)).status, 200, 'control: valid before revocation');
      assert.equal((await t.request('POST', `${invitationsPath(org)}/${revokedInv.invitation.id}/revoke`, { token: owner.token })).status, 200);

      const rejectedUser = await verifiedUser('J');
      const rejectedInv = await invited(org, owner, rejectedUser);
      assert.equal((await reject(rejectedInv.token, rejectedUser)).status, 200);

      const replacedUser = await verifiedUser('P');
      const replaced = await invited(org, owner, replacedUser);
      assert.equal((await invite(org, owner, { email: replacedUser.email })).status, 201);

      const unknown = randomBytes(32).toString('base64url');
      const answers = {
        accepted: await lookup(accepted.token),
        expired: await lookup(expiredInv.token),
        revoked: await lookup(revokedInv.token),
        rejected: await lookup(rejectedInv.token),
        replaced: await lookup(replaced.token),
        unknown: await lookup(unknown),
        short: await lookup('abc'),
      };
      const reference = sansRequestId(answers.unknown);
      assert.equal(reference.status, 404);
      assert.equal(reference.body.code, 'not_found');
      for (const [kind, res] of Object.entries(answers)) {
        assert.deepEqual(sansRequestId(res), reference, `${kind} token answers like an unknown one`);
      }
    });

    test('a pending invitation of a suspended organization is not shown', async () => {
      const { org, owner } = await t.activeOrganization(ops, 'Lookup Suspended Org');
      const inv = await invited(org, owner, await verifiedUser('S'));
      assert.equal((await lookup(inv.token)).status, 200);
      const suspended = await t.request('POST', `/api/v1/admin/organizations/${org.id}/suspend`, { token: ops.token, body: { reason: 'billing' } });
      assert.equal(suspended.status, 200, suspended.text);
      assert.deepEqual(sansRequestId(await lookup(inv.token)), sansRequestId(await lookup(randomBytes(32).toString('base64url'))));
    });
  });

  describe('accepting and rejecting', () => {
    test('verification through the real email link lets an unverified invitee accept (403 email_not_verified before)', async () => {
      const { org, owner } = await t.activeOrganization(ops, 'Verify Then Accept Org');
      const user = await t.signUp('Unverified');
      const inv = await invited(org, owner, user, { role: 'READ_ONLY' });
      assertProblem(await accept(inv.token, user), 403, 'email_not_verified');
      assertProblem(await reject(inv.token, user), 403, 'email_not_verified');
      assert.equal((await memberships(org.id, user.id)).length, 0);

      const [msg] = await t.db.query<{ payload: unknown }>(
        "select payload from notifications where kind = 'email_verification' and to_email = $1 order by created_at desc limit 1",
        [user.email],
      );
      assert.ok(msg, 'a verification message was sent at sign-up');
      const link = await fetch(parse(msg.payload).url, { redirect: 'manual' });
      await link.arrayBuffer();
      assert.ok(link.status < 400, `verification link answered ${link.status}`);
      const me = await t.request('GET', '/api/v1/me', { token: user.token });
      assert.equal(me.json.emailVerified, true);

      const ok = await accept(inv.token, user);
      assert.equal(ok.status, 200, ok.text);
      assert.equal(ok.json.status, 'ACTIVE');
      assert.deepEqual(ok.json.organization, { id: org.id, slug: org.slug, name: org.name });
    });

    test('a verified user with another email gets 403 invitation_email_mismatch; the invited user then accepts', async () => {
      const { org, owner } = await t.activeOrganization(ops, 'Mismatch Org');
      const user = await verifiedUser('Right');
      const other = await verifiedUser('Wrong');
      const inv = await invited(org, owner, user);
      assertProblem(await accept(inv.token, other), 403, 'invitation_email_mismatch');
      assertProblem(await reject(inv.token, other), 403, 'invitation_email_mismatch');
      assert.equal((await memberships(org.id, other.id)).length, 0);
      assert.equal((await lookup(inv.token)).status, 200, 'the invitation is still pending');
      assert.equal((await accept(inv.token, user)).status, 200);
    });

    test('accepting without a session is 401 and changes nothing', async () => {
      const { org, owner } = await t.activeOrganization(ops, 'No Session Org');
      const user = await verifiedUser('Anon');
      const inv = await invited(org, owner, user);
      assertProblem(await accept(inv.token), 401, 'unauthenticated');
      assertProblem(await reject(inv.token), 401, 'unauthenticated');
      assertProblem(await accept(inv.token, { token: 'not-a-session-token' }), 401, 'unauthenticated');
      assert.equal((await lookup(inv.token)).status, 200, 'still pending');
      assert.equal((await accept(inv.token, user)).status, 200);
    });

    test('an expired invitation cannot be accepted (404); a revoked one neither', async () => {
      const { org, owner } = await t.activeOrganization(ops, 'Expired Accept Org');
      const late = await verifiedUser('Late');
      const expiredInv = await invited(org, owner, late);
      await expire(expiredInv.invitation.id);
      assertProblem(await accept(expiredInv.token, late), 404, 'not_found');
      assertProblem(await reject(expiredInv.token, late), 404, 'not_found');
      const revokedUser = await verifiedUser('Revoked');
      const revokedInv = await invited(org, owner, revokedUser);
      assert.equal((await t.request('POST', `${invitationsPath(org)}/${revokedInv.invitation.id}/revoke`, { token: owner.token })).status, 200);
      assertProblem(await accept(revokedInv.token, revokedUser), 404, 'not_found');
      assert.equal((await memberships(org.id, late.id)).length, 0);
      assert.equal((await memberships(org.id, revokedUser.id)).length, 0);
      // Control: a fresh invitation to the same person works.
      const fresh = await invited(org, owner, late);
      assert.equal((await accept(fresh.token, late)).status, 200);
    });

    test('after acceptance the membership is ACTIVE with the invited role and in the invited team', async () => {
      const { org, owner } = await t.activeOrganization(ops, 'Accept Team Org');
      const team = await t.request('POST', `/api/v1/orgs/${org.id}/teams`, { token: owner.token, body: { name: 'Harvest' } });
      const user = await verifiedUser('Joiner');
      assertProblem(await t.request('GET', `/api/v1/orgs/${org.id}`, { token: user.token }), 404, 'not_found');
      const inv = await invited(org, owner, user, { role: 'ADMIN', teamId: team.json.id });
      const res = await accept(inv.token, user);
      assert.equal(res.status, 200, res.text);
      assert.equal(res.json.status, 'ACTIVE');
      const rows = await memberships(org.id, user.id);
      assert.deepEqual(rows, [{ id: res.json.membershipId, role: 'ADMIN', status: 'ACTIVE' }]);
      const me = await t.request('GET', `/api/v1/orgs/${org.id}/me`, { token: user.token });
      assert.equal(me.status, 200, me.text);
      assert.equal(me.json.role, 'ADMIN');
      assert.equal(me.json.membership.id, res.json.membershipId);
      const teamMembers = await t.request('GET', `/api/v1/orgs/${org.id}/teams/${team.json.id}/members`, { token: owner.token });
      assert.deepEqual(teamMembers.json.items.map((m: any) => m.membershipId), [res.json.membershipId]);
      const listed = await t.request('GET', `${invitationsPath(org)}?status=ACCEPTED`, { token: owner.token });
      assert.deepEqual(listed.json.items.map((i: any) => i.id), [inv.invitation.id]);
    });

    test('accepting twice answers 200 ALREADY_ACCEPTED and leaves exactly one membership', async () => {
      const { org, owner } = await t.activeOrganization(ops, 'Twice Org');
      const user = await verifiedUser('Twice');
      const inv = await invited(org, owner, user);
      const first = await accept(inv.token, user);
      assert.equal(first.status, 200, first.text);
      assert.equal(first.json.status, 'ACTIVE');
      const second = await accept(inv.token, user);
      assert.equal(second.status, 200, second.text);
      assert.equal(second.json.status, 'ALREADY_ACCEPTED');
      assert.equal(second.json.membershipId, first.json.membershipId);
      assert.equal((await memberships(org.id, user.id)).length, 1);
      // Used tokens are dead for everyone else, and for the public lookup.
      assertProblem(await accept(inv.token, await verifiedUser('Someone')), 404, 'not_found');
      assertProblem(await lookup(inv.token), 404, 'not_found');
    });

    test('five concurrent accepts of one invitation all answer 200 and create exactly one membership', async () => {
      const { org, owner } = await t.activeOrganization(ops, 'Race Accept Org');
      const user = await verifiedUser('Racer');
      const team = await t.request('POST', `/api/v1/orgs/${org.id}/teams`, { token: owner.token, body: { name: 'Racers' } });
      const inv = await invited(org, owner, user, { teamId: team.json.id });
      const answers = await Promise.all(Array.from({ length: 5 }, () => accept(inv.token, user)));
      for (const a of answers) assert.equal(a.status, 200, a.text);
      const statuses = answers.map((a) => a.json.status).sort();
      assert.deepEqual(statuses, ['ACTIVE', 'ALREADY_ACCEPTED', 'ALREADY_ACCEPTED', 'ALREADY_ACCEPTED', 'ALREADY_ACCEPTED']);
      assert.equal(new Set(answers.map((a) => a.json.membershipId)).size, 1);
      const rows = await memberships(org.id, user.id);
      assert.equal(rows.length, 1);
      assert.equal(rows[0]!.status, 'ACTIVE');
      const [teamRows] = await t.db.query<{ n: number }>('select count(*)::int as n from team_members where organization_id = $1', [org.id]);
      assert.equal(Number(teamRows!.n), 1);
    });

    test('reject marks the invitation REJECTED, creates no membership, and the token is dead afterwards', async () => {
      const { org, owner } = await t.activeOrganization(ops, 'Reject Org');
      const user = await verifiedUser('Decliner');
      const inv = await invited(org, owner, user);
      const res = await reject(inv.token, user);
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(res.json, { rejected: true });
      assert.equal((await memberships(org.id, user.id)).length, 0);
      const listed = await t.request('GET', `${invitationsPath(org)}?status=REJECTED`, { token: owner.token });
      assert.deepEqual(listed.json.items.map((i: any) => i.id), [inv.invitation.id]);
      assertProblem(await accept(inv.token, user), 404, 'not_found');
      assertProblem(await reject(inv.token, user), 404, 'not_found');
      assertProblem(await t.request('GET', `/api/v1/orgs/${org.id}`, { token: user.token }), 404, 'not_found');
    });

    test('an invitation to a suspended organization cannot be accepted; after reactivation it can', async () => {
      const { org, owner } = await t.activeOrganization(ops, 'Suspended Accept Org');
      const user = await verifiedUser('Hopeful');
      const inv = await invited(org, owner, user);
      const suspended = await t.request('POST', `/api/v1/admin/organizations/${org.id}/suspend`, { token: ops.token, body: { reason: 'unpaid' } });
      assert.equal(suspended.status, 200, suspended.text);
      const res = await accept(inv.token, user);
      assertProblem(res, 403, 'organization_suspended');
      assert.equal((await memberships(org.id, user.id)).length, 0, 'no membership in a suspended organization');

      const reactivated = await t.request('POST', `/api/v1/admin/organizations/${org.id}/reactivate`, { token: ops.token });
      assert.equal(reactivated.status, 200, reactivated.text);
      const ok = await accept(inv.token, user);
      assert.equal(ok.status, 200, ok.text);
      assert.equal(ok.json.status, 'ACTIVE');
    });

    test('an invitation to a deleted organization answers 404 and creates nothing', async () => {
      const { org, owner } = await t.activeOrganization(ops, 'Deleted Accept Org');
      const user = await verifiedUser('TooLate');
      const inv = await invited(org, owner, user);
      const deleted = await t.request('POST', `/api/v1/admin/organizations/${org.id}/delete`, { token: ops.token, body: { reason: 'closing' } });
      assert.equal(deleted.status, 200, deleted.text);
      const unknown = await accept(randomBytes(32).toString('base64url'), user);
      const res = await accept(inv.token, user);
      assertProblem(res, 404, 'not_found');
      assert.deepEqual(sansRequestId(res), sansRequestId(unknown), 'like an unknown token');
      assertProblem(await lookup(inv.token), 404, 'not_found');
      assert.equal((await memberships(org.id, user.id)).length, 0);

      const restored = await t.request('POST', `/api/v1/admin/organizations/${org.id}/restore`, { token: ops.token });
      assert.equal(restored.status, 200, restored.text);
      assert.equal((await accept(inv.token, user)).status, 200, 'control: after restore the invitation works');
    });
  });
});

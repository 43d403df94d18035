// Operator creation wizard (T2): one atomic call creating an organization for an existing or a new
// user; dryRun validates everything and writes nothing. Real HTTP, fresh database.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestSystem, type TestSystem } from './harness.ts';

const WIZARD = '/api/v1/admin/organizations';
const COUNTED = ['users', 'accounts', 'organizations', 'memberships', 'organization_status_events', 'notifications'] as const;

describe('operator creation wizard', () => {
  let t: TestSystem;
  let ops: { id: string; token: string; email: string };

  async function counts() {
    const out = {} as Record<(typeof COUNTED)[number], number>;
    for (const table of COUNTED) {
      const [row] = await t.db.query<{ n: number }>(`select count(*)::int as n from ${table}`);
      out[table] = Number(row!.n);
    }
    return out;
  }

  async function findUser(q: string) {
    const res = await t.request('GET', `/api/v1/admin/users?q=${encodeURIComponent(q)}`, { token: ops.token });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.items.length, 1, res.text);
    return res.json.items[0] as { id: string; email: string; name: string };
  }

  const wizard = (body: unknown, token = ops.token) => t.request('POST', WIZARD, { token, body });
  const newEmail = () => `${t.unique('wiz')}@example.com`.toLowerCase();
  const newSlug = () => t.unique('wiz').toLowerCase();

  before(async () => {
    t = await startTestSystem();
    ops = await t.operator();
  });
  after(() => t.close());

  describe('existing-user mode', () => {
    test('creates an ACTIVE organization owned by the user found through the user search', async () => {
      const person = await t.signUp('Existing Owner');
      const found = await findUser(person.email);
      assert.equal(found.id, person.id);
      const slug = newSlug();
      const res = await wizard({ owner: { mode: 'existing', userId: found.id }, organization: { name: 'Wizard Existing', slug } });
      assert.equal(res.status, 201, res.text);
      assert.equal(res.json.dryRun, false);
      assert.equal(res.json.organization.status, 'ACTIVE');
      assert.equal(res.json.organization.slug, slug);
      assert.deepEqual(res.json.owner, { id: person.id, email: person.email, name: 'Existing Owner', created: false });

      const got = await t.request('GET', `/api/v1/orgs/${slug}`, { token: person.token });
      assert.equal(got.status, 200, got.text);
      assert.equal(got.json.id, res.json.organization.id);
      const members = await t.request('GET', `/api/v1/orgs/${slug}/members`, { token: person.token });
      assert.deepEqual(members.json.items.map((m: any) => [m.userId, m.role, m.status]), [[person.id, 'OWNER', 'ACTIVE']]);
      const mine = await t.request('GET', '/api/v1/orgs', { token: person.token });
      assert.ok(mine.json.items.some((o: any) => o.id === res.json.organization.id && o.role === 'OWNER'));

      // Audited as the operator's doing.
      const detail = await t.request('GET', `${WIZARD}/${res.json.organization.id}`, { token: ops.token });
      const created = detail.json.history.find((h: any) => h.action === 'created');
      assert.equal(created.actorUserId, ops.id);
      assert.equal(created.actorKind, 'operator');
      assert.equal(detail.json.organization.status, 'ACTIVE');
      // The owner is told.
      const notes = await t.db.query<{ to_email: string }>(
        "select to_email from notifications where kind = 'organization_created_for_you' and about_organization_id = $1",
        [res.json.organization.id],
      );
      assert.deepEqual(notes.map((n) => n.to_email), [person.email]);
    });

    test('initialStatus PENDING is honoured: the owner waits for approval', async () => {
      const person = await t.signUp('Pending Owner');
      const res = await wizard({
        owner: { mode: 'existing', userId: person.id },
        organization: { name: 'Wizard Pending' },
        initialStatus: 'PENDING',
      });
      assert.equal(res.status, 201, res.text);
      assert.equal(res.json.organization.status, 'PENDING');
      const got = await t.request('GET', `/api/v1/orgs/${res.json.organization.id}`, { token: person.token });
      assert.equal(got.status, 403, got.text);
      assert.equal(got.json.code, 'organization_pending');
      const approved = await t.request('POST', `${WIZARD}/${res.json.organization.id}/approve`, { token: ops.token });
      assert.equal(approved.status, 200, approved.text);
      const after = await t.request('GET', `/api/v1/orgs/${res.json.organization.id}`, { token: person.token });
      assert.equal(after.status, 200, after.text);
    });

    test('the operator who runs the wizard does not become a member of the organization', async () => {
      const person = await t.signUp('Solo Owner');
      const res = await wizard({ owner: { mode: 'existing', userId: person.id }, organization: { name: 'Wizard Solo' } });
      assert.equal(res.status, 201, res.text);
      const members = await t.db.query<{ user_id: string }>('select user_id from memberships where organization_id = $1', [
        res.json.organization.id,
      ]);
      assert.deepEqual(members.map((m) => m.user_id), [person.id], 'the operator is not silently added');
      const asOperator = await t.request('GET', `/api/v1/orgs/${res.json.organization.id}`, { token: ops.token });
      assert.equal(asOperator.status, 404, 'operators get no tenant access by the back door');
    });
  });

  describe('new-user mode', () => {
    test('with a password: the new user can sign in with it and sees the organization', async () => {
      const email = newEmail();
      const res = await wizard({
        owner: { mode: 'new', email, name: 'Brand New', password: 'new-owner-password' },
        organization: { name: 'Wizard New With Password' },
      });
      assert.equal(res.status, 201, res.text);
      assert.equal(res.json.owner.email, email);
      assert.equal(res.json.owner.created, true);
      const token = await t.signIn(email, 'new-owner-password');
      const mine = await t.request('GET', '/api/v1/orgs', { token });
      assert.equal(mine.status, 200, mine.text);
      assert.deepEqual(
        mine.json.items.map((o: any) => [o.id, o.role, o.status]),
        [[res.json.organization.id, 'OWNER', 'ACTIVE']],
      );
      const got = await t.request('GET', `/api/v1/orgs/${res.json.organization.id}`, { token });
      assert.equal(got.status, 200, got.text);
      const wrong = await t.request('POST', '/api/auth/sign-in/email', { body: { email, password: 'not-the-password' } });
      assert.notEqual(wrong.status, 200, 'a wrong password is refused (control)');
    });

    test('an upper-case email is stored lower-case', async () => {
      const email = newEmail();
      const res = await wizard({
        owner: { mode: 'new', email: email.toUpperCase(), name: 'Shouty Email', password: 'new-owner-password' },
        organization: { name: 'Wizard Shouty' },
      });
      assert.equal(res.status, 201, res.text);
      assert.equal(res.json.owner.email, email);
      assert.ok(await t.signIn(email, 'new-owner-password'));
    });

    test('without a password: 201 and an organization_created_for_you notification to the new user', async () => {
      const email = newEmail();
      const res = await wizard({ owner: { mode: 'new', email, name: 'No Password Yet' }, organization: { name: 'Wizard No Password' } });
      assert.equal(res.status, 201, res.text);
      assert.equal(res.json.owner.created, true);
      const notes = await t.db.query<{ to_email: string; about_organization_id: string; body_text: string }>(
        "select to_email, about_organization_id, body_text from notifications where kind = 'organization_created_for_you' and to_email = $1",
        [email],
      );
      assert.equal(notes.length, 1);
      assert.equal(notes[0]!.about_organization_id, res.json.organization.id);
      assert.match(notes[0]!.body_text, /Forgot password/i);
      const [user] = await t.db.query<{ id: string; name: string }>('select id, name from users where email = $1', [email]);
      assert.equal(user!.id, res.json.owner.id);
      assert.equal(user!.name, 'No Password Yet');
      const [m] = await t.db.query<{ role: string; status: string }>(
        'select role, status from memberships where organization_id = $1 and user_id = $2',
        [res.json.organization.id, user!.id],
      );
      assert.deepEqual({ ...m }, { role: 'OWNER', status: 'ACTIVE' });
      // No password was set, so no password works.
      const attempt = await t.request('POST', '/api/auth/sign-in/email', { body: { email, password: 'guess-a-password' } });
      assert.notEqual(attempt.status, 200);
    });
  });

  describe('dry run (the review step)', () => {
    test('answers 200 with the would-be result and writes nothing', async () => {
      const email = newEmail();
      const slug = newSlug();
      const body = {
        owner: { mode: 'new', email, name: 'Dry Runner', password: 'dry-run-password' },
        organization: { name: 'Wizard Dry', slug, contactEmail: 'dry@example.com', limits: { seats: 5 }, features: { beta: true } },
        dryRun: true,
      };
      const before = await counts();
      const res = await wizard(body);
      assert.equal(res.status, 200, res.text);
      assert.equal(res.json.dryRun, true);
      assert.equal(res.json.organization.name, 'Wizard Dry');
      assert.equal(res.json.organization.slug, slug);
      assert.equal(res.json.organization.status, 'ACTIVE');
      assert.equal(res.json.organization.contactEmail, 'dry@example.com');
      assert.deepEqual(res.json.organization.limits, { seats: 5 });
      assert.deepEqual(res.json.organization.features, { beta: true });
      assert.equal(res.json.owner.email, email);
      assert.equal(res.json.owner.created, true);
      assert.deepEqual(await counts(), before, 'no row written in any table');
      assert.equal((await t.db.query('select 1 from users where email = $1', [email])).length, 0);
      assert.equal((await t.db.query('select 1 from organizations where slug = $1', [slug])).length, 0);
      const search = await t.request('GET', `/api/v1/admin/users?q=${encodeURIComponent(email)}`, { token: ops.token });
      assert.deepEqual(search.json.items, []);

      // Nothing was held back either: the same dry run again, then the real call, both succeed.
      const again = await wizard(body);
      assert.equal(again.status, 200, again.text);
      const real = await wizard({ ...body, dryRun: false });
      assert.equal(real.status, 201, real.text);
      assert.equal(real.json.organization.slug, slug);
      const after = await counts();
      assert.equal(after.users, before.users + 1);
      assert.equal(after.organizations, before.organizations + 1);
      assert.equal(after.memberships, before.memberships + 1);
      assert.ok(after.notifications > before.notifications);
    });

    test('dry run in existing-user mode writes nothing either', async () => {
      const person = await t.signUp('Dry Existing');
      const before = await counts();
      const res = await wizard({ owner: { mode: 'existing', userId: person.id }, organization: { name: 'Wizard Dry Existing' }, dryRun: true });
      assert.equal(res.status, 200, res.text);
      assert.equal(res.json.owner.id, person.id);
      assert.equal(res.json.owner.created, false);
      assert.deepEqual(await counts(), before);
      const mine = await t.request('GET', '/api/v1/orgs', { token: person.token });
      assert.deepEqual(mine.json.items, []);
    });

    for (const dryRun of [true, false]) {
      const label = dryRun ? 'dry run' : 'real call';

      test(`${label}: a taken slug is a 409 slug_taken and writes nothing`, async () => {
        const person = await t.signUp('Slug Holder');
        const slug = newSlug();
        const first = await wizard({ owner: { mode: 'existing', userId: person.id }, organization: { name: 'Slug Holder Org', slug } });
        assert.equal(first.status, 201, first.text);
        const before = await counts();
        const res = await wizard({ owner: { mode: 'existing', userId: person.id }, organization: { name: 'Slug Thief', slug }, dryRun });
        assert.equal(res.status, 409, res.text);
        assert.equal(res.json.code, 'slug_taken');
        assert.deepEqual(await counts(), before);
      });

      test(`${label}: an already registered email in new-user mode is a 409 email_taken and writes nothing`, async () => {
        const person = await t.signUp('Email Holder');
        const before = await counts();
        for (const email of [person.email, person.email.toUpperCase()]) {
          const res = await wizard({ owner: { mode: 'new', email, name: 'Impostor', password: 'impostor-password' }, organization: { name: 'Impostor Org' }, dryRun });
          assert.equal(res.status, 409, `${email}: ${res.text}`);
          assert.equal(res.json.code, 'email_taken');
        }
        assert.deepEqual(await counts(), before);
        // The existing user's password was not replaced.
        assert.ok(await t.signIn(person.email, 'correct-horse-battery'));
      });

      test(`${label}: an unknown userId is a 400 naming body.owner.userId`, async () => {
        const before = await counts();
        const res = await wizard({ owner: { mode: 'existing', userId: '0190aaaa-bbbb-7ccc-8ddd-eeeeeeeeeeee' }, organization: { name: 'Nobody Org' }, dryRun });
        assert.equal(res.status, 400, res.text);
        assert.ok(Array.isArray(res.json.errors), res.text);
        assert.ok(res.json.errors.some((e: any) => e.path === 'body.owner.userId'), res.text);
        assert.deepEqual(await counts(), before);
      });
    }
  });

  describe('atomicity', () => {
    test('new-user mode with a taken slug is a 409 and the new user does not exist afterwards', async () => {
      const holder = await t.signUp('Atomic Holder');
      const slug = newSlug();
      assert.equal((await wizard({ owner: { mode: 'existing', userId: holder.id }, organization: { name: 'Atomic Holder Org', slug } })).status, 201);
      const email = newEmail();
      const before = await counts();
      const res = await wizard({ owner: { mode: 'new', email, name: 'Half Made', password: 'half-made-password' }, organization: { name: 'Atomic Clash', slug } });
      assert.equal(res.status, 409, res.text);
      assert.equal(res.json.code, 'slug_taken');
      assert.deepEqual(await counts(), before, 'nothing left behind in any table');
      assert.equal((await t.db.query('select 1 from users where email = $1', [email])).length, 0);
      assert.equal((await t.db.query('select 1 from notifications where to_email = $1', [email])).length, 0);
      const signIn = await t.request('POST', '/api/auth/sign-in/email', { body: { email, password: 'half-made-password' } });
      assert.notEqual(signIn.status, 200);
      // Positive control: the same owner with a free slug goes through, so the email itself was fine.
      const ok = await wizard({ owner: { mode: 'new', email, name: 'Half Made', password: 'half-made-password' }, organization: { name: 'Atomic Clash', slug: newSlug() } });
      assert.equal(ok.status, 201, ok.text);
    });
  });

  describe('validation', () => {
    const person = { id: '' };
    before(async () => {
      person.id = (await t.signUp('Validation Owner')).id;
    });

    const invalid: [string, (userId: string) => unknown, string?][] = [
      ['organization.status', (u) => ({ owner: { mode: 'existing', userId: u }, organization: { name: 'Sneaky Status', status: 'ACTIVE' } }), 'body.organization.status'],
      ['organization.id', (u) => ({ owner: { mode: 'existing', userId: u }, organization: { name: 'Sneaky Id', id: '0190aaaa-bbbb-7ccc-8ddd-eeeeeeeeeeee' } }), 'body.organization.id'],
      ['organization.organizationId', (u) => ({ owner: { mode: 'existing', userId: u }, organization: { name: 'Sneaky Org Id', organizationId: '0190aaaa-bbbb-7ccc-8ddd-eeeeeeeeeeee' } })],
      ['owner.role', (u) => ({ owner: { mode: 'existing', userId: u, role: 'ADMIN' }, organization: { name: 'Sneaky Role' } })],
      ['owner.role in new-user mode', () => ({ owner: { mode: 'new', email: 'role-sneak@example.com', name: 'Role Sneak', role: 'admin' }, organization: { name: 'Sneaky Role New' } })],
      ['owner.emailVerified in new-user mode', () => ({ owner: { mode: 'new', email: 'verified-sneak@example.com', name: 'Verified Sneak', emailVerified: true }, organization: { name: 'Sneaky Verified' } })],
      ['a top-level unknown field', (u) => ({ owner: { mode: 'existing', userId: u }, organization: { name: 'Sneaky Top' }, createdBy: u })],
      ['initialStatus SUSPENDED', (u) => ({ owner: { mode: 'existing', userId: u }, organization: { name: 'Sneaky Suspended' }, initialStatus: 'SUSPENDED' })],
      ['an unknown owner mode', (u) => ({ owner: { mode: 'operator', userId: u }, organization: { name: 'Sneaky Mode' } })],
      ['a missing organization', (u) => ({ owner: { mode: 'existing', userId: u } })],
      ['a reserved slug', (u) => ({ owner: { mode: 'existing', userId: u }, organization: { name: 'Sneaky Reserved', slug: 'admin' } })],
      ['a short password', () => ({ owner: { mode: 'new', email: 'short-pass@example.com', name: 'Short Pass', password: 'short' }, organization: { name: 'Sneaky Short' } })],
      ['a negative limit', (u) => ({ owner: { mode: 'existing', userId: u }, organization: { name: 'Sneaky Limit', limits: { seats: -1 } } })],
      ['a non-boolean feature flag', (u) => ({ owner: { mode: 'existing', userId: u }, organization: { name: 'Sneaky Feature', features: { beta: 'yes' } } })],
    ];
    for (const [what, body, path] of invalid) {
      test(`${what} is a 400 and nothing is created`, async () => {
        const before = await counts();
        const res = await wizard(body(person.id));
        assert.equal(res.status, 400, res.text);
        assert.ok(['validation_failed', 'bad_request'].includes(res.json.code), res.text);
        if (path) assert.ok(res.json.errors?.some((e: any) => e.path === path), `${path} in ${res.text}`);
        assert.deepEqual(await counts(), before);
      });
    }

    test('a non-JSON body is refused with 415', async () => {
      const res = await t.request('POST', WIZARD, { token: ops.token, raw: 'owner=me', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      assert.equal(res.status, 415, res.text);
    });

    test('limits and feature flags are stored and visible to the owner', async () => {
      const owner = await t.signUp('Limits Owner');
      const res = await wizard({
        owner: { mode: 'existing', userId: owner.id },
        organization: {
          name: 'Wizard Limits',
          limits: { seats: 25, storageMb: 1024 },
          features: { 'beta.reports': true, legacyExport: false },
          contactEmail: 'limits@example.com',
          timezone: 'Europe/Lisbon',
          currency: 'EUR',
        },
      });
      assert.equal(res.status, 201, res.text);
      const id = res.json.organization.id;
      const [row] = await t.db.query<{ limits: any; features: any; timezone: string; currency: string }>(
        'select limits, features, timezone, currency from organizations where id = $1',
        [id],
      );
      assert.deepEqual(row!.limits, { seats: 25, storageMb: 1024 });
      assert.deepEqual(row!.features, { 'beta.reports': true, legacyExport: false });
      assert.equal(row!.timezone, 'Europe/Lisbon');
      assert.equal(row!.currency, 'EUR');
      const detail = await t.request('GET', `${WIZARD}/${id}`, { token: ops.token });
      assert.deepEqual(detail.json.organization.limits, { seats: 25, storageMb: 1024 });
      assert.deepEqual(detail.json.organization.features, { 'beta.reports': true, legacyExport: false });
      const mine = await t.request('GET', `/api/v1/orgs/${id}`, { token: owner.token });
      assert.equal(mine.status, 200, mine.text);
      assert.deepEqual(mine.json.limits, { seats: 25, storageMb: 1024 });
    });

    test('tenants cannot set limits through self-service creation (operator-only fields)', async () => {
      const owner = await t.signUp('Self Service Limits');
      const res = await t.request('POST', '/api/v1/orgs', { token: owner.token, body: { name: 'Self Limits', limits: { seats: 9999 } } });
      assert.equal(res.status, 400, res.text);
    });
  });

  describe('access', () => {
    test('a non-operator gets 403 operator_required and nothing is created; an operator gets 201 (positive control)', async () => {
      const user = await t.signUp('Wannabe Operator');
      const email = newEmail();
      const body = { owner: { mode: 'new', email, name: 'Via Non Operator', password: 'some-password-1' }, organization: { name: 'Wizard Forbidden' } };
      const before = await counts();
      const res = await wizard(body, user.token);
      assert.equal(res.status, 403, res.text);
      assert.equal(res.json.code, 'operator_required');
      const dry = await wizard({ ...body, dryRun: true }, user.token);
      assert.equal(dry.status, 403, dry.text);
      assert.deepEqual(await counts(), before);
      const anonymous = await t.request('POST', WIZARD, { body });
      assert.equal(anonymous.status, 401, anonymous.text);
      const ok = await wizard(body);
      assert.equal(ok.status, 201, ok.text);
    });
  });
});

// Identity over real HTTP: sign-up, sign-in (bearer and cookie), sign-out, email verification, password
// reset through the notification outbox, and the operator flag. Our /api/v1/* answers 401/403 as
// problem+json; Better Auth's own /api/auth/* answers are its own.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestSystem, type TestSystem } from './harness.ts';

const PASSWORD = 'correct-horse-battery';

function assertProblem(res: { status: number; headers: Headers; json: any; text: string }, status: number, code: string) {
  assert.equal(res.status, status, res.text);
  assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/);
  assert.equal(res.json.code, code, res.text);
  assert.equal(typeof res.json.requestId, 'string');
}

/** The Cookie header a browser would send back after this response. */
function cookieFrom(headers: Headers): string {
  return headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .join('; ');
}

type Notification = { kind: string; to_email: string; payload: { url?: string } };

async function notificationsFor(t: TestSystem, email: string, kind: string): Promise<Notification[]> {
  const rows = await t.db.query<Notification>(
    'select kind, to_email, payload from notifications where to_email = $1 and kind = $2 order by created_at, id',
    [email, kind],
  );
  // postgres.js returns jsonb parsed; tolerate a string too.
  return rows.map((r) => ({ ...r, payload: typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload }));
}

async function emailVerified(t: TestSystem, userId: string): Promise<boolean> {
  const [row] = await t.db.query<{ email_verified: boolean }>('select email_verified from users where id = $1', [userId]);
  assert.ok(row, 'user row exists');
  return row.email_verified;
}

describe('identity', () => {
  let t: TestSystem;
  before(async () => {
    t = await startTestSystem();
  });
  after(() => t.close());

  describe('sign-up and sign-in', () => {
    test('sign-up creates the user and returns a working bearer token', async () => {
      const email = `${t.unique('ada')}@example.com`;
      const res = await t.request('POST', '/api/auth/sign-up/email', { body: { name: 'Ada', email, password: PASSWORD } });
      assert.equal(res.status, 200, res.text);
      assert.equal(res.json.user.email, email);
      const token = res.headers.get('set-auth-token');
      assert.ok(token, 'set-auth-token header present');
      const me = await t.request('GET', '/api/v1/me', { token });
      assert.equal(me.status, 200, me.text);
      assert.equal(me.json.id, res.json.user.id);
      assert.equal(me.json.email, email);
      assert.equal(me.json.name, 'Ada');
    });

    test('sign-up with an email already registered does not create a second user', async () => {
      const user = await t.signUp('First');
      const res = await t.request('POST', '/api/auth/sign-up/email', { body: { name: 'Second', email: user.email, password: PASSWORD } });
      assert.ok(res.status >= 400 && res.status < 500, `expected a 4xx, got ${res.status} ${res.text}`);
      const rows = await t.db.query<{ n: number }>('select count(*)::int as n from users where email = $1', [user.email]);
      assert.equal(Number(rows[0]!.n), 1);
    });

    test('sign-in returns a bearer token (set-auth-token) that works on /api/v1/me', async () => {
      const user = await t.signUp('Bearer User');
      const res = await t.request('POST', '/api/auth/sign-in/email', { body: { email: user.email, password: PASSWORD } });
      assert.equal(res.status, 200, res.text);
      const token = res.headers.get('set-auth-token');
      assert.ok(token, 'set-auth-token header present');
      const me = await t.request('GET', '/api/v1/me', { token });
      assert.equal(me.status, 200, me.text);
      assert.equal(me.json.id, user.id);
    });

    test('the session cookie from sign-in authenticates /api/v1/me', async () => {
      const user = await t.signUp('Cookie User');
      const res = await t.request('POST', '/api/auth/sign-in/email', { body: { email: user.email, password: PASSWORD } });
      assert.equal(res.status, 200, res.text);
      const cookie = cookieFrom(res.headers);
      assert.match(cookie, /session_token=/);
      const me = await t.request('GET', '/api/v1/me', { headers: { cookie } });
      assert.equal(me.status, 200, me.text);
      assert.equal(me.json.id, user.id);
      // Control: the same request without the cookie is refused.
      assertProblem(await t.request('GET', '/api/v1/me'), 401, 'unauthenticated');
    });

    test('a tampered session cookie is refused with 401', async () => {
      const user = await t.signUp('Tamper User');
      const res = await t.request('POST', '/api/auth/sign-in/email', { body: { email: user.email, password: PASSWORD } });
      const cookie = cookieFrom(res.headers).replace(/session_token=([^;]*)/, (_m, v: string) => `session_token=x${v.slice(1)}`);
      assertProblem(await t.request('GET', '/api/v1/me', { headers: { cookie } }), 401, 'unauthenticated');
    });

    test('a wrong password is refused with 401 and no token', async () => {
      const user = await t.signUp('Wrong Password');
      const res = await t.request('POST', '/api/auth/sign-in/email', { body: { email: user.email, password: 'not-the-password' } });
      assert.equal(res.status, 401, res.text);
      assert.equal(res.headers.get('set-auth-token'), null);
      assert.deepEqual(res.headers.getSetCookie().filter((c) => /session_token=[^;]+/.test(c)), []);
      // Control: the right password works.
      assert.ok(await t.signIn(user.email, PASSWORD));
    });

    test('an unknown email is refused like a wrong password', async () => {
      const res = await t.request('POST', '/api/auth/sign-in/email', {
        body: { email: `${t.unique('nobody')}@example.com`, password: PASSWORD },
      });
      assert.equal(res.status, 401, res.text);
    });
  });

  describe('our API without valid credentials', () => {
    test('no token → 401 problem+json', async () => {
      assertProblem(await t.request('GET', '/api/v1/me'), 401, 'unauthenticated');
      assertProblem(await t.request('GET', '/api/v1/orgs'), 401, 'unauthenticated');
    });

    test('a garbage bearer token → 401 problem+json', async () => {
      assertProblem(await t.request('GET', '/api/v1/me', { token: 'garbage' }), 401, 'unauthenticated');
      assertProblem(await t.request('GET', '/api/v1/me', { token: 'a'.repeat(32) + '.' + 'b'.repeat(43) }), 401, 'unauthenticated');
      assertProblem(await t.request('GET', '/api/v1/orgs', { headers: { authorization: 'Basic Zm9vOmJhcg==' } }), 401, 'unauthenticated');
    });

    test('a write without credentials is refused with 401 and writes nothing', async () => {
      const before = await t.db.query<{ n: number }>('select count(*)::int as n from organizations');
      assertProblem(await t.request('POST', '/api/v1/orgs', { body: { name: 'No Auth Org' } }), 401, 'unauthenticated');
      const afterRows = await t.db.query<{ n: number }>('select count(*)::int as n from organizations');
      assert.equal(Number(afterRows[0]!.n), Number(before[0]!.n));
    });
  });

  describe('sign-out', () => {
    test('sign-out invalidates the bearer session; another session of the same user keeps working', async () => {
      const user = await t.signUp('Sign Out');
      const other = await t.signIn(user.email, PASSWORD);
      assert.equal((await t.request('GET', '/api/v1/me', { token: user.token })).status, 200);
      const out = await t.request('POST', '/api/auth/sign-out', { token: user.token, body: {} });
      assert.equal(out.status, 200, out.text);
      assertProblem(await t.request('GET', '/api/v1/me', { token: user.token }), 401, 'unauthenticated');
      const rows = await t.db.query<{ n: number }>('select count(*)::int as n from sessions where user_id = $1', [user.id]);
      assert.equal(Number(rows[0]!.n), 1, 'only the signed-out session is gone');
      // Control: the user's other session is untouched.
      const me = await t.request('GET', '/api/v1/me', { token: other });
      assert.equal(me.status, 200, me.text);
    });

    test('sign-out with the cookie invalidates the cookie session', async () => {
      const user = await t.signUp('Cookie Sign Out');
      const signIn = await t.request('POST', '/api/auth/sign-in/email', { body: { email: user.email, password: PASSWORD } });
      const cookie = cookieFrom(signIn.headers);
      assert.equal((await t.request('GET', '/api/v1/me', { headers: { cookie } })).status, 200);
      const out = await t.request('POST', '/api/auth/sign-out', { headers: { cookie }, body: {} });
      assert.equal(out.status, 200, out.text);
      assertProblem(await t.request('GET', '/api/v1/me', { headers: { cookie } }), 401, 'unauthenticated');
    });
  });

  describe('email verification', () => {
    test('sign-up queues an email_verification notification whose link verifies the email', async () => {
      const user = await t.signUp('Verify Me');
      assert.equal(await emailVerified(t, user.id), false);
      const me = await t.request('GET', '/api/v1/me', { token: user.token });
      assert.equal(me.json.emailVerified, false);

      const [message, ...more] = await notificationsFor(t, user.email, 'email_verification');
      assert.ok(message, 'an email_verification notification exists');
      assert.equal(more.length, 0, 'exactly one verification message');
      const url = message.payload.url;
      assert.equal(typeof url, 'string');
      assert.ok(url!.startsWith(t.base), `the link points at this server: ${url}`);

      const res = await fetch(url!, { redirect: 'manual' });
      await res.arrayBuffer();
      assert.ok(res.status < 400, `verification link answered ${res.status}`);
      assert.equal(await emailVerified(t, user.id), true);
      const after = await t.request('GET', '/api/v1/me', { token: user.token });
      assert.equal(after.json.emailVerified, true);
    });

    test('a forged verification token verifies nobody', async () => {
      const user = await t.signUp('Forged Verify');
      const [message] = await notificationsFor(t, user.email, 'email_verification');
      const url = new URL(message!.payload.url!);
      const token = url.searchParams.get('token')!;
      assert.ok(token, 'the link carries a token');
      url.searchParams.set('token', `${token.slice(0, -4)}AAAA`);
      const res = await fetch(url, { redirect: 'manual' });
      await res.arrayBuffer();
      assert.equal(await emailVerified(t, user.id), false);
    });
  });

  describe('password reset', () => {
    async function requestReset(email: string) {
      const res = await t.request('POST', '/api/auth/request-password-reset', { body: { email, redirectTo: '/' } });
      assert.equal(res.status, 200, res.text);
      const messages = await notificationsFor(t, email, 'password_reset');
      const url = messages.at(-1)?.payload.url;
      assert.ok(url, 'a password_reset notification with a url exists');
      const token = /\/reset-password\/([^/?#]+)/.exec(url)?.[1];
      assert.ok(token, `token in ${url}`);
      return decodeURIComponent(token);
    }

    test('the reset link from the outbox sets a new password; the old one stops working', async () => {
      const user = await t.signUp('Reset Me');
      const token = await requestReset(user.email);
      const newPassword = 'a-brand-new-password-42';
      const res = await t.request('POST', '/api/auth/reset-password', { body: { newPassword, token } });
      assert.equal(res.status, 200, res.text);

      const withNew = await t.request('POST', '/api/auth/sign-in/email', { body: { email: user.email, password: newPassword } });
      assert.equal(withNew.status, 200, withNew.text);
      const newToken = withNew.headers.get('set-auth-token');
      assert.equal((await t.request('GET', '/api/v1/me', { token: newToken! })).status, 200);

      const withOld = await t.request('POST', '/api/auth/sign-in/email', { body: { email: user.email, password: PASSWORD } });
      assert.equal(withOld.status, 401, withOld.text);
    });

    test('a reset token works once', async () => {
      const user = await t.signUp('Reset Once');
      const token = await requestReset(user.email);
      const first = await t.request('POST', '/api/auth/reset-password', { body: { newPassword: 'first-new-password-1', token } });
      assert.equal(first.status, 200, first.text);
      const second = await t.request('POST', '/api/auth/reset-password', { body: { newPassword: 'second-new-password-2', token } });
      assert.ok(second.status >= 400 && second.status < 500, `reuse answered ${second.status} ${second.text}`);
      assert.equal((await t.request('POST', '/api/auth/sign-in/email', { body: { email: user.email, password: 'first-new-password-1' } })).status, 200);
      assert.equal((await t.request('POST', '/api/auth/sign-in/email', { body: { email: user.email, password: 'second-new-password-2' } })).status, 401);
    });

    test('a forged reset token changes nothing', async () => {
      const user = await t.signUp('Reset Forged');
      const res = await t.request('POST', '/api/auth/reset-password', { body: { newPassword: 'attacker-password-99', token: 'not-a-real-token' } });
      assert.ok(res.status >= 400 && res.status < 500, `forged token answered ${res.status} ${res.text}`);
      assert.equal((await t.request('POST', '/api/auth/sign-in/email', { body: { email: user.email, password: 'attacker-password-99' } })).status, 401);
      assert.equal((await t.request('POST', '/api/auth/sign-in/email', { body: { email: user.email, password: PASSWORD } })).status, 200);
    });

    test('a reset request for an unknown email queues nothing', async () => {
      const email = `${t.unique('ghost')}@example.com`;
      const res = await t.request('POST', '/api/auth/request-password-reset', { body: { email, redirectTo: '/' } });
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(await notificationsFor(t, email, 'password_reset'), []);
    });
  });

  describe('operator flag', () => {
    test('/api/v1/me reports isOperator true for an operator and false for a user', async () => {
      const ops = await t.operator();
      const user = await t.signUp('Plain User');
      const asOps = await t.request('GET', '/api/v1/me', { token: ops.token });
      assert.equal(asOps.status, 200, asOps.text);
      assert.equal(asOps.json.isOperator, true);
      const asUser = await t.request('GET', '/api/v1/me', { token: user.token });
      assert.equal(asUser.status, 200, asUser.text);
      assert.equal(asUser.json.isOperator, false);
    });

    test('a non-operator gets 403 operator_required on the operator API; an operator gets 200', async () => {
      const user = await t.signUp('Not Operator');
      assertProblem(await t.request('GET', '/api/v1/admin/organizations', { token: user.token }), 403, 'operator_required');
      assertProblem(await t.request('GET', '/api/v1/admin/users', { token: user.token }), 403, 'operator_required');
      const ops = await t.operator();
      const ok = await t.request('GET', '/api/v1/admin/organizations', { token: ops.token });
      assert.equal(ok.status, 200, ok.text);
      assert.ok(Array.isArray(ok.json.items));
    });

    test('the operator API without a token → 401, with a garbage token → 401', async () => {
      assertProblem(await t.request('GET', '/api/v1/admin/organizations'), 401, 'unauthenticated');
      assertProblem(await t.request('GET', '/api/v1/admin/organizations', { token: 'garbage' }), 401, 'unauthenticated');
    });

    test('a user cannot make themselves an operator through the sign-up body', async () => {
      const email = `${t.unique('sneaky')}@example.com`;
      const res = await t.request('POST', '/api/auth/sign-up/email', { body: { name: 'Sneaky', email, password: PASSWORD, role: 'admin' } });
      const token = res.headers.get('set-auth-token');
      if (res.status === 200 && token) {
        const me = await t.request('GET', '/api/v1/me', { token });
        assert.equal(me.json.isOperator, false);
        assertProblem(await t.request('GET', '/api/v1/admin/organizations', { token }), 403, 'operator_required');
      } else {
        assert.ok(res.status >= 400 && res.status < 500, `expected refusal, got ${res.status}`);
      }
      const rows = await t.db.query<{ role: string | null }>('select role from users where email = $1', [email]);
      for (const r of rows) assert.notEqual(r.role, 'admin');
    });
  });
});

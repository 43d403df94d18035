// The per-request session check: answered from one query for fresh sessions, handed to Better Auth
// for anything that needs it (refresh, expiry, bans), and never fooled by a forged signature.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestSystem, type TestSystem } from './harness.ts';
import { assertProblem } from './support/problems.ts';

describe('session check', () => {
  let t: TestSystem;
  before(async () => {
    t = await startTestSystem();
  });
  after(() => t.close());

  const me = (token: string) => t.request('GET', '/api/v1/me', { token });
  // Raw rows carry timestamps as Date (PGlite) or text (postgres.js): compare them as epoch ms.
  const expiresAt = async (userId: string) =>
    new Date((await t.db.query<{ expires_at: Date | string }>('select expires_at from sessions where user_id = $1', [userId]))[0]!.expires_at).getTime();

  test('a fresh signed bearer token works (positive control), a forged signature is 401', async () => {
    const u = await t.signUp('Fresh');
    assert.equal((await me(u.token)).status, 200);
    const [raw] = u.token.split('.');
    assertProblem(await me(`${raw}.${Buffer.alloc(32, 1).toString('base64')}`), 401, 'unauthenticated');
    assertProblem(await me(`${raw}.AAAA`), 401, 'unauthenticated');
  });

  test('an expired session is 401', async () => {
    const u = await t.signUp('Expired');
    await t.db.query("update sessions set expires_at = now() - interval '1 minute' where user_id = $1", [u.id]);
    assertProblem(await me(u.token), 401, 'unauthenticated');
  });

  test('a session due for refresh still works and Better Auth extends it', async () => {
    const u = await t.signUp('Refresh');
    // Six days left of seven: older than the one-day update age.
    await t.db.query("update sessions set expires_at = now() + interval '6 days' - interval '1 hour' where user_id = $1", [u.id]);
    const before = await expiresAt(u.id);
    assert.equal((await me(u.token)).status, 200);
    const after = await expiresAt(u.id);
    assert.ok(after > before + 3600_000, 'expiry extended');
  });

  test('a banned user is 401 on their next request', async () => {
    const u = await t.signUp('Banned');
    assert.equal((await me(u.token)).status, 200);
    await t.db.query('update users set banned = true where id = $1', [u.id]);
    assertProblem(await me(u.token), 401, 'unauthenticated');
  });

  test('a signed-out session is 401 at once', async () => {
    const u = await t.signUp('Leaver');
    const out = await t.request('POST', '/api/auth/sign-out', { token: u.token, body: {} });
    assert.equal(out.status, 200, out.text);
    assertProblem(await me(u.token), 401, 'unauthenticated');
  });
});

// The audit log (O1) over real HTTP: every state change leaves one row naming the actor (user, API
// client or operator), the action, the target, the redacted before/after, IP, user agent and the request
// id of the response; failed changes leave nothing; the runtime role can only append; filters, cursor
// pagination and CSV/NDJSON export (spreadsheet-safe); who may read it; tenant isolation; retention; and
// refused attempts recorded as security events without changing the refusal.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { sql } from 'drizzle-orm';
import { addMember, startTestSystem, type TestSystem } from './harness.ts';
import { rowsOf } from '../src/server/db/client.ts';
import { withTenant } from '../src/server/tenancy/with-tenant.ts';
import { purgeExpiredAudit } from '../src/server/platform/audit/service.ts';
import { csvCell } from '../src/server/platform/audit/csv.ts';
import { assertProblem } from './support/problems.ts';

type Res = { status: number; headers: Headers; json: any; text: string };
type User = { token: string; id: string; email: string; name: string };
type Ops = { id: string; token: string; email: string };
type Org = { id: string; slug: string; name: string };

const PASSWORD = 'correct-horse-battery';
const UA = 'tenantry-audit-test/1.0';

/** A problem answer without its per-request id, for "answers identically" comparisons. */
function sansRequestId(res: Res) {
  const { requestId: _id, ...rest } = res.json ?? {};
  return { status: res.status, contentType: res.headers.get('content-type'), body: rest };
}

function requestIdOf(res: Res): string {
  const id = res.headers.get('x-request-id');
  assert.ok(id, 'the response carries x-request-id');
  return id;
}

/** The SQLSTATE of a database error, wherever the driver or ORM nested it. */
function pgCodeOf(err: unknown): string | undefined {
  let e: any = err;
  for (let i = 0; i < 5 && e; i++) {
    if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return e.code;
    e = e.cause;
  }
  return undefined;
}

/** Minimal RFC 4180 parser: quoted fields, doubled quotes, CRLF records, newlines inside quotes. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      record.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i++;
    } else field += ch;
  }
  if (field !== '' || record.length) {
    record.push(field);
    records.push(record);
  }
  return records;
}

const CSV_COLUMNS = ['createdAt', 'actorType', 'actorId', 'actorEmail', 'action', 'targetType', 'targetId', 'changes', 'ip', 'userAgent', 'requestId', 'id'];

describe('audit log', () => {
  let t: TestSystem;
  let ops: Ops;
  let A: Org;
  let ownerA: User;
  let B: Org;
  let ownerB: User;

  // The harness's listener hands the app only the Request, so the client address is unknown there; this
  // second listener serves the same app the way src/server/main.ts does (with Node's bindings), so the
  // recorded IP can be checked.
  let direct: ReturnType<typeof serve>;
  let directBase: string;

  before(async () => {
    t = await startTestSystem();
    ops = await t.operator();
    ({ org: A, owner: ownerA } = await t.activeOrganization(ops, 'Audit Alpha'));
    ({ org: B, owner: ownerB } = await t.activeOrganization(ops, 'Audit Beta'));
    direct = serve({ fetch: t.system.app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise<void>((resolve) => direct.once('listening', resolve));
    directBase = `http://127.0.0.1:${(direct.address() as AddressInfo).port}`;
  });
  after(async () => {
    await new Promise<void>((resolve) => direct.close(() => resolve()));
    await t.close();
  });

  /** Like t.request, through the production-style listener. */
  async function call(method: string, path: string, opts: { token?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<Res> {
    const headers: Record<string, string> = { origin: t.base, ...(opts.headers ?? {}) };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(directBase + path, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
    const text = await res.text();
    let json: any;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, json, text };
  }

  const auditPath = (org: Org, q: Record<string, string> = {}) => `/api/v1/orgs/${org.id}/audit?${new URLSearchParams(q)}`;

  async function entries(org: Org, reader: { token: string }, q: Record<string, string> = {}): Promise<any[]> {
    const res = await t.request('GET', auditPath(org, { limit: '100', ...q }), { token: reader.token });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.nextCursor, null, 'the test reads the whole filtered log in one page');
    return res.json.items;
  }

  /** The one audit entry written by the request that answered `res`. */
  async function entryOf(res: Res, org: Org, reader: { token: string }, action: string) {
    const requestId = requestIdOf(res);
    const found = (await entries(org, reader, { action })).filter((e) => e.requestId === requestId);
    assert.equal(found.length, 1, `exactly one ${action} entry carries request id ${requestId}`);
    return found[0];
  }

  function assertActor(entry: any, type: string, who: { id: string; email: string }) {
    assert.equal(entry.actorType, type);
    assert.equal(entry.actorId, who.id);
    assert.equal(entry.actorEmail, who.email);
  }

  function assertRequestMetadata(entry: any) {
    assert.match(entry.ip ?? '', /(^|:)127\.0\.0\.1$/, 'the client IP is recorded');
    assert.equal(entry.userAgent, UA);
  }

  async function membershipId(orgId: string, userId: string): Promise<string> {
    const [row] = await t.db.query<{ id: string }>('select id from memberships where organization_id = $1 and user_id = $2', [orgId, userId]);
    assert.ok(row, 'membership exists');
    return row.id;
  }

  async function cookieSession(email: string): Promise<string> {
    const res = await t.request('POST', '/api/auth/sign-in/email', { body: { email, password: PASSWORD } });
    assert.equal(res.status, 200, res.text);
    return res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0]!)
      .join('; ');
  }

  async function count(table: string): Promise<number> {
    const [row] = await t.db.query<{ n: number }>(`select count(*)::int as n from ${table}`);
    return Number(row!.n);
  }

  /** Polls the operator's security events for one request (the insert is off the request path); bounded. */
  async function securityEventFor(requestId: string): Promise<any> {
    for (let i = 0; i < 100; i++) {
      const res = await t.request('GET', '/api/v1/admin/security-events?limit=100', { token: ops.token });
      assert.equal(res.status, 200, res.text);
      const found = res.json.items.find((e: any) => e.requestId === requestId);
      if (found) return found;
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.fail(`no security event recorded for request ${requestId}`);
  }

  describe('what a state change records', () => {
    test('a settings change names the signed-in user, the change before/after, IP, user agent and the response request id', async () => {
      const cookie = await cookieSession(ownerA.email);
      const res = await call('PATCH', `/api/v1/orgs/${A.id}`, {
        headers: { cookie, 'user-agent': UA },
        body: { name: 'Audit Alpha Renamed', language: 'de' },
      });
      assert.equal(res.status, 200, res.text);
      const e = await entryOf(res, A, ownerA, 'organization.settings_updated');
      assertActor(e, 'user', ownerA);
      assert.equal(e.targetType, 'organization');
      assert.equal(e.targetId, A.id);
      assert.deepEqual(e.changes, { before: { name: 'Audit Alpha', language: 'en' }, after: { name: 'Audit Alpha Renamed', language: 'de' } });
      assertRequestMetadata(e);
      assert.match(e.createdAt, /^\d{4}-\d{2}-\d{2}T/);
    });

    test('the same change through a bearer token is recorded as an api_client actor', async () => {
      const res = await call('PATCH', `/api/v1/orgs/${A.id}`, { token: ownerA.token, headers: { 'user-agent': UA }, body: { language: 'fr' } });
      assert.equal(res.status, 200, res.text);
      const e = await entryOf(res, A, ownerA, 'organization.settings_updated');
      assertActor(e, 'api_client', ownerA);
      assert.deepEqual(e.changes, { before: { language: 'de' }, after: { language: 'fr' } });
    });

    test('a client-supplied x-request-id is the one recorded and echoed', async () => {
      const requestId = `audit-req-${Date.now()}`;
      const res = await call('PATCH', `/api/v1/orgs/${A.id}`, {
        token: ownerA.token,
        headers: { 'user-agent': UA, 'x-request-id': requestId },
        body: { timezone: 'Europe/Paris' },
      });
      assert.equal(res.status, 200, res.text);
      assert.equal(res.headers.get('x-request-id'), requestId);
      const e = await entryOf(res, A, ownerA, 'organization.settings_updated');
      assert.equal(e.requestId, requestId);
    });

    test('secret-looking metadata keys are stored as [redacted] in the changes; other keys are kept', async () => {
      const res = await call('PATCH', `/api/v1/orgs/${A.id}`, {
        token: ownerA.token,
        headers: { 'user-agent': UA },
        body: { metadata: { password: 'hunter2-do-not-log', plan: 'gold', nested: { apiKey: 'ak-do-not-log', region: 'eu' } } },
      });
      assert.equal(res.status, 200, res.text);
      // Positive control: the setting itself was applied (the value exists and could have leaked).
      assert.equal(res.json.metadata.password, 'hunter2-do-not-log');
      const e = await entryOf(res, A, ownerA, 'organization.settings_updated');
      assert.deepEqual(e.changes.after.metadata, { password: '[redacted]', plan: 'gold', nested: { apiKey: '[redacted]', region: 'eu' } });
      for (const table of ['audit_logs', 'platform_audit_logs', 'domain_events']) {
        const [row] = await t.db.query<{ n: number }>(
          `select count(*)::int as n from ${table} where ${table === 'domain_events' ? 'payload' : 'changes'}::text like '%do-not-log%'`,
        );
        assert.equal(Number(row!.n), 0, `no secret value in ${table}`);
      }
    });

    test('a member role change records the membership and the role before and after', async () => {
      const bob = await t.signUp('Bob');
      await addMember(t.db, A.id, bob.id, 'MEMBER');
      const id = await membershipId(A.id, bob.id);
      const res = await call('PATCH', `/api/v1/orgs/${A.id}/members/${id}`, { token: ownerA.token, headers: { 'user-agent': UA }, body: { role: 'ADMIN' } });
      assert.equal(res.status, 200, res.text);
      const e = await entryOf(res, A, ownerA, 'member.role_changed');
      assertActor(e, 'api_client', ownerA);
      assert.equal(e.targetType, 'membership');
      assert.equal(e.targetId, id);
      assert.deepEqual(e.changes, { before: { role: 'MEMBER' }, after: { role: 'ADMIN' } });
      assertRequestMetadata(e);
    });

    test('creating and accepting an invitation are audited, the accept with the invitee as actor; the token is never stored', async () => {
      const invitee = await t.signUp('Invitee');
      await t.db.query('update users set email_verified = true where id = $1', [invitee.id]);
      const created = await call('POST', `/api/v1/orgs/${A.id}/invitations`, {
        token: ownerA.token,
        headers: { 'user-agent': UA },
        body: { email: invitee.email, role: 'MEMBER' },
      });
      assert.equal(created.status, 201, created.text);
      const e1 = await entryOf(created, A, ownerA, 'invitation.created');
      assertActor(e1, 'api_client', ownerA);
      assert.equal(e1.targetType, 'invitation');
      assert.equal(e1.targetId, created.json.id);
      assert.deepEqual(e1.changes, { after: { email: invitee.email, role: 'MEMBER', teamId: null } });
      assertRequestMetadata(e1);

      const [msg] = await t.db.query<{ payload: any }>("select payload from notifications where kind = 'invitation' and to_email = $1", [invitee.email]);
      const payload = typeof msg!.payload === 'string' ? JSON.parse(msg!.payload) : msg!.payload;
      const token = payload.token as string;
      assert.ok(token);
      const accepted = await call('POST', `/api/v1/invitations/${token}/accept`, { token: invitee.token, headers: { 'user-agent': UA } });
      assert.equal(accepted.status, 200, accepted.text);
      const e2 = await entryOf(accepted, A, ownerA, 'invitation.accepted');
      assertActor(e2, 'api_client', invitee);
      assert.equal(e2.targetType, 'membership');
      assert.equal(e2.targetId, accepted.json.membershipId);
      assert.deepEqual(e2.changes, { after: { role: 'MEMBER', status: 'ACTIVE' } });
      assertRequestMetadata(e2);

      const [leak] = await t.db.query<{ n: number }>('select count(*)::int as n from audit_logs where changes::text like $1', [`%${token}%`]);
      assert.equal(Number(leak!.n), 0, 'the invitation token is not in the audit log');
    });

    test('creating a custom role and a team are audited with their targets', async () => {
      const role = await call('POST', `/api/v1/orgs/${A.id}/roles`, {
        token: ownerA.token,
        headers: { 'user-agent': UA },
        body: { key: 'auditor', name: 'Auditor', permissions: ['audit:read'] },
      });
      assert.equal(role.status, 201, role.text);
      const e1 = await entryOf(role, A, ownerA, 'role.created');
      assert.equal(e1.targetType, 'role');
      assert.equal(e1.targetId, 'auditor');
      assert.deepEqual(e1.changes, { after: { name: 'Auditor', permissions: ['audit:read'] } });
      assertActor(e1, 'api_client', ownerA);

      const team = await call('POST', `/api/v1/orgs/${A.id}/teams`, { token: ownerA.token, headers: { 'user-agent': UA }, body: { name: 'Audit Team' } });
      assert.equal(team.status, 201, team.text);
      const e2 = await entryOf(team, A, ownerA, 'team.created');
      assert.equal(e2.targetType, 'team');
      assert.equal(e2.targetId, team.json.id);
      assert.deepEqual(e2.changes, { after: { name: 'Audit Team' } });
      assertRequestMetadata(e2);
    });

    test('creating a webhook is audited without its secret', async () => {
      const res = await call('POST', `/api/v1/orgs/${A.id}/webhooks`, {
        token: ownerA.token,
        headers: { 'user-agent': UA },
        body: { url: 'http://127.0.0.1:9/audit-hook', eventTypes: ['TEAM_CREATED'] },
      });
      assert.equal(res.status, 201, res.text);
      const secret: string = res.json.secret;
      assert.match(secret, /^whsec_/);
      const e = await entryOf(res, A, ownerA, 'webhook.created');
      assert.equal(e.targetType, 'webhook_endpoint');
      assert.equal(e.targetId, res.json.id);
      assert.deepEqual(e.changes, { after: { url: 'http://127.0.0.1:9/audit-hook', eventTypes: ['TEAM_CREATED'] } });
      assert.ok(!JSON.stringify(e).includes(secret.slice(6)), 'the entry does not contain the secret');
      const key = secret.slice('whsec_'.length);
      const [row] = await t.db.query<{ n: number }>(
        'select count(*)::int as n from audit_logs where changes::text like $1 or user_agent like $1',
        [`%${key}%`],
      );
      assert.equal(Number(row!.n), 0, 'the secret is nowhere in audit_logs');
    });

    test("operator approve and suspend are audited as operator actions in the organization's log and the platform log", async () => {
      const owner = await t.signUp('Pending Owner');
      const created = await t.request('POST', '/api/v1/orgs', { token: owner.token, body: { name: 'Operated Org' } });
      assert.equal(created.status, 201, created.text);
      const org: Org = created.json;
      const approved = await call('POST', `/api/v1/admin/organizations/${org.id}/approve`, { token: ops.token, headers: { 'user-agent': UA } });
      assert.equal(approved.status, 200, approved.text);
      const suspended = await call('POST', `/api/v1/admin/organizations/${org.id}/suspend`, {
        token: ops.token,
        headers: { 'user-agent': UA },
        body: { reason: 'unpaid invoices' },
      });
      assert.equal(suspended.status, 200, suspended.text);
      const reactivated = await call('POST', `/api/v1/admin/organizations/${org.id}/reactivate`, { token: ops.token, headers: { 'user-agent': UA } });
      assert.equal(reactivated.status, 200, reactivated.text);

      // In the organization's own log, read by its owner.
      const approve = await entryOf(approved, org, owner, 'organization.approve');
      assertActor(approve, 'operator', ops);
      assert.equal(approve.targetType, 'organization');
      assert.equal(approve.targetId, org.id);
      assert.deepEqual(approve.changes, { before: { status: 'PENDING' }, after: { status: 'ACTIVE', reason: null } });
      assertRequestMetadata(approve);
      const suspend = await entryOf(suspended, org, owner, 'organization.suspend');
      assertActor(suspend, 'operator', ops);
      assert.deepEqual(suspend.changes, { before: { status: 'ACTIVE' }, after: { status: 'SUSPENDED', reason: 'unpaid invoices' } });
      // The owner's own creation is there too, as a different actor.
      const [createdEntry] = await entries(org, owner, { action: 'organization.created' });
      assertActor(createdEntry, 'api_client', owner);

      // In the platform-wide log, read by an operator, with the organization named.
      const platform = await t.request('GET', `/api/v1/admin/audit?organizationId=${org.id}&limit=100`, { token: ops.token });
      assert.equal(platform.status, 200, platform.text);
      assert.ok(platform.json.items.length >= 3);
      for (const item of platform.json.items) assert.equal(item.organizationId, org.id);
      const byRequest = (res: Res) => platform.json.items.find((i: any) => i.requestId === requestIdOf(res));
      const pApprove = byRequest(approved);
      assert.ok(pApprove, 'approve is in the platform log');
      assert.equal(pApprove.action, 'organization.approve');
      assertActor(pApprove, 'operator', ops);
      assert.equal(pApprove.userAgent, UA);
      const pSuspend = byRequest(suspended);
      assert.equal(pSuspend?.action, 'organization.suspend');
      assert.deepEqual(pSuspend.changes, suspend.changes);
      // The self-service creation was not an operator action: it is not in the platform log.
      assert.ok(!platform.json.items.some((i: any) => i.action === 'organization.created'));

      const filtered = await t.request('GET', `/api/v1/admin/audit?organizationId=${org.id}&action=organization.suspend`, { token: ops.token });
      assert.equal(filtered.status, 200, filtered.text);
      assert.deepEqual(filtered.json.items.map((i: any) => i.requestId), [requestIdOf(suspended)]);
    });

    test('the platform audit log is for operators only', async () => {
      const refused = await t.request('GET', '/api/v1/admin/audit', { token: ownerA.token });
      assertProblem(refused, 403, 'operator_required');
      const allowed = await t.request('GET', '/api/v1/admin/audit', { token: ops.token });
      assert.equal(allowed.status, 200, allowed.text);
    });
  });

  describe('failed changes', () => {
    test('a settings change that fails (slug taken → 409) leaves no audit row and no domain event; a successful one leaves one of each', async () => {
      const auditBefore = await count('audit_logs');
      const eventsBefore = await count('domain_events');
      const failed = await t.request('PATCH', `/api/v1/orgs/${A.id}`, { token: ownerA.token, body: { name: 'Should Not Stick', slug: B.slug } });
      assertProblem(failed, 409, 'slug_taken');
      assert.equal(await count('audit_logs'), auditBefore, 'no audit row');
      assert.equal(await count('domain_events'), eventsBefore, 'no domain event');
      const [org] = await t.db.query<{ name: string; slug: string }>('select name, slug from organizations where id = $1', [A.id]);
      assert.notEqual(org!.name, 'Should Not Stick', 'the name change rolled back with it');

      const ok = await t.request('PATCH', `/api/v1/orgs/${A.id}`, { token: ownerA.token, body: { slug: `${A.slug}-moved` } });
      assert.equal(ok.status, 200, ok.text);
      A = { ...A, slug: ok.json.slug };
      assert.equal(await count('audit_logs'), auditBefore + 1, 'one audit row');
      assert.equal(await count('domain_events'), eventsBefore + 1, 'one domain event');
    });

    test('a refused role change (an admin acting on the owner) leaves no audit row', async () => {
      const before = await count('audit_logs');
      const ownerMembership = await membershipId(A.id, ownerA.id);
      const admin = await t.signUp('Second Admin');
      await addMember(t.db, A.id, admin.id, 'ADMIN');
      const refused = await t.request('PATCH', `/api/v1/orgs/${A.id}/members/${ownerMembership}`, { token: admin.token, body: { role: 'MEMBER' } });
      assert.equal(refused.status, 403, refused.text);
      assert.equal(await count('audit_logs'), before);
    });
  });

  describe('append-only', () => {
    test('the runtime role cannot delete or update audit rows, only read and append them', async () => {
      const scope = { orgId: A.id, userId: ownerA.id };
      const seen = await withTenant(t.db, scope, async (tx) => rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from audit_logs`)));
      const n = Number(seen[0]!.n);
      assert.ok(n > 0, 'positive control: the runtime role reads its organization\'s rows');

      for (const statement of [sql`delete from audit_logs`, sql`update audit_logs set action = 'rewritten'`]) {
        await assert.rejects(
          withTenant(t.db, scope, (tx) => tx.execute(statement)),
          (err: any) => {
            assert.equal(pgCodeOf(err), '42501', String(err));
            assert.match(`${err.message} ${err.cause?.message ?? ''}`, /permission denied/);
            return true;
          },
        );
      }
      // Appending is allowed (positive control for the grant), and nothing was removed or rewritten.
      await withTenant(t.db, scope, (tx) =>
        tx.execute(sql`insert into audit_logs (organization_id, id, actor_type, action, target_type) values (${A.id}, gen_random_uuid(), 'system', 'test.appended', 'test')`),
      );
      const [after] = await t.db.query<{ n: number; rewritten: number }>(
        "select count(*)::int as n, count(*) filter (where action = 'rewritten')::int as rewritten from audit_logs where organization_id = $1",
        [A.id],
      );
      assert.equal(Number(after!.n), n + 1);
      assert.equal(Number(after!.rewritten), 0);
    });
  });

  describe('reading: filters and pagination', () => {
    let F: Org;
    let ownerF: User;
    let team1: string;
    let team2: string;
    let all: any[];

    before(async () => {
      ({ org: F, owner: ownerF } = await t.activeOrganization(ops, 'Filter Org'));
      const mk = async (name: string) => {
        const r = await t.request('POST', `/api/v1/orgs/${F.id}/teams`, { token: ownerF.token, body: { name } });
        assert.equal(r.status, 201, r.text);
        return r.json.id as string;
      };
      team1 = await mk('Filter One');
      team2 = await mk('Filter Two');
      const carol = await t.signUp('Carol');
      await addMember(t.db, F.id, carol.id, 'MEMBER');
      const carolId = await membershipId(F.id, carol.id);
      assert.equal((await t.request('PATCH', `/api/v1/orgs/${F.id}/members/${carolId}`, { token: ownerF.token, body: { role: 'READ_ONLY' } })).status, 200);
      assert.equal((await t.request('POST', `/api/v1/orgs/${F.id}/members/${carolId}/suspend`, { token: ownerF.token })).status, 200);
      const role = await t.request('POST', `/api/v1/orgs/${F.id}/roles`, { token: ownerF.token, body: { key: 'viewer', name: 'Viewer', permissions: ['teams:read'] } });
      assert.equal(role.status, 201, role.text);
      all = await entries(F, ownerF);
    });

    test('the log lists every entry, newest first', () => {
      assert.deepEqual(
        all.map((e) => e.action),
        ['role.created', 'member.suspend', 'member.role_changed', 'team.created', 'team.created', 'organization.approve', 'organization.created'],
      );
      const ids = all.map((e) => e.id);
      assert.deepEqual(ids, [...ids].sort().reverse(), 'ordered by id (time), newest first');
    });

    test('filters by actor id and actor type', async () => {
      assert.deepEqual((await entries(F, ownerF, { actorId: ops.id })).map((e) => e.action), ['organization.approve']);
      assert.deepEqual((await entries(F, ownerF, { actorType: 'operator' })).map((e) => e.action), ['organization.approve']);
      const byOwner = await entries(F, ownerF, { actorId: ownerF.id });
      assert.equal(byOwner.length, 6);
      assert.ok(byOwner.every((e) => e.actorId === ownerF.id));
      const clients = await entries(F, ownerF, { actorType: 'api_client' });
      assert.equal(clients.length, 6);
      assert.deepEqual(await entries(F, ownerF, { actorType: 'user' }), []);
    });

    test('filters by exact action or by a prefix ending in "."', async () => {
      assert.deepEqual((await entries(F, ownerF, { action: 'team.created' })).map((e) => e.targetId).sort(), [team1, team2].sort());
      assert.deepEqual((await entries(F, ownerF, { action: 'member.' })).map((e) => e.action), ['member.suspend', 'member.role_changed']);
      assert.deepEqual(await entries(F, ownerF, { action: 'member' }), [], 'without the dot the action is exact');
      assert.deepEqual(await entries(F, ownerF, { action: 'member.%' }), [], 'LIKE wildcards are literal');
      assert.deepEqual(await entries(F, ownerF, { action: 'mem' }), []);
    });

    test('filters by target type and target id', async () => {
      assert.equal((await entries(F, ownerF, { targetType: 'team' })).length, 2);
      const one = await entries(F, ownerF, { targetId: team1 });
      assert.equal(one.length, 1);
      assert.equal(one[0].targetId, team1);
      assert.equal((await entries(F, ownerF, { targetType: 'membership' })).length, 2);
      assert.deepEqual(await entries(F, ownerF, { targetType: 'nothing-here' }), []);
    });

    test('filters by time range (from, to)', async () => {
      const e1 = all.find((e) => e.targetId === team1)!;
      const e2 = all.find((e) => e.action === 'member.role_changed')!;
      await t.db.query("update audit_logs set created_at = '2001-01-01T00:00:00Z' where id = $1", [e1.id]);
      await t.db.query("update audit_logs set created_at = '2001-03-01T00:00:00Z' where id = $1", [e2.id]);
      const jan = await entries(F, ownerF, { from: '2000-12-01T00:00:00Z', to: '2001-02-01T00:00:00Z' });
      assert.deepEqual(jan.map((e) => e.id), [e1.id]);
      const until = await entries(F, ownerF, { to: '2001-06-01T00:00:00Z' });
      assert.deepEqual(until.map((e) => e.id).sort(), [e1.id, e2.id].sort());
      const since = await entries(F, ownerF, { from: '2001-06-01T00:00:00Z' });
      assert.equal(since.length, all.length - 2);
      assert.ok(!since.some((e) => e.id === e1.id || e.id === e2.id));
      const bounds = await entries(F, ownerF, { from: '2001-01-01T00:00:00Z', to: '2001-03-01T00:00:00Z' });
      assert.equal(bounds.length, 2, 'from and to are inclusive');
      const bad = await t.request('GET', auditPath(F, { from: 'yesterday' }), { token: ownerF.token });
      assertProblem(bad, 400, 'validation_failed');
    });

    test('cursor pagination with limit=2 walks every entry exactly once, in order', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const q: Record<string, string> = { limit: '2', ...(cursor ? { cursor } : {}) };
        const res = await t.request('GET', auditPath(F, q), { token: ownerF.token });
        assert.equal(res.status, 200, res.text);
        assert.ok(res.json.items.length <= 2);
        seen.push(...res.json.items.map((e: any) => e.id));
        cursor = res.json.nextCursor;
        pages++;
        assert.ok(pages <= 10, 'pagination terminates');
      } while (cursor);
      assert.equal(pages, Math.ceil(all.length / 2));
      assert.deepEqual(seen, all.map((e) => e.id));
      assert.equal(new Set(seen).size, seen.length, 'no entry twice');
    });

    test('a cursor keeps the filters it is used with, and one from another organization is refused', async () => {
      const first = await t.request('GET', auditPath(F, { limit: '1', action: 'team.created' }), { token: ownerF.token });
      assert.equal(first.status, 200, first.text);
      assert.equal(first.json.items.length, 1);
      assert.ok(first.json.nextCursor);
      const second = await t.request('GET', auditPath(F, { limit: '1', action: 'team.created', cursor: first.json.nextCursor }), { token: ownerF.token });
      assert.equal(second.status, 200, second.text);
      assert.equal(second.json.items[0].action, 'team.created');
      assert.notEqual(second.json.items[0].id, first.json.items[0].id);
      assert.equal(second.json.nextCursor, null);

      const foreign = await t.request('GET', auditPath(A, { cursor: first.json.nextCursor }), { token: ownerA.token });
      assertProblem(foreign, 400, 'validation_failed');
      const unknown = await t.request('GET', auditPath(F, { organizationId: A.id }), { token: ownerF.token });
      assertProblem(unknown, 400, 'validation_failed');
    });
  });

  describe('export', () => {
    let E: Org;
    let ownerE: User;
    const tricky = [
      { name: '=cmd|calc', ua: '=cmd|calc', requestId: '-cmd-1' },
      { name: '+1', ua: '+1', requestId: 'plus-1' },
      { name: '@SUM(A1)', ua: '@SUM(1+1)', requestId: 'at-1' },
      { name: 'Sales, "East"', ua: 'agent, "quoted"', requestId: 'quote-1' },
    ];

    before(async () => {
      ({ org: E, owner: ownerE } = await t.activeOrganization(ops, 'Export Org'));
      for (const x of tricky) {
        const r = await t.request('POST', `/api/v1/orgs/${E.id}/teams`, {
          token: ownerE.token,
          headers: { 'user-agent': x.ua, 'x-request-id': `${x.requestId}-${Date.now()}` },
          body: { name: x.name },
        });
        assert.equal(r.status, 201, r.text);
      }
    });

    test('CSV: a header row, one record per entry, formula-like cells prefixed with an apostrophe, quoting intact', async () => {
      const res = await t.request('GET', `/api/v1/orgs/${E.id}/audit/export?format=csv`, { token: ownerE.token });
      assert.equal(res.status, 200, res.text);
      assert.match(res.headers.get('content-type') ?? '', /^text\/csv/);
      assert.match(res.headers.get('content-disposition') ?? '', /attachment; filename="audit-.+\.csv"/);
      const records = parseCsv(res.text);
      assert.deepEqual(records[0], CSV_COLUMNS);
      const listed = await entries(E, ownerE);
      assert.equal(records.length - 1, listed.length, 'one record per entry');
      const col = (name: string) => CSV_COLUMNS.indexOf(name);
      for (const r of records) assert.equal(r.length, CSV_COLUMNS.length, `every record has ${CSV_COLUMNS.length} fields: ${JSON.stringify(r)}`);
      assert.deepEqual(records.slice(1).map((r) => r[col('id')]), listed.map((e) => e.id), 'same entries, same order as the list');

      // No cell a spreadsheet would evaluate: every formula-like value starts with an apostrophe.
      for (const r of records.slice(1)) for (const cell of r) assert.doesNotMatch(cell, /^[=+\-@\t\r]/, `unescaped cell ${cell}`);
      const byUa = (ua: string) => records.find((r) => r[col('action')] === 'team.created' && r[col('userAgent')] === ua);
      assert.ok(byUa("'=cmd|calc"), 'the =cmd|calc user agent cell starts with \'=');
      assert.ok(byUa("'+1"));
      assert.ok(byUa("'@SUM(1+1)"));
      assert.ok(byUa('agent, "quoted"'), 'commas and quotes survive the round trip');
      const dashed = records.find((r) => r[col('requestId')]!.startsWith("'-cmd-1-"));
      assert.ok(dashed, 'a request id starting with - is escaped');
      // The raw text escapes the formula cell itself (not only after parsing).
      assert.match(res.text, /,'=cmd\|calc,/);
      assert.match(res.text, /,"agent, ""quoted""",/);

      // The changes column is JSON in a quoted cell: it parses back to the same value as the API's.
      const names = records
        .slice(1)
        .filter((r) => r[col('action')] === 'team.created')
        .map((r) => JSON.parse(r[col('changes')]!).after.name)
        .sort();
      assert.deepEqual(names, tricky.map((x) => x.name).sort());
      for (const r of records.slice(1)) {
        const e = listed.find((x) => x.id === r[col('id')])!;
        assert.deepEqual(r[col('changes')] === '' ? null : JSON.parse(r[col('changes')]!), e.changes);
        assert.equal(r[col('actorEmail')], e.actorEmail ?? '');
      }
    });

    test('CSV cells: separators, quotes and newlines are quoted; formula prefixes are neutralised', () => {
      assert.equal(csvCell('plain'), 'plain');
      assert.equal(csvCell('a,b'), '"a,b"');
      assert.equal(csvCell('say "hi"'), '"say ""hi"""');
      assert.equal(csvCell('line1\nline2'), '"line1\nline2"');
      assert.equal(csvCell('line1\r\nline2'), '"line1\r\nline2"');
      assert.equal(csvCell('=1+1'), "'=1+1");
      assert.equal(csvCell('+1'), "'+1");
      assert.equal(csvCell('-1'), "'-1");
      assert.equal(csvCell('@x'), "'@x");
      assert.equal(csvCell('\tx'), "'\tx");
      assert.equal(csvCell('=a,b'), `"'=a,b"`);
      assert.equal(csvCell(null), '');
      assert.equal(csvCell({ a: '"' }), '"{""a"":""\\""""}"');
      const parsed = parseCsv(`${['x', 'line1\nline2', 'say "hi"', 'a,b'].map(csvCell).join(',')}\r\n`);
      assert.deepEqual(parsed, [['x', 'line1\nline2', 'say "hi"', 'a,b']]);
    });

    test('NDJSON: one JSON entry per line, the same entries as the list, values unescaped', async () => {
      const res = await t.request('GET', `/api/v1/orgs/${E.id}/audit/export?format=ndjson`, { token: ownerE.token });
      assert.equal(res.status, 200, res.text);
      assert.match(res.headers.get('content-type') ?? '', /^application\/x-ndjson/);
      assert.match(res.headers.get('content-disposition') ?? '', /filename="audit-.+\.ndjson"/);
      assert.ok(res.text.endsWith('\n'));
      const lines = res.text.split('\n').filter((l) => l !== '');
      const parsed = lines.map((l) => JSON.parse(l));
      const listed = await entries(E, ownerE);
      assert.deepEqual(parsed, listed);
      assert.ok(parsed.some((e) => e.userAgent === '=cmd|calc'), 'JSON keeps the value as it was');
    });

    test('an export honours the filters', async () => {
      const res = await t.request('GET', `/api/v1/orgs/${E.id}/audit/export?format=ndjson&action=team.`, { token: ownerE.token });
      assert.equal(res.status, 200, res.text);
      const parsed = res.text.split('\n').filter(Boolean).map((l) => JSON.parse(l));
      assert.equal(parsed.length, tricky.length);
      assert.ok(parsed.every((e) => e.action === 'team.created'));
    });
  });

  describe('who may read it', () => {
    test('a MEMBER (no audit:read) gets 403 on the log and the export; an ADMIN and the OWNER read it', async () => {
      const member = await t.signUp('Plain Member');
      await addMember(t.db, A.id, member.id, 'MEMBER');
      assertProblem(await t.request('GET', auditPath(A), { token: member.token }), 403, 'forbidden');
      assertProblem(await t.request('GET', `/api/v1/orgs/${A.id}/audit/export`, { token: member.token }), 403, 'forbidden');
      const readOnly = await t.signUp('Read Only');
      await addMember(t.db, A.id, readOnly.id, 'READ_ONLY');
      assertProblem(await t.request('GET', auditPath(A), { token: readOnly.token }), 403, 'forbidden');

      const admin = await t.signUp('Audit Admin');
      await addMember(t.db, A.id, admin.id, 'ADMIN');
      assert.equal((await t.request('GET', auditPath(A), { token: admin.token })).status, 200);
      assert.equal((await t.request('GET', `/api/v1/orgs/${A.id}/audit/export`, { token: admin.token })).status, 200);
      assert.equal((await t.request('GET', auditPath(A), { token: ownerA.token })).status, 200);
    });

    test("a custom role with audit:read reads the log but cannot export without audit:export", async () => {
      const auditor = await t.signUp('Auditor');
      await addMember(t.db, A.id, auditor.id, 'auditor'); // role created earlier with ['audit:read']
      assert.equal((await t.request('GET', auditPath(A), { token: auditor.token })).status, 200);
      assertProblem(await t.request('GET', `/api/v1/orgs/${A.id}/audit/export`, { token: auditor.token }), 403, 'forbidden');
    });

    test("another organization's log answers 404, exactly like an organization that does not exist", async () => {
      const foreign = await t.request('GET', auditPath(A), { token: ownerB.token });
      assertProblem(foreign, 404, 'not_found');
      const missing = await t.request('GET', `/api/v1/orgs/no-such-org-here/audit`, { token: ownerB.token });
      assert.deepEqual(sansRequestId(foreign), sansRequestId(missing));
      assertProblem(await t.request('GET', `/api/v1/orgs/${A.id}/audit/export`, { token: ownerB.token }), 404, 'not_found');
      assert.equal((await t.request('GET', auditPath(B), { token: ownerB.token })).status, 200, 'positive control: B reads its own');
    });

    test("inside a tenant transaction, B's context sees none of A's audit rows; A's sees its own", async () => {
      const asB = await withTenant(t.db, { orgId: B.id, userId: ownerB.id }, async (tx) =>
        rowsOf<{ organization_id: string }>(await tx.execute(sql`select organization_id from audit_logs`)),
      );
      assert.ok(asB.length > 0, 'B has rows of its own');
      assert.ok(asB.every((r) => r.organization_id === B.id), 'only B rows are visible to B');
      const aForB = await withTenant(t.db, { orgId: B.id, userId: ownerB.id }, async (tx) =>
        rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from audit_logs where organization_id = ${A.id}`)),
      );
      assert.equal(Number(aForB[0]!.n), 0);
      const aForA = await withTenant(t.db, { orgId: A.id, userId: ownerA.id }, async (tx) =>
        rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from audit_logs where organization_id = ${A.id}`)),
      );
      assert.ok(Number(aForA[0]!.n) > 0, 'positive control: A sees its rows');
      // B's API list never shows A's targets either.
      const bList = await entries(B, ownerB);
      assert.ok(!bList.some((e) => e.targetId === A.id));
    });
  });

  describe('retention', () => {
    test('purging removes rows older than each organization\'s retention and keeps recent rows and other organizations\' rows', async () => {
      const { org: R1, owner: o1 } = await t.activeOrganization(ops, 'Short Retention');
      const { org: R2, owner: o2 } = await t.activeOrganization(ops, 'Default Retention');
      for (const [org, owner] of [[R1, o1], [R2, o2]] as const) {
        for (const name of ['Old One', 'Old Two', 'Recent']) {
          const r = await t.request('POST', `/api/v1/orgs/${org.id}/teams`, { token: owner.token, body: { name } });
          assert.equal(r.status, 201, r.text);
        }
      }
      await t.db.query('update organizations set audit_retention_days = 1 where id = $1', [R1.id]);
      const oldIds = async (orgId: string) =>
        (
          await t.db.query<{ id: string }>(
            "select id from audit_logs where organization_id = $1 and action = 'team.created' and changes->'after'->>'name' like 'Old%'",
            [orgId],
          )
        ).map((r) => r.id);
      const old1 = await oldIds(R1.id);
      const old2 = await oldIds(R2.id);
      assert.equal(old1.length, 2);
      assert.equal(old2.length, 2);
      await t.db.query("update audit_logs set created_at = now() - interval '2 days' where id = any($1::uuid[])", [[...old1, ...old2]]);
      const before1 = await t.db.query<{ id: string }>('select id from audit_logs where organization_id = $1', [R1.id]);
      const before2 = await t.db.query<{ id: string }>('select id from audit_logs where organization_id = $1', [R2.id]);

      const purged = await purgeExpiredAudit(t.db);
      assert.ok(purged >= 2, `purged ${purged}`);

      const after1 = (await t.db.query<{ id: string }>('select id from audit_logs where organization_id = $1', [R1.id])).map((r) => r.id);
      assert.deepEqual(after1.sort(), before1.map((r) => r.id).filter((id) => !old1.includes(id)).sort(), 'only the expired rows are gone');
      assert.ok(after1.length > 0, 'recent rows are kept');
      const after2 = (await t.db.query<{ id: string }>('select id from audit_logs where organization_id = $1', [R2.id])).map((r) => r.id);
      assert.deepEqual(after2.sort(), before2.map((r) => r.id).sort(), 'the default-retention organization is untouched');
      // Running it again removes nothing more of these organizations.
      await purgeExpiredAudit(t.db);
      assert.equal((await t.db.query('select id from audit_logs where organization_id = $1', [R1.id])).length, after1.length);
    });
  });

  describe('security events', () => {
    test('a MEMBER trying to change settings is refused as usual and the denial is recorded as permission_denied', async () => {
      const member = await t.signUp('Nosy Member');
      await addMember(t.db, B.id, member.id, 'MEMBER');
      const allowed = await t.request('PATCH', `/api/v1/orgs/${B.id}`, { token: ownerB.token, body: { language: 'es' } });
      assert.equal(allowed.status, 200, allowed.text);
      const denied = await call('PATCH', `/api/v1/orgs/${B.id}`, { token: member.token, headers: { 'user-agent': UA }, body: { language: 'it' } });
      assertProblem(denied, 403, 'forbidden');
      // The refusal says nothing about being recorded: the usual problem fields only.
      assert.deepEqual(Object.keys(denied.json).sort(), ['code', 'detail', 'requestId', 'status', 'title', 'type']);
      const again = await t.request('PATCH', `/api/v1/orgs/${B.id}`, { token: member.token, body: { language: 'it' } });
      assert.deepEqual(sansRequestId(again), sansRequestId(denied), 'a repeated attempt answers identically');

      const ev = await securityEventFor(requestIdOf(denied));
      assert.equal(ev.kind, 'permission_denied');
      assert.equal(ev.userId, member.id);
      assert.equal(ev.method, 'PATCH');
      assert.equal(ev.code, 'forbidden');
      assert.equal(ev.userAgent, UA);
      assert.match(ev.ip ?? '', /(^|:)127\.0\.0\.1$/);
      assert.ok(!ev.route.includes(B.id), `the route pattern, not the ids: ${ev.route}`);
      assert.equal(ev.route, '/api/v1/orgs/:org', 'the endpoint pattern, not a middleware or catch-all');
      // Positive control: the allowed change left no security event.
      const list = await t.request('GET', '/api/v1/admin/security-events?limit=100', { token: ops.token });
      assert.ok(!list.json.items.some((e: any) => e.requestId === requestIdOf(allowed)));
      const [org] = await t.db.query<{ language: string }>('select language from organizations where id = $1', [B.id]);
      assert.equal(org!.language, 'es', 'the refused change was not applied');
    });

    test("probing another organization's member id is a not_found_probe, answered like any missing member", async () => {
      const aMember = await membershipId(A.id, ownerA.id);
      const probe = await t.request('GET', `/api/v1/orgs/${B.id}/members/${aMember}`, { token: ownerB.token });
      assertProblem(probe, 404, 'not_found');
      const missing = await t.request('GET', `/api/v1/orgs/${B.id}/members/${'0190a0a0-0000-7000-8000-000000000000'}`, { token: ownerB.token });
      assert.deepEqual(sansRequestId(probe), sansRequestId(missing));
      const ev = await securityEventFor(requestIdOf(probe));
      assert.equal(ev.kind, 'not_found_probe');
      assert.equal(ev.userId, ownerB.id);
      assert.equal(ev.code, 'not_found');
      assert.ok(!ev.route.includes(aMember), 'the probed id is not stored');
      assert.equal(ev.route, '/api/v1/orgs/{org}/members/{memberId}'.replace(/\{(\w+)\}/g, ':$1'));
      // Positive control: the owner of A reads that member.
      assert.equal((await t.request('GET', `/api/v1/orgs/${A.id}/members/${aMember}`, { token: ownerA.token })).status, 200);
    });

    test('a non-operator on /api/v1/admin is recorded as operator_required', async () => {
      const res = await t.request('GET', '/api/v1/admin/organizations', { token: ownerA.token });
      assertProblem(res, 403, 'operator_required');
      const ev = await securityEventFor(requestIdOf(res));
      assert.equal(ev.kind, 'operator_required');
      assert.equal(ev.userId, ownerA.id);
      assert.equal(ev.method, 'GET');
      assert.equal((await t.request('GET', '/api/v1/admin/organizations', { token: ops.token })).status, 200);
    });

    test('security events are for operators only', async () => {
      assertProblem(await t.request('GET', '/api/v1/admin/security-events', { token: ownerA.token }), 403, 'operator_required');
      assert.equal((await t.request('GET', '/api/v1/admin/security-events', { token: ops.token })).status, 200);
      assert.equal((await t.request('GET', '/api/v1/admin/security-events')).status, 401);
    });
  });
});

// Domain events and webhooks (O2) over real HTTP, with real receivers: events are written with the change
// that causes them and listed in the organization's feed; webhook endpoints (CRUD, secret shown once);
// Standard Webhooks signatures verified by an independent receiver; event-type filtering; per-organization
// ordering; retries with growing delays; failure after the last attempt; automatic disabling and
// re-enabling; test events; secret rotation; and tenant separation of events and endpoints.
// The worker is driven by hand (tick), and retries are made due by moving next_attempt_at, so nothing
// here depends on timing.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { addMember, startTestSystem, type TestSystem } from './harness.ts';
import { startReceiver, signaturesOf, timestampSkewSeconds, verifiedBy, type Receiver } from './support/webhook-receiver.ts';
import { loadConfig, type Config } from '../src/server/config.ts';
import { createLogger } from '../src/server/runtime.ts';
import { startWorker, type Worker } from '../src/server/worker/worker.ts';
import { assertProblem } from './support/problems.ts';

type Res = { status: number; headers: Headers; json: any; text: string };
type Ops = { id: string; token: string; email: string };
type Org = { id: string; slug: string; name: string };

function sansRequestId(res: Res) {
  const { requestId: _id, ...rest } = res.json ?? {};
  return { status: res.status, body: rest };
}

const parse = (p: unknown) => (typeof p === 'string' ? JSON.parse(p) : p) as Record<string, any>;

describe('domain events and webhooks', () => {
  let t: TestSystem;
  let ops: Ops;
  const workers: Worker[] = [];
  const receivers: Receiver[] = [];
  let worker: Worker;

  function newWorker(webhooks: Partial<Config['webhooks']> = {}): Worker {
    const config: Config = { ...t.config, webhooks: { ...t.config.webhooks, retryBaseMs: 20, ...webhooks } };
    const w = startWorker(config, t.db, t.system.box, createLogger(t.config), { autoStart: false });
    workers.push(w);
    return w;
  }

  async function receiver(respond?: Parameters<typeof startReceiver>[0]) {
    const r = await startReceiver(respond);
    receivers.push(r);
    return r;
  }

  before(async () => {
    t = await startTestSystem();
    ops = await t.operator();
    worker = newWorker();
  });
  after(async () => {
    for (const w of workers) await w.stop();
    for (const r of receivers) await r.close();
    await t.close();
  });

  /** An ACTIVE organization whose creation events are already dispatched (to no endpoint). */
  async function freshOrg(name: string) {
    const made = await t.activeOrganization(ops, name);
    await worker.tick();
    return made;
  }

  async function createEndpoint(org: Org, owner: { token: string }, url: string, eventTypes?: string[]) {
    const res = await t.request('POST', `/api/v1/orgs/${org.id}/webhooks`, { token: owner.token, body: { url, ...(eventTypes ? { eventTypes } : {}) } });
    assert.equal(res.status, 201, res.text);
    return res.json as { id: string; secret: string; url: string; eventTypes: string[] };
  }

  async function createTeam(org: Org, owner: { token: string }, name: string) {
    const res = await t.request('POST', `/api/v1/orgs/${org.id}/teams`, { token: owner.token, body: { name } });
    assert.equal(res.status, 201, res.text);
    return res.json as { id: string; name: string };
  }

  /** Pending deliveries of the organization become due now (as if their backoff had elapsed). */
  async function makeDue(orgId: string) {
    await t.db.query("update webhook_deliveries set next_attempt_at = now() - interval '1 second' where organization_id = $1 and status = 'PENDING'", [orgId]);
  }

  /** Ticks until `done()` holds; when `dueFor` is given, pending retries of that organization are made due between ticks. */
  async function tickUntil(w: Worker, done: () => boolean | Promise<boolean>, opts: { dueFor?: string; max?: number } = {}) {
    for (let i = 0; i < (opts.max ?? 60); i++) {
      if (await done()) return;
      await w.tick();
      if (opts.dueFor) await makeDue(opts.dueFor);
    }
    assert.ok(await done(), 'the worker got there within the tick budget');
  }

  async function deliveryRows(endpointId: string) {
    return t.db.query<{ id: string; message_id: string; event_type: string; status: string; attempts: number; last_status_code: number | null; last_error: string | null }>(
      'select id, message_id, event_type, status, attempts, last_status_code, last_error from webhook_deliveries where endpoint_id = $1 order by id',
      [endpointId],
    );
  }

  async function eventIds(orgId: string, type: string) {
    return (await t.db.query<{ id: string }>('select id from domain_events where organization_id = $1 and type = $2 order by id', [orgId, type])).map((r) => r.id);
  }

  async function latestEvent(orgId: string) {
    const [row] = await t.db.query<{ id: string; type: string; payload: unknown }>(
      'select id, type, payload from domain_events where organization_id = $1 order by id desc limit 1',
      [orgId],
    );
    assert.ok(row, 'an event exists');
    return { ...row, payload: parse(row.payload) };
  }

  describe('domain events', () => {
    test('each change writes its event as it commits, and the feed lists them in order through its cursor', async () => {
      const owner = await t.signUp('Event Owner');
      const created = await t.request('POST', '/api/v1/orgs', { token: owner.token, body: { name: 'Eventful Org' } });
      assert.equal(created.status, 201, created.text);
      const org: Org = created.json;
      let e = await latestEvent(org.id);
      assert.equal(e.type, 'TENANT_CREATED');
      assert.equal(e.payload.organizationId, org.id);
      assert.equal(e.payload.status, 'PENDING');

      assert.equal((await t.request('POST', `/api/v1/admin/organizations/${org.id}/approve`, { token: ops.token })).status, 200);
      e = await latestEvent(org.id);
      assert.equal(e.type, 'TENANT_APPROVED');
      assert.equal(e.payload.status, 'ACTIVE');

      const joiner = await t.signUp('Joiner');
      await t.db.query('update users set email_verified = true where id = $1', [joiner.id]);
      const inv = await t.request('POST', `/api/v1/orgs/${org.id}/invitations`, { token: owner.token, body: { email: joiner.email, role: 'MEMBER' } });
      assert.equal(inv.status, 201, inv.text);
      e = await latestEvent(org.id);
      assert.equal(e.type, 'MEMBER_INVITED');
      assert.deepEqual(e.payload, { invitationId: inv.json.id, email: joiner.email, role: 'MEMBER' });

      const [msg] = await t.db.query<{ payload: unknown }>("select payload from notifications where kind = 'invitation' and to_email = $1", [joiner.email]);
      const accepted = await t.request('POST', `/api/v1/invitations/${parse(msg!.payload).token}/accept`, { token: joiner.token });
      assert.equal(accepted.status, 200, accepted.text);
      const membershipId = accepted.json.membershipId as string;
      e = await latestEvent(org.id);
      assert.equal(e.type, 'MEMBER_JOINED');
      assert.deepEqual(e.payload, { membershipId, userId: joiner.id, role: 'MEMBER' });

      assert.equal((await t.request('PATCH', `/api/v1/orgs/${org.id}/members/${membershipId}`, { token: owner.token, body: { role: 'ADMIN' } })).status, 200);
      e = await latestEvent(org.id);
      assert.equal(e.type, 'MEMBER_ROLE_CHANGED');
      assert.deepEqual(e.payload, { membershipId, userId: joiner.id, from: 'MEMBER', to: 'ADMIN' });

      // A refused change writes no event (it is part of the transaction that rolled back).
      const countBefore = (await t.db.query('select id from domain_events where organization_id = $1', [org.id])).length;
      const again = await t.request('POST', `/api/v1/orgs/${org.id}/invitations`, { token: owner.token, body: { email: joiner.email } });
      assertProblem(again, 409, 'already_member');
      assert.equal((await t.db.query('select id from domain_events where organization_id = $1', [org.id])).length, countBefore);

      assert.equal((await t.request('DELETE', `/api/v1/orgs/${org.id}/members/${membershipId}`, { token: owner.token })).status, 200);
      e = await latestEvent(org.id);
      assert.equal(e.type, 'MEMBER_REMOVED');
      assert.equal(e.payload.membershipId, membershipId);
      assert.equal(e.payload.status, 'REMOVED');

      const suspended = await t.request('POST', `/api/v1/admin/organizations/${org.id}/suspend`, { token: ops.token, body: { reason: 'audit' } });
      assert.equal(suspended.status, 200, suspended.text);
      e = await latestEvent(org.id);
      assert.equal(e.type, 'TENANT_SUSPENDED');
      assert.deepEqual(e.payload, { organizationId: org.id, slug: org.slug, status: 'SUSPENDED', reason: 'audit' });
      assert.equal((await t.request('POST', `/api/v1/admin/organizations/${org.id}/reactivate`, { token: ops.token })).status, 200);

      const expected = [
        'TENANT_CREATED', 'TENANT_APPROVED', 'MEMBER_INVITED', 'MEMBER_JOINED', 'MEMBER_ROLE_CHANGED', 'MEMBER_REMOVED', 'TENANT_SUSPENDED', 'TENANT_REACTIVATED',
      ];
      const seen: any[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res: Res = await t.request('GET', `/api/v1/orgs/${org.id}/events?limit=3${cursor ? `&cursor=${cursor}` : ''}`, { token: owner.token });
        assert.equal(res.status, 200, res.text);
        seen.push(...res.json.items);
        cursor = res.json.nextCursor;
        assert.ok(++pages <= 10);
      } while (cursor);
      assert.equal(pages, 3);
      assert.deepEqual(seen.map((x) => x.type), expected);
      assert.equal(new Set(seen.map((x) => x.id)).size, seen.length);
      const dbIds = (await t.db.query<{ id: string }>('select id from domain_events where organization_id = $1 order by id', [org.id])).map((r) => r.id);
      assert.deepEqual(seen.map((x) => x.id), dbIds);
      for (const x of seen) {
        assert.match(x.createdAt, /^\d{4}-/);
        assert.equal(x.dispatchedAt, null, 'not dispatched yet: no worker ran');
      }

      const onlyMembers = await t.request('GET', `/api/v1/orgs/${org.id}/events?type=MEMBER_JOINED`, { token: owner.token });
      assert.deepEqual(onlyMembers.json.items.map((x: any) => x.type), ['MEMBER_JOINED']);

      // Once the worker ran, the feed shows the events as dispatched.
      await worker.tick();
      const later = await t.request('GET', `/api/v1/orgs/${org.id}/events?limit=100`, { token: owner.token });
      assert.ok(later.json.items.every((x: any) => typeof x.dispatchedAt === 'string'));
    });

    test("the feed needs events:read (MEMBER 403, ADMIN 200) and another organization's feed is 404", async () => {
      const { org, owner } = await freshOrg('Feed Rules');
      const member = await t.signUp('Feed Member');
      await addMember(t.db, org.id, member.id, 'MEMBER');
      assertProblem(await t.request('GET', `/api/v1/orgs/${org.id}/events`, { token: member.token }), 403, 'forbidden');
      const admin = await t.signUp('Feed Admin');
      await addMember(t.db, org.id, admin.id, 'ADMIN');
      assert.equal((await t.request('GET', `/api/v1/orgs/${org.id}/events`, { token: admin.token })).status, 200);
      const { owner: stranger } = await t.activeOrganization(ops, 'Feed Stranger');
      assertProblem(await t.request('GET', `/api/v1/orgs/${org.id}/events`, { token: stranger.token }), 404, 'not_found');
      const own = await t.request('GET', `/api/v1/orgs/${org.id}/events`, { token: owner.token });
      assert.equal(own.status, 200);
      assert.ok(own.json.items.length >= 2);
    });
  });

  describe('webhook endpoints', () => {
    test('creating returns the secret once (whsec_, 32-byte key); reading never shows it and it is stored encrypted', async () => {
      const { org, owner } = await freshOrg('Hook CRUD');
      const created = await createEndpoint(org, owner, 'http://127.0.0.1:9/crud', ['TEAM_CREATED', 'MEMBER_INVITED']);
      assert.match(created.secret, /^whsec_[A-Za-z0-9+/]+={0,2}$/);
      assert.equal(Buffer.from(created.secret.slice(6), 'base64').length, 32);
      assert.deepEqual(created.eventTypes, ['TEAM_CREATED', 'MEMBER_INVITED']);
      const key = created.secret.slice(6);

      const got = await t.request('GET', `/api/v1/orgs/${org.id}/webhooks/${created.id}`, { token: owner.token });
      assert.equal(got.status, 200, got.text);
      assert.equal('secret' in got.json, false);
      assert.ok(!got.text.includes(key));
      const list = await t.request('GET', `/api/v1/orgs/${org.id}/webhooks`, { token: owner.token });
      assert.equal(list.status, 200, list.text);
      assert.deepEqual(list.json.items.map((e: any) => e.id), [created.id]);
      assert.ok(!list.text.includes(key));
      assert.ok(list.json.eventTypes.includes('TEAM_CREATED'), 'the list names the subscribable event types');
      const patched = await t.request('PATCH', `/api/v1/orgs/${org.id}/webhooks/${created.id}`, { token: owner.token, body: { description: 'CRM sync', eventTypes: ['*'] } });
      assert.equal(patched.status, 200, patched.text);
      assert.equal(patched.json.description, 'CRM sync');
      assert.deepEqual(patched.json.eventTypes, ['*']);
      assert.ok(!patched.text.includes(key));

      const [row] = await t.db.query<{ secret_encrypted: string }>('select secret_encrypted from webhook_endpoints where id = $1', [created.id]);
      assert.ok(row!.secret_encrypted && !row!.secret_encrypted.includes(key), 'the stored form is not the secret');

      const deleted = await t.request('DELETE', `/api/v1/orgs/${org.id}/webhooks/${created.id}`, { token: owner.token });
      assert.equal(deleted.status, 200, deleted.text);
      assertProblem(await t.request('GET', `/api/v1/orgs/${org.id}/webhooks/${created.id}`, { token: owner.token }), 404, 'not_found');
    });

    test('a bad URL, an unknown event type or an unknown field is a 400 and creates nothing', async () => {
      const { org, owner } = await freshOrg('Hook Validation');
      const post = (body: unknown) => t.request('POST', `/api/v1/orgs/${org.id}/webhooks`, { token: owner.token, body });
      for (const url of ['not a url', 'ftp://127.0.0.1/hook', 'javascript:alert(1)', 'http://user:pw@127.0.0.1/hook']) {
        const res = await post({ url });
        assertProblem(res, 400, 'validation_failed');
        assert.ok(res.json.errors.some((e: any) => /url/.test(e.path)), `${url}: ${res.text}`);
      }
      const unknown = await post({ url: 'http://127.0.0.1:9/x', eventTypes: ['TEAM_CREATED', 'NOT_AN_EVENT'] });
      assertProblem(unknown, 400, 'validation_failed');
      assert.deepEqual(unknown.json.errors, [{ path: 'body.eventTypes', message: 'unknown event type NOT_AN_EVENT' }]);
      assertProblem(await post({ url: 'http://127.0.0.1:9/x', eventTypes: [] }), 400, 'validation_failed');
      assertProblem(await post({ url: 'http://127.0.0.1:9/x', secret: 'whsec_mine' }), 400, 'validation_failed');
      assertProblem(await post({ url: 'http://127.0.0.1:9/x', organizationId: randomBytes(4).toString('hex') }), 400, 'validation_failed');
      const [n] = await t.db.query<{ n: number }>('select count(*)::int as n from webhook_endpoints where organization_id = $1', [org.id]);
      assert.equal(Number(n!.n), 0);
      // Positive control: the same request with a good URL and known types is accepted.
      await createEndpoint(org, owner, 'http://127.0.0.1:9/x', ['TEAM_CREATED']);
    });

    test('a MEMBER cannot read or manage webhooks (403); an ADMIN can', async () => {
      const { org, owner } = await freshOrg('Hook Roles');
      const ep = await createEndpoint(org, owner, 'http://127.0.0.1:9/roles');
      const member = await t.signUp('Hook Member');
      await addMember(t.db, org.id, member.id, 'MEMBER');
      assertProblem(await t.request('POST', `/api/v1/orgs/${org.id}/webhooks`, { token: member.token, body: { url: 'http://127.0.0.1:9/m' } }), 403, 'forbidden');
      assertProblem(await t.request('GET', `/api/v1/orgs/${org.id}/webhooks`, { token: member.token }), 403, 'forbidden');
      assertProblem(await t.request('GET', `/api/v1/orgs/${org.id}/webhooks/${ep.id}`, { token: member.token }), 403, 'forbidden');
      assertProblem(await t.request('POST', `/api/v1/orgs/${org.id}/webhooks/${ep.id}/rotate-secret`, { token: member.token }), 403, 'forbidden');
      assertProblem(await t.request('POST', `/api/v1/orgs/${org.id}/webhooks/${ep.id}/test`, { token: member.token }), 403, 'forbidden');
      assertProblem(await t.request('DELETE', `/api/v1/orgs/${org.id}/webhooks/${ep.id}`, { token: member.token }), 403, 'forbidden');
      const admin = await t.signUp('Hook Admin');
      await addMember(t.db, org.id, admin.id, 'ADMIN');
      const made = await t.request('POST', `/api/v1/orgs/${org.id}/webhooks`, { token: admin.token, body: { url: 'http://127.0.0.1:9/a' } });
      assert.equal(made.status, 201, made.text);
      assert.equal((await t.request('GET', `/api/v1/orgs/${org.id}/webhooks`, { token: admin.token })).json.items.length, 2);
    });

    test("another organization's webhook ids answer 404 everywhere, like ids that do not exist, and are left untouched", async () => {
      const { org: X, owner: ownerX } = await freshOrg('Hook Owner X');
      const { org: Y, owner: ownerY } = await freshOrg('Hook Prober Y');
      const ep = await createEndpoint(X, ownerX, 'http://127.0.0.1:9/x-only', ['TEAM_CREATED']);
      const missing = '0190a0a0-0000-7000-8000-000000000001';
      const probes: [string, string, unknown?][] = [
        ['GET', ''],
        ['PATCH', '', { description: 'hijacked', url: 'http://127.0.0.1:9/evil' }],
        ['POST', '/rotate-secret'],
        ['POST', '/test'],
        ['GET', '/deliveries'],
        ['DELETE', ''],
      ];
      for (const [method, suffix, body] of probes) {
        const foreign = await t.request(method, `/api/v1/orgs/${Y.id}/webhooks/${ep.id}${suffix}`, { token: ownerY.token, body });
        assertProblem(foreign, 404, 'not_found');
        const none = await t.request(method, `/api/v1/orgs/${Y.id}/webhooks/${missing}${suffix}`, { token: ownerY.token, body });
        assert.deepEqual(sansRequestId(foreign), sansRequestId(none), `${method} ${suffix}`);
        // Naming X in the path does not help either: Y's owner is not a member there.
        assertProblem(await t.request(method, `/api/v1/orgs/${X.id}/webhooks/${ep.id}${suffix}`, { token: ownerY.token, body }), 404, 'not_found');
      }
      const intact = await t.request('GET', `/api/v1/orgs/${X.id}/webhooks/${ep.id}`, { token: ownerX.token });
      assert.equal(intact.status, 200, intact.text);
      assert.equal(intact.json.url, 'http://127.0.0.1:9/x-only');
      assert.equal(intact.json.description, null);
      const [row] = await t.db.query<{ n: number }>('select count(*)::int as n from webhook_deliveries where endpoint_id = $1', [ep.id]);
      assert.equal(Number(row!.n), 0, 'no test message was queued through the probe');
    });
  });

  describe('delivery', () => {
    test('a delivery is signed per Standard Webhooks: the receiver recomputes the HMAC and the timestamp is fresh', async () => {
      const { org, owner } = await freshOrg('Signed Org');
      const r = await receiver();
      const ep = await createEndpoint(org, owner, r.url, ['TEAM_CREATED']);
      const other = await createEndpoint(org, owner, 'http://127.0.0.1:9/unused', ['MEMBER_INVITED']);
      const team = await createTeam(org, owner, 'Signed Team');
      await tickUntil(worker, () => r.received.length >= 1);
      assert.equal(r.received.length, 1);
      const msg = r.received[0]!;
      const [eventId] = await eventIds(org.id, 'TEAM_CREATED');
      assert.equal(msg.id, eventId, 'webhook-id is the domain event id');
      assert.equal(msg.headers['content-type'], 'application/json');
      assert.ok(timestampSkewSeconds(msg) <= 300, 'webhook-timestamp within 5 minutes');
      assert.ok(verifiedBy(ep.secret, msg), 'the signature verifies with the endpoint secret');
      assert.equal(signaturesOf(msg).length, 1);
      // The check can fail: another secret, or a changed body, or another id do not verify.
      assert.equal(verifiedBy(other.secret, msg), false);
      assert.equal(verifiedBy(ep.secret, { ...msg, body: msg.body.replace('Signed Team', 'Signed Tean') }), false);
      assert.equal(verifiedBy(ep.secret, { ...msg, timestamp: String(Number(msg.timestamp) + 1) }), false);
      assert.deepEqual(msg.json.data, { organizationId: org.id, teamId: team.id, name: 'Signed Team' });
      assert.equal(msg.json.type, 'TEAM_CREATED');
      assert.match(msg.json.timestamp, /^\d{4}-\d{2}-\d{2}T/);

      const log = await t.request('GET', `/api/v1/orgs/${org.id}/webhooks/${ep.id}/deliveries`, { token: owner.token });
      assert.equal(log.status, 200, log.text);
      assert.equal(log.json.items.length, 1);
      assert.equal(log.json.items[0].messageId, eventId);
      assert.equal(log.json.items[0].status, 'SUCCEEDED');
      assert.equal(log.json.items[0].attempts, 1);
      assert.equal(log.json.items[0].lastStatusCode, 200);
      assert.equal(log.json.items[0].nextAttemptAt, null);
      assert.ok(log.json.items[0].deliveredAt);
    });

    test('an endpoint subscribed to MEMBER_INVITED receives only those; one subscribed to more receives both', async () => {
      const { org, owner } = await freshOrg('Filtered Org');
      const onlyInvites = await receiver();
      const both = await receiver();
      const e1 = await createEndpoint(org, owner, onlyInvites.url, ['MEMBER_INVITED']);
      await createEndpoint(org, owner, both.url, ['TEAM_CREATED', 'MEMBER_INVITED']);
      await createTeam(org, owner, 'Filter Team');
      const inv = await t.request('POST', `/api/v1/orgs/${org.id}/invitations`, { token: owner.token, body: { email: `${t.unique('inv')}@example.com` } });
      assert.equal(inv.status, 201, inv.text);
      await createTeam(org, owner, 'Filter Team 2');
      await tickUntil(worker, () => both.received.length >= 3);
      await worker.tick();
      assert.deepEqual(both.received.map((m) => m.json.type), ['TEAM_CREATED', 'MEMBER_INVITED', 'TEAM_CREATED']);
      assert.deepEqual(onlyInvites.received.map((m) => m.json.type), ['MEMBER_INVITED']);
      assert.deepEqual((await deliveryRows(e1.id)).map((d) => d.event_type), ['MEMBER_INVITED'], 'no delivery was even queued for other types');
    });

    test("an organization's events arrive in creation order, even when one of them needs a retry", async () => {
      const { org, owner } = await freshOrg('Ordered Org');
      // The 3rd request fails once: later messages must wait behind it.
      const r = await receiver((n) => (n === 3 ? 500 : 200));
      await createEndpoint(org, owner, r.url, ['TEAM_CREATED']);
      const names = Array.from({ length: 10 }, (_, i) => `Ordered ${String(i).padStart(2, '0')}`);
      for (const name of names) await createTeam(org, owner, name);
      const ids = await eventIds(org.id, 'TEAM_CREATED');
      assert.equal(ids.length, 10);
      const distinct = () => [...new Set(r.received.map((m) => m.id))];
      await tickUntil(worker, () => distinct().length >= 10 && r.received.length >= 11, { dueFor: org.id });
      assert.equal(r.received.length, 11, 'ten messages plus one retry');
      assert.deepEqual(distinct(), ids, 'first arrivals in event order');
      assert.deepEqual(r.received.map((m) => m.json.data.name), [names[0], names[1], names[2], names[2], ...names.slice(3)]);
      for (let i = 1; i < r.received.length; i++) assert.ok(r.received[i]!.id >= r.received[i - 1]!.id, 'never an older message after a newer one');
    });

    test('a receiver answering 500 twice then 200 gets the message three times, with growing delays; it is delivered once', async () => {
      // The default base delay (5 s): long enough that "not due yet" cannot flip under a slow machine.
      const slow = newWorker({ retryBaseMs: 5000, maxAttempts: 5 });
      const { org, owner } = await freshOrg('Retry Org');
      await slow.tick();
      const r = await receiver((n) => (n <= 2 ? 500 : 200));
      const ep = await createEndpoint(org, owner, r.url, ['TEAM_CREATED']);
      await createTeam(org, owner, 'Retry Team');
      const remainingMs = async () => {
        const [row] = await t.db.query<{ ms: number }>(
          "select (extract(epoch from (next_attempt_at - clock_timestamp())) * 1000)::float8 as ms from webhook_deliveries where endpoint_id = $1",
          [ep.id],
        );
        return Number(row!.ms);
      };

      await slow.tick();
      assert.equal(r.received.length, 1);
      let [d] = await deliveryRows(ep.id);
      assert.deepEqual([d!.status, d!.attempts, d!.last_status_code, d!.last_error], ['PENDING', 1, 500, 'HTTP 500']);
      const firstDelay = await remainingMs();
      assert.ok(firstDelay > 0 && firstDelay <= 6000, `first retry after ~5 s (±20%): ${firstDelay}`);
      // Not retried before its time.
      await slow.tick();
      assert.equal(r.received.length, 1, 'no retry before next_attempt_at');

      await makeDue(org.id);
      await slow.tick();
      assert.equal(r.received.length, 2);
      [d] = await deliveryRows(ep.id);
      assert.deepEqual([d!.status, d!.attempts, d!.last_status_code], ['PENDING', 2, 500]);
      const secondDelay = await remainingMs();
      assert.ok(secondDelay >= 6000 && secondDelay <= 12000, `second retry after ~10 s (±20%): ${secondDelay}`);
      assert.ok(secondDelay > firstDelay, 'the delay grows');
      const endpoint = await t.request('GET', `/api/v1/orgs/${org.id}/webhooks/${ep.id}`, { token: owner.token });
      assert.equal(endpoint.json.consecutiveFailures, 2);

      await makeDue(org.id);
      await slow.tick();
      assert.equal(r.received.length, 3);
      await makeDue(org.id);
      await slow.tick();
      assert.equal(r.received.length, 3, 'a delivered message is not sent again');
      assert.equal(new Set(r.received.map((m) => m.id)).size, 1, 'the same message each time');
      for (const m of r.received) assert.ok(verifiedBy(ep.secret, m), 'every attempt is signed');

      const log = await t.request('GET', `/api/v1/orgs/${org.id}/webhooks/${ep.id}/deliveries`, { token: owner.token });
      const item = log.json.items[0];
      assert.equal(item.status, 'SUCCEEDED');
      assert.equal(item.attempts, 3);
      assert.equal(item.lastStatusCode, 200);
      assert.equal(item.lastError, null);
      assert.ok(item.deliveredAt);
      assert.equal((await t.request('GET', `/api/v1/orgs/${org.id}/webhooks/${ep.id}`, { token: owner.token })).json.consecutiveFailures, 0, 'success resets the streak');
    });

    test('a message that keeps failing is marked FAILED after the last attempt and not sent again', async () => {
      const limited = newWorker({ maxAttempts: 3 });
      const { org, owner } = await freshOrg('Failing Org');
      const r = await receiver(() => 500);
      const ep = await createEndpoint(org, owner, r.url, ['TEAM_CREATED']);
      await createTeam(org, owner, 'Doomed Team');
      await tickUntil(limited, async () => (await deliveryRows(ep.id))[0]?.status === 'FAILED', { dueFor: org.id });
      const [d] = await deliveryRows(ep.id);
      assert.deepEqual([d!.status, d!.attempts, d!.last_status_code, d!.last_error], ['FAILED', 3, 500, 'HTTP 500']);
      assert.equal(r.received.length, 3);
      for (let i = 0; i < 3; i++) {
        await makeDue(org.id);
        await limited.tick();
      }
      assert.equal(r.received.length, 3, 'no attempt after the last one');
      const log = await t.request('GET', `/api/v1/orgs/${org.id}/webhooks/${ep.id}/deliveries`, { token: owner.token });
      assert.equal(log.json.items[0].status, 'FAILED');
      assert.equal(log.json.items[0].nextAttemptAt, null);
    });

    test('an unreachable endpoint records the network error instead of a status code', async () => {
      const { org, owner } = await freshOrg('Unreachable Org');
      const gone = await startReceiver();
      const url = gone.url;
      await gone.close();
      const ep = await createEndpoint(org, owner, url, ['TEAM_CREATED']);
      await createTeam(org, owner, 'Nobody Home');
      await tickUntil(worker, async () => ((await deliveryRows(ep.id))[0]?.attempts ?? 0) >= 1);
      const [d] = await deliveryRows(ep.id);
      assert.equal(d!.status, 'PENDING');
      assert.equal(d!.last_status_code, null);
      assert.ok(d!.last_error && d!.last_error.length > 0, 'the error is recorded');
    });

    test('after sustained failure the endpoint is disabled with a reason; re-enabling resets it and delivery resumes', async () => {
      // Configured the way an operator would, through the environment.
      const config = loadConfig({
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
        TENANTRY_WEBHOOK_DISABLE_AFTER: '3',
        TENANTRY_WEBHOOK_MAX_ATTEMPTS: '10',
        TENANTRY_WEBHOOK_RETRY_BASE_MS: '20',
      });
      assert.deepEqual(
        { disableAfterFailures: config.webhooks.disableAfterFailures, maxAttempts: config.webhooks.maxAttempts, retryBaseMs: config.webhooks.retryBaseMs },
        { disableAfterFailures: 3, maxAttempts: 10, retryBaseMs: 20 },
      );
      const strict = newWorker(config.webhooks);
      const { org, owner } = await freshOrg('Disabled Org');
      let healthy = false;
      const r = await receiver(() => (healthy ? 200 : 500));
      const ep = await createEndpoint(org, owner, r.url, ['TEAM_CREATED']);
      await createTeam(org, owner, 'Failing Team');
      const endpoint = async () => (await t.request('GET', `/api/v1/orgs/${org.id}/webhooks/${ep.id}`, { token: owner.token })).json;

      await tickUntil(strict, () => r.received.length >= 2, { dueFor: org.id });
      let state = await endpoint();
      assert.equal(state.enabled, true, 'two failures: still enabled');
      assert.equal(state.consecutiveFailures, 2);
      await tickUntil(strict, () => r.received.length >= 3, { dueFor: org.id });
      state = await endpoint();
      assert.equal(state.enabled, false);
      assert.equal(state.consecutiveFailures, 3);
      assert.match(state.disabledReason ?? '', /3 consecutive failed deliveries/);

      for (let i = 0; i < 3; i++) {
        await makeDue(org.id);
        await strict.tick();
      }
      assert.equal(r.received.length, 3, 'a disabled endpoint is not called');

      healthy = true;
      const enabled = await t.request('PATCH', `/api/v1/orgs/${org.id}/webhooks/${ep.id}`, { token: owner.token, body: { enabled: true } });
      assert.equal(enabled.status, 200, enabled.text);
      assert.equal(enabled.json.enabled, true);
      assert.equal(enabled.json.disabledReason, null);
      assert.equal(enabled.json.consecutiveFailures, 0);
      await tickUntil(strict, () => r.received.length >= 4, { dueFor: org.id });
      const [d] = await deliveryRows(ep.id);
      assert.equal(d!.status, 'SUCCEEDED');
      assert.equal(d!.attempts, 4);
      state = await endpoint();
      assert.equal(state.enabled, true);
      assert.equal(state.consecutiveFailures, 0);
      const [audit] = await t.db.query<{ n: number }>("select count(*)::int as n from audit_logs where organization_id = $1 and action = 'webhook.updated' and target_id = $2", [org.id, ep.id]);
      assert.equal(Number(audit!.n), 1, 're-enabling is audited');
    });

    test('"send test event" delivers a signed webhook.test message to that endpoint only', async () => {
      const { org, owner } = await freshOrg('Test Event Org');
      const r = await receiver();
      const bystander = await receiver();
      const ep = await createEndpoint(org, owner, r.url, ['MEMBER_INVITED']);
      await createEndpoint(org, owner, bystander.url);
      const queued = await t.request('POST', `/api/v1/orgs/${org.id}/webhooks/${ep.id}/test`, { token: owner.token });
      assert.equal(queued.status, 202, queued.text);
      assert.equal(queued.json.eventType, 'webhook.test');
      assert.equal(queued.json.status, 'PENDING');
      assert.equal(queued.json.endpointId, ep.id);
      await tickUntil(worker, () => r.received.length >= 1);
      await worker.tick();
      const msg = r.received[0]!;
      assert.equal(msg.json.type, 'webhook.test');
      assert.deepEqual(msg.json.data, { organizationId: org.id, endpointId: ep.id });
      assert.equal(msg.id, queued.json.messageId);
      assert.ok(verifiedBy(ep.secret, msg));
      assert.equal(bystander.received.length, 0, 'other endpoints do not get it');
      const log = await t.request('GET', `/api/v1/orgs/${org.id}/webhooks/${ep.id}/deliveries`, { token: owner.token });
      assert.equal(log.json.items[0].eventType, 'webhook.test');
      assert.equal(log.json.items[0].status, 'SUCCEEDED');
    });

    test('after secret rotation, deliveries carry two signatures, old and new, and both verify; once the old one expires only the new', async () => {
      const { org, owner } = await freshOrg('Rotation Org');
      const r = await receiver();
      const ep = await createEndpoint(org, owner, r.url, ['TEAM_CREATED']);
      await createTeam(org, owner, 'Before Rotation');
      await tickUntil(worker, () => r.received.length >= 1);
      assert.equal(signaturesOf(r.received[0]!).length, 1, 'one signature before rotation');

      const rotated = await t.request('POST', `/api/v1/orgs/${org.id}/webhooks/${ep.id}/rotate-secret`, { token: owner.token });
      assert.equal(rotated.status, 200, rotated.text);
      const newSecret: string = rotated.json.secret;
      assert.match(newSecret, /^whsec_/);
      assert.notEqual(newSecret, ep.secret);
      const validUntil = Date.parse(rotated.json.previousSecretValidUntil);
      assert.ok(validUntil > Date.now() + 23 * 3600_000 && validUntil < Date.now() + 25 * 3600_000, 'the old secret stays valid for a day');
      const got = await t.request('GET', `/api/v1/orgs/${org.id}/webhooks/${ep.id}`, { token: owner.token });
      assert.ok(!got.text.includes(newSecret.slice(6)));

      await createTeam(org, owner, 'After Rotation');
      await tickUntil(worker, () => r.received.length >= 2);
      const msg = r.received[1]!;
      const sigs = signaturesOf(msg);
      assert.equal(sigs.length, 2, msg.signature);
      assert.ok(verifiedBy(ep.secret, msg), 'the old secret verifies');
      assert.ok(verifiedBy(newSecret, msg), 'the new secret verifies');
      for (const s of sigs) {
        const one = { ...msg, signature: `v1,${s}` };
        assert.ok(verifiedBy(ep.secret, one) !== verifiedBy(newSecret, one), 'each signature belongs to exactly one of the two secrets');
      }
      const { secret: unrelated } = await createEndpoint(org, owner, 'http://127.0.0.1:9/unrelated', ['MEMBER_INVITED']);
      assert.equal(verifiedBy(unrelated, msg), false);

      await t.db.query("update webhook_endpoints set previous_secret_expires_at = now() - interval '1 second' where id = $1", [ep.id]);
      await createTeam(org, owner, 'After Expiry');
      await tickUntil(worker, () => r.received.length >= 3);
      const last = r.received[2]!;
      assert.equal(signaturesOf(last).length, 1);
      assert.ok(verifiedBy(newSecret, last));
      assert.equal(verifiedBy(ep.secret, last), false);
    });

    test("an organization never receives another organization's events", async () => {
      const { org: X, owner: ownerX } = await freshOrg('Tenant X');
      const { org: Y, owner: ownerY } = await freshOrg('Tenant Y');
      const rx = await receiver();
      const ry = await receiver();
      await createEndpoint(X, ownerX, rx.url);
      await createEndpoint(Y, ownerY, ry.url);
      await createTeam(X, ownerX, 'X one');
      await createTeam(Y, ownerY, 'Y one');
      await createTeam(X, ownerX, 'X two');
      const inv = await t.request('POST', `/api/v1/orgs/${Y.id}/invitations`, { token: ownerY.token, body: { email: `${t.unique('y')}@example.com` } });
      assert.equal(inv.status, 201, inv.text);
      await tickUntil(worker, () => rx.received.length >= 2 && ry.received.length >= 2);
      await worker.tick();
      assert.deepEqual(rx.received.map((m) => m.json.data.name), ['X one', 'X two']);
      assert.deepEqual(ry.received.map((m) => m.json.type), ['TEAM_CREATED', 'MEMBER_INVITED']);
      for (const m of rx.received) assert.equal(m.json.data.organizationId, X.id);
      for (const m of ry.received) assert.equal(m.json.data.organizationId, Y.id);
      const xEvents = new Set((await t.db.query<{ id: string }>('select id from domain_events where organization_id = $1', [X.id])).map((r) => r.id));
      const yEvents = new Set((await t.db.query<{ id: string }>('select id from domain_events where organization_id = $1', [Y.id])).map((r) => r.id));
      assert.ok(rx.received.every((m) => xEvents.has(m.id) && !yEvents.has(m.id)));
      assert.ok(ry.received.every((m) => yEvents.has(m.id) && !xEvents.has(m.id)));
    });
  });
});

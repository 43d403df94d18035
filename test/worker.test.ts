// The background worker's guarantees: a pass that dies inside the fan-out transaction loses no event
// (nothing is marked dispatched, the next pass delivers everything); a delivery leased by a worker that
// died is sent again once the lease expires (at-least-once); two workers running at once send each
// message once and in order; and the standalone `tenantry worker` process (PostgreSQL only) delivers,
// survives a SIGKILL mid-send without losing the message, and exits 0 on SIGTERM.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { serverUrl, startTestSystem, type TestSystem } from './harness.ts';
import { startReceiver, verifiedBy, type Receiver } from './support/webhook-receiver.ts';
import type { Config } from '../src/server/config.ts';
import { createLogger } from '../src/server/runtime.ts';
import { dispatchEvents } from '../src/server/worker/dispatch-events.ts';
import { startWorker, type Worker } from '../src/server/worker/worker.ts';

type Ops = { id: string; token: string; email: string };
type Org = { id: string; slug: string; name: string };

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const PG_ONLY = serverUrl ? false : 'needs PostgreSQL: PGlite is in-process, so a separate worker process cannot share its database (set DATABASE_URL)';

describe('worker', () => {
  let t: TestSystem;
  let ops: Ops;
  const workers: Worker[] = [];
  const receivers: Receiver[] = [];
  let worker: Worker;

  function newWorker(log = createLogger(t.config), retryBaseMs = 20): Worker {
    const config: Config = { ...t.config, webhooks: { ...t.config.webhooks, retryBaseMs } };
    const w = startWorker(config, t.db, t.system.box, log, { autoStart: false });
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

  /** An ACTIVE organization with its creation events already dispatched, and a '*' endpoint to `url`. */
  async function orgWithEndpoint(name: string, url: string) {
    const { org, owner } = await t.activeOrganization(ops, name);
    await worker.tick();
    const res = await t.request('POST', `/api/v1/orgs/${org.id}/webhooks`, { token: owner.token, body: { url } });
    assert.equal(res.status, 201, res.text);
    return { org: org as Org, owner, endpoint: res.json as { id: string; secret: string } };
  }

  async function createTeams(org: Org, owner: { token: string }, n: number, prefix: string) {
    for (let i = 0; i < n; i++) {
      const res = await t.request('POST', `/api/v1/orgs/${org.id}/teams`, { token: owner.token, body: { name: `${prefix} ${String(i).padStart(2, '0')}` } });
      assert.equal(res.status, 201, res.text);
    }
  }

  async function eventIds(orgId: string, type = 'TEAM_CREATED') {
    return (await t.db.query<{ id: string }>('select id from domain_events where organization_id = $1 and type = $2 order by id', [orgId, type])).map((r) => r.id);
  }

  async function undispatched(orgId: string) {
    const [row] = await t.db.query<{ n: number }>('select count(*)::int as n from domain_events where organization_id = $1 and dispatched_at is null', [orgId]);
    return Number(row!.n);
  }

  async function deliveries(endpointId: string) {
    return t.db.query<{ id: string; message_id: string; status: string; attempts: number; leased: boolean }>(
      'select id, message_id, status, attempts, next_attempt_at > now() as leased from webhook_deliveries where endpoint_id = $1 order by id',
      [endpointId],
    );
  }

  async function tickUntil(ticks: () => Promise<unknown>, done: () => boolean | Promise<boolean>, max = 60) {
    for (let i = 0; i < max && !(await done()); i++) await ticks();
    assert.ok(await done(), 'done within the tick budget');
  }

  test('a pass that fails inside the fan-out transaction loses no event; the next pass delivers each one', async () => {
    const r = await receiver();
    const { org, owner, endpoint } = await orgWithEndpoint('Crash Org', r.url);
    await createTeams(org, owner, 5, 'Crash');
    const ids = await eventIds(org.id);
    assert.equal(ids.length, 5);

    const lines: any[] = [];
    const log = pino({ level: 'error' }, { write: (s: string) => void lines.push(JSON.parse(s)) });
    const crashing = newWorker(log);
    // As the owner: the fan-out insert of TEAM_CREATED deliveries now fails mid-transaction. NOT VALID
    // leaves earlier rows alone and still checks every new row.
    await t.db.query("alter table webhook_deliveries add constraint zz_worker_test_crash check (event_type <> 'TEAM_CREATED') not valid");
    try {
      await crashing.tick();
      await crashing.tick();
    } finally {
      await t.db.query('alter table webhook_deliveries drop constraint zz_worker_test_crash');
    }
    assert.ok(lines.some((l) => l.msg === 'worker pass failed' && l.err), `the failure is logged: ${JSON.stringify(lines)}`);
    assert.equal(await undispatched(org.id), 5, 'every event is still undispatched');
    assert.equal((await deliveries(endpoint.id)).length, 0, 'no delivery half-written');
    assert.equal(r.received.length, 0);

    await tickUntil(() => worker.tick(), () => new Set(r.received.map((m) => m.id)).size >= 5);
    await worker.tick();
    const got = r.received.map((m) => m.id);
    assert.deepEqual([...new Set(got)].sort(), [...ids].sort(), 'every event arrived (deduplicated by webhook-id)');
    assert.deepEqual(got, ids, 'each exactly once here, in order');
    for (const m of r.received) assert.ok(verifiedBy(endpoint.secret, m));
    assert.equal(await undispatched(org.id), 0);
    assert.equal((await deliveries(endpoint.id)).length, 5);
  });

  test('a delivery leased by a worker that died is not sent while the lease holds, and is sent again once it expires', async () => {
    const r = await receiver();
    const { org, owner, endpoint } = await orgWithEndpoint('Lease Org', r.url);
    await createTeams(org, owner, 1, 'Lease');
    await dispatchEvents(t.db); // fan-out only: the delivery exists, nobody sent it
    let [d] = await deliveries(endpoint.id);
    assert.equal(d!.status, 'PENDING');
    // What a worker leaves behind when it dies after claiming: a lease in the future, no attempt recorded.
    await t.db.query("update webhook_deliveries set next_attempt_at = now() + interval '60 seconds' where id = $1", [d!.id]);
    await worker.tick();
    await worker.tick();
    assert.equal(r.received.length, 0, 'nobody else sends a leased message');

    await t.db.query("update webhook_deliveries set next_attempt_at = now() - interval '1 second' where id = $1", [d!.id]);
    await worker.tick();
    assert.equal(r.received.length, 1, 'sent once the lease expired');
    assert.equal(r.received[0]!.id, d!.message_id);
    [d] = await deliveries(endpoint.id);
    assert.equal(d!.status, 'SUCCEEDED');
    assert.equal(d!.attempts, 1);
    await worker.tick();
    assert.equal(r.received.length, 1);
  });

  test('two workers ticking at the same time deliver every message once, in order per organization', async () => {
    const r1 = await receiver();
    const r2 = await receiver();
    const a = await orgWithEndpoint('Race A', r1.url);
    const b = await orgWithEndpoint('Race B', r2.url);
    await createTeams(a.org, a.owner, 10, 'Race A');
    await createTeams(b.org, b.owner, 10, 'Race B');
    const idsA = await eventIds(a.org.id);
    const idsB = await eventIds(b.org.id);
    // A 1 ms retry base makes a finished message's next_attempt_at pass almost at once, which widens the
    // window in which a worker holding a stale view of the queue could claim it again.
    const w1 = newWorker(undefined, 1);
    const w2 = newWorker(undefined, 1);
    const both = () => Promise.all([w1.tick(), w2.tick()]);
    await tickUntil(both, () => r1.received.length >= 10 && r2.received.length >= 10);
    for (let i = 0; i < 3; i++) await both();
    assert.deepEqual(r1.received.map((m) => m.id), idsA, `A: once each, in order (${t.engine})`);
    assert.deepEqual(r2.received.map((m) => m.id), idsB, `B: once each, in order (${t.engine})`);
    assert.equal((await deliveries(a.endpoint.id)).length, 10, 'fanned out once');
    assert.equal((await deliveries(b.endpoint.id)).length, 10, 'fanned out once');
  });

  describe('standalone worker process', () => {
    async function databaseUrl(): Promise<string> {
      const [row] = await t.db.query<{ name: string }>('select current_database() as name');
      const url = new URL(serverUrl!);
      url.pathname = `/${row!.name}`;
      return url.toString();
    }

    async function spawnWorker(): Promise<{ child: ChildProcess; output: () => string; exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }> }> {
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        DATABASE_URL: await databaseUrl(),
        TENANTRY_SECRET: t.config.secret!,
        TENANTRY_WORKER_POLL_MS: '50',
        TENANTRY_DATA_DIR: '/tmp/tenantry-worker-test-unused',
        NODE_ENV: 'test',
        LOG_LEVEL: 'info',
      };
      delete env.SMTP_URL;
      delete env.TEST_DATABASE_URL;
      const child = spawn(process.execPath, ['src/cli/main.ts', 'worker'], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
      return { child, output: () => out, exited };
    }

    test('`tenantry worker` delivers a new event on its own and exits 0 on SIGTERM', { skip: PG_ONLY }, async () => {
      const r = await receiver();
      const { org, owner, endpoint } = await orgWithEndpoint('CLI Org', r.url);
      const w = await spawnWorker();
      try {
        await createTeams(org, owner, 1, 'CLI');
        await r.waitFor(1, 15_000).catch((e) => assert.fail(`${e.message}\nworker output:\n${w.output()}`));
        const [id] = await eventIds(org.id);
        assert.equal(r.received[0]!.id, id);
        assert.ok(verifiedBy(endpoint.secret, r.received[0]!), 'signed with the secret the API created (same TENANTRY_SECRET)');
      } finally {
        w.child.kill('SIGTERM');
      }
      const { code, signal } = await w.exited;
      assert.equal(signal, null, w.output());
      assert.equal(code, 0, w.output());
      assert.match(w.output(), /worker started/);
    });

    test('a worker process killed while sending loses nothing: the lease expires and the message is sent again', { skip: PG_ONLY }, async () => {
      // The first request never gets an answer (the worker is killed while waiting for it); later ones get 200.
      const r = await receiver((n) => (n === 1 ? new Promise<number>(() => {}) : 200));
      const { org, owner, endpoint } = await orgWithEndpoint('Killed Worker Org', r.url);
      const w = await spawnWorker();
      try {
        await createTeams(org, owner, 1, 'Killed');
        await r.waitFor(1, 15_000).catch((e) => assert.fail(`${e.message}\nworker output:\n${w.output()}`));
      } finally {
        w.child.kill('SIGKILL');
      }
      assert.equal((await w.exited).signal, 'SIGKILL');
      let [d] = await deliveries(endpoint.id);
      assert.equal(d!.status, 'PENDING', 'not recorded as sent');
      assert.equal(d!.attempts, 0);
      assert.equal(d!.leased, true, 'still leased by the dead worker');
      await worker.tick();
      assert.equal(r.received.length, 1, 'the lease holds');

      await t.db.query("update webhook_deliveries set next_attempt_at = now() - interval '1 second' where id = $1", [d!.id]);
      await worker.tick();
      assert.equal(r.received.length, 2, 'sent again after the lease expired');
      assert.equal(r.received[1]!.id, r.received[0]!.id, 'the same message (receivers dedupe by webhook-id)');
      [d] = await deliveries(endpoint.id);
      assert.equal(d!.status, 'SUCCEEDED');
      assert.equal(d!.attempts, 1);
    });
  });
});

// Organization lifecycle (T3) driven by operators: transitions, audit history, notifications, soft
// delete / restore window / purge, and races between operators. Real HTTP, fresh database.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { addMember, startTestSystem, type TestSystem } from './harness.ts';

type User = { token: string; id: string; email: string; name: string };
type Ops = { id: string; token: string; email: string };

const admin = (id: string, action: string) => `/api/v1/admin/organizations/${id}/${action}`;

describe('organization lifecycle (operator)', () => {
  let t: TestSystem;
  let ops: Ops;
  let ops2: Ops;

  // One cast of people shared by the organizations below (sign-up hashing is the slow part); every
  // assertion is scoped to one organization, so sharing users does not couple the tests.
  let cast: { owner: User; admin: User; member: User };

  /** A PENDING organization with an OWNER, an ADMIN and a MEMBER. */
  async function pendingOrg(name = 'Lifecycle Org') {
    const { owner, admin: adminUser, member } = cast;
    const res = await t.request('POST', '/api/v1/orgs', { token: owner.token, body: { name } });
    assert.equal(res.status, 201, res.text);
    const org = res.json as { id: string; slug: string; name: string };
    await addMember(t.db, org.id, adminUser.id, 'ADMIN');
    await addMember(t.db, org.id, member.id, 'MEMBER');
    return { org, owner, admin: adminUser, member, everyone: [owner, adminUser, member] as User[] };
  }

  async function activeOrg(name = 'Lifecycle Org') {
    const o = await pendingOrg(name);
    const res = await t.request('POST', admin(o.org.id, 'approve'), { token: ops.token });
    assert.equal(res.status, 200, res.text);
    return o;
  }

  async function detail(id: string) {
    const res = await t.request('GET', `/api/v1/admin/organizations/${id}`, { token: ops.token });
    assert.equal(res.status, 200, res.text);
    return res.json as { organization: any; members: any[]; history: any[] };
  }

  async function notificationsAbout(id: string, kind: string) {
    return t.db.query<{ to_email: string; subject: string; body_text: string; payload: any }>(
      'select to_email, subject, body_text, payload from notifications where about_organization_id = $1 and kind = $2 order by to_email',
      [id, kind],
    );
  }

  async function statusOf(id: string) {
    const [row] = await t.db.query<{ status: string; status_reason: string | null; deleted_at: unknown }>(
      'select status, status_reason, deleted_at from organizations where id = $1',
      [id],
    );
    return row;
  }

  before(async () => {
    t = await startTestSystem();
    ops = await t.operator();
    ops2 = await t.operator();
    cast = { owner: await t.signUp('Lifecycle Owner'), admin: await t.signUp('Lifecycle Admin'), member: await t.signUp('Lifecycle Member') };
  });
  after(() => t.close());

  describe('approve and reject', () => {
    test('approve moves PENDING to ACTIVE, and the owner gets in', async () => {
      const o = await pendingOrg('Approve Me');
      const denied = await t.request('GET', `/api/v1/orgs/${o.org.id}`, { token: o.owner.token });
      assert.equal(denied.status, 403);
      assert.equal(denied.json.code, 'organization_pending');
      const res = await t.request('POST', admin(o.org.id, 'approve'), { token: ops.token });
      assert.equal(res.status, 200, res.text);
      assert.equal(res.json.id, o.org.id);
      assert.equal(res.json.status, 'ACTIVE');
      const got = await t.request('GET', `/api/v1/orgs/${o.org.id}`, { token: o.owner.token });
      assert.equal(got.status, 200, got.text);
      assert.equal(got.json.status, 'ACTIVE');
    });

    test('approve writes a history entry with actor, reason and from/to, and notifies owners and admins only', async () => {
      const o = await pendingOrg('Approve Audit');
      const res = await t.request('POST', admin(o.org.id, 'approve'), { token: ops.token, body: { reason: 'verified by phone' } });
      assert.equal(res.status, 200, res.text);
      const d = await detail(o.org.id);
      const entry = d.history.find((h) => h.action === 'approve');
      assert.ok(entry, JSON.stringify(d.history));
      assert.equal(entry.fromStatus, 'PENDING');
      assert.equal(entry.toStatus, 'ACTIVE');
      assert.equal(entry.reason, 'verified by phone');
      assert.equal(entry.actorUserId, ops.id);
      assert.equal(entry.actorKind, 'operator');
      const sent = await notificationsAbout(o.org.id, 'organization_approved');
      assert.deepEqual(sent.map((n) => n.to_email), [o.owner.email, o.admin.email].sort());
      assert.ok(!sent.some((n) => n.to_email === o.member.email), 'plain members are not notified');
      assert.match(sent[0]!.body_text, /verified by phone/);
      assert.equal(sent[0]!.payload.organizationId, o.org.id);
    });

    test('reject without a reason is a 400 and changes nothing', async () => {
      const o = await pendingOrg('Reject No Reason');
      for (const body of [undefined, {}, { reason: '' }, { reason: '   ' }]) {
        const res = await t.request('POST', admin(o.org.id, 'reject'), { token: ops.token, body });
        assert.equal(res.status, 400, `${JSON.stringify(body)}: ${res.text}`);
      }
      assert.equal((await statusOf(o.org.id))!.status, 'PENDING');
      assert.equal((await notificationsAbout(o.org.id, 'organization_rejected')).length, 0);
      assert.ok(!(await detail(o.org.id)).history.some((h) => h.action === 'reject'));
    });

    test('reject with a reason moves PENDING to REJECTED with statusReason, and members get 403 organization_rejected', async () => {
      const o = await pendingOrg('Reject Me');
      const res = await t.request('POST', admin(o.org.id, 'reject'), { token: ops.token, body: { reason: 'duplicate of acme' } });
      assert.equal(res.status, 200, res.text);
      assert.equal(res.json.status, 'REJECTED');
      assert.equal(res.json.statusReason, 'duplicate of acme');
      for (const u of o.everyone) {
        const got = await t.request('GET', `/api/v1/orgs/${o.org.id}`, { token: u.token });
        assert.equal(got.status, 403, got.text);
        assert.equal(got.json.code, 'organization_rejected');
      }
      // The owner still sees why, in their own list.
      const mine = await t.request('GET', '/api/v1/orgs', { token: o.owner.token });
      const item = mine.json.items.find((i: any) => i.id === o.org.id);
      assert.equal(item?.status, 'REJECTED');
      assert.equal(item?.statusReason, 'duplicate of acme');
      const entry = (await detail(o.org.id)).history.find((h) => h.action === 'reject');
      assert.deepEqual(
        { from: entry?.fromStatus, to: entry?.toStatus, reason: entry?.reason, actor: entry?.actorUserId },
        { from: 'PENDING', to: 'REJECTED', reason: 'duplicate of acme', actor: ops.id },
      );
      const sent = await notificationsAbout(o.org.id, 'organization_rejected');
      assert.deepEqual(sent.map((n) => n.to_email), [o.owner.email, o.admin.email].sort());
    });

    test('an unknown body field on a transition is a 400', async () => {
      const o = await pendingOrg('Approve Extra');
      const res = await t.request('POST', admin(o.org.id, 'approve'), { token: ops.token, body: { reason: 'ok', status: 'SUSPENDED' } });
      assert.equal(res.status, 400, res.text);
      assert.equal((await statusOf(o.org.id))!.status, 'PENDING');
    });
  });

  describe('suspend and reactivate', () => {
    test('suspend requires a reason', async () => {
      const o = await activeOrg('Suspend No Reason');
      for (const body of [undefined, {}, { reason: '' }]) {
        const res = await t.request('POST', admin(o.org.id, 'suspend'), { token: ops.token, body });
        assert.equal(res.status, 400, `${JSON.stringify(body)}: ${res.text}`);
      }
      assert.equal((await statusOf(o.org.id))!.status, 'ACTIVE');
    });

    test('suspend locks every member out at their next request, keeps the data, and reactivate restores access', async () => {
      const o = await activeOrg('Suspend Me');
      // Positive control: everyone is in before the suspension.
      for (const u of o.everyone) {
        const got = await t.request('GET', `/api/v1/orgs/${o.org.id}/members`, { token: u.token });
        assert.equal(got.status, 200, got.text);
        assert.equal(got.json.items.length, 3);
      }
      const res = await t.request('POST', admin(o.org.id, 'suspend'), { token: ops.token, body: { reason: 'unpaid invoices' } });
      assert.equal(res.status, 200, res.text);
      assert.equal(res.json.status, 'SUSPENDED');
      assert.equal(res.json.statusReason, 'unpaid invoices');
      for (const u of o.everyone) {
        for (const path of [`/api/v1/orgs/${o.org.id}`, `/api/v1/orgs/${o.org.slug}`, `/api/v1/orgs/${o.org.id}/members`]) {
          const got = await t.request('GET', path, { token: u.token });
          assert.equal(got.status, 403, `${u.name} ${path}: ${got.text}`);
          assert.equal(got.json.code, 'organization_suspended');
        }
        const write = await t.request('PATCH', `/api/v1/orgs/${o.org.id}`, { token: u.token, body: { name: 'Renamed While Suspended' } });
        assert.equal(write.status, 403, write.text);
      }
      // Data kept: memberships are all still there for the operator.
      const during = await detail(o.org.id);
      assert.equal(during.members.length, 3);
      assert.equal(during.organization.name, 'Suspend Me');

      const back = await t.request('POST', admin(o.org.id, 'reactivate'), { token: ops.token });
      assert.equal(back.status, 200, back.text);
      assert.equal(back.json.status, 'ACTIVE');
      for (const u of o.everyone) {
        const got = await t.request('GET', `/api/v1/orgs/${o.org.id}/members`, { token: u.token });
        assert.equal(got.status, 200, got.text);
        assert.deepEqual(
          got.json.items.map((m: any) => m.userId).sort(),
          o.everyone.map((x) => x.id).sort(),
          'every member is still listed after reactivation',
        );
      }
      const roles = Object.fromEntries((await detail(o.org.id)).members.map((m) => [m.userId, m.role]));
      assert.deepEqual(roles, { [o.owner.id]: 'OWNER', [o.admin.id]: 'ADMIN', [o.member.id]: 'MEMBER' });
    });

    test('suspend and reactivate are audited and notify owners and admins', async () => {
      const o = await activeOrg('Suspend Audit');
      await t.request('POST', admin(o.org.id, 'suspend'), { token: ops.token, body: { reason: 'abuse report' } });
      await t.request('POST', admin(o.org.id, 'reactivate'), { token: ops2.token, body: { reason: 'resolved' } });
      const h = (await detail(o.org.id)).history;
      const suspend = h.find((e) => e.action === 'suspend');
      const reactivate = h.find((e) => e.action === 'reactivate');
      assert.deepEqual(
        { from: suspend?.fromStatus, to: suspend?.toStatus, reason: suspend?.reason, actor: suspend?.actorUserId },
        { from: 'ACTIVE', to: 'SUSPENDED', reason: 'abuse report', actor: ops.id },
      );
      assert.deepEqual(
        { from: reactivate?.fromStatus, to: reactivate?.toStatus, reason: reactivate?.reason, actor: reactivate?.actorUserId },
        { from: 'SUSPENDED', to: 'ACTIVE', reason: 'resolved', actor: ops2.id },
      );
      assert.deepEqual(h.map((e) => e.action).sort(), ['approve', 'created', 'reactivate', 'suspend']);
      const admins = [o.owner.email, o.admin.email].sort();
      assert.deepEqual((await notificationsAbout(o.org.id, 'organization_suspended')).map((n) => n.to_email), admins);
      assert.deepEqual((await notificationsAbout(o.org.id, 'organization_reactivated')).map((n) => n.to_email), admins);
    });

    test('a suspended member is not notified, and an org of another tenant is untouched by the suspension', async () => {
      const o = await activeOrg('Suspend Scope');
      const other = await activeOrg('Bystander Org');
      const exAdmin = await t.signUp('Former Admin');
      await addMember(t.db, o.org.id, exAdmin.id, 'ADMIN', 'SUSPENDED');
      const res = await t.request('POST', admin(o.org.id, 'suspend'), { token: ops.token, body: { reason: 'scope check' } });
      assert.equal(res.status, 200, res.text);
      const sent = (await notificationsAbout(o.org.id, 'organization_suspended')).map((n) => n.to_email);
      assert.ok(!sent.includes(exAdmin.email));
      assert.equal((await notificationsAbout(other.org.id, 'organization_suspended')).length, 0);
      const bystander = await t.request('GET', `/api/v1/orgs/${other.org.id}`, { token: other.member.token });
      assert.equal(bystander.status, 200, bystander.text);
    });
  });

  describe('invalid transitions', () => {
    let activeId: string;
    let pendingId: string;
    let suspendedId: string;
    let rejectedId: string;

    before(async () => {
      activeId = (await activeOrg('Invalid Active')).org.id;
      pendingId = (await pendingOrg('Invalid Pending')).org.id;
      suspendedId = (await activeOrg('Invalid Suspended')).org.id;
      const s = await t.request('POST', admin(suspendedId, 'suspend'), { token: ops.token, body: { reason: 'x' } });
      assert.equal(s.status, 200, s.text);
      rejectedId = (await pendingOrg('Invalid Rejected')).org.id;
      const r = await t.request('POST', admin(rejectedId, 'reject'), { token: ops.token, body: { reason: 'x' } });
      assert.equal(r.status, 200, r.text);
    });

    const cases: [string, () => string, string, unknown?][] = [
      ['approve an ACTIVE organization', () => activeId, 'approve'],
      ['reactivate an ACTIVE organization', () => activeId, 'reactivate'],
      ['reject an ACTIVE organization', () => activeId, 'reject', { reason: 'late' }],
      ['suspend a PENDING organization', () => pendingId, 'suspend', { reason: 'x' }],
      ['reactivate a PENDING organization', () => pendingId, 'reactivate'],
      ['approve a SUSPENDED organization', () => suspendedId, 'approve'],
      ['suspend a SUSPENDED organization', () => suspendedId, 'suspend', { reason: 'again' }],
      ['approve a REJECTED organization', () => rejectedId, 'approve'],
      ['reactivate a REJECTED organization', () => rejectedId, 'reactivate'],
      ['suspend a REJECTED organization', () => rejectedId, 'suspend', { reason: 'x' }],
    ];
    for (const [what, id, action, body] of cases) {
      test(`${what} is a 409 invalid_transition and changes nothing`, async () => {
        const before = await statusOf(id());
        const historyBefore = (await detail(id())).history.length;
        const res = await t.request('POST', admin(id(), action), { token: ops.token, body });
        assert.equal(res.status, 409, res.text);
        assert.equal(res.json.code, 'invalid_transition');
        assert.deepEqual(await statusOf(id()), before);
        assert.equal((await detail(id())).history.length, historyBefore, 'a refused transition writes no history');
      });
    }

    test('every transition on an unknown organization is a 404', async () => {
      const unknown = '0190aaaa-bbbb-7ccc-8ddd-eeeeeeeeeeee';
      for (const [action, body] of [
        ['approve'],
        ['reject', { reason: 'x' }],
        ['suspend', { reason: 'x' }],
        ['reactivate'],
        ['delete'],
        ['restore'],
        ['purge'],
      ] as [string, unknown?][]) {
        const res = await t.request('POST', admin(unknown, action), { token: ops.token, body });
        assert.equal(res.status, 404, `${action}: ${res.text}`);
        assert.equal(res.json.code, 'not_found');
      }
    });
  });

  describe('soft delete, restore and purge', () => {
    test('soft delete hides the organization from its members, their list and the default directory', async () => {
      const o = await activeOrg('Delete Me');
      const res = await t.request('POST', admin(o.org.id, 'delete'), { token: ops.token, body: { reason: 'owner asked' } });
      assert.equal(res.status, 200, res.text);
      assert.ok(res.json.deletedAt);
      for (const u of o.everyone) {
        for (const path of [`/api/v1/orgs/${o.org.id}`, `/api/v1/orgs/${o.org.slug}`, `/api/v1/orgs/${o.org.id}/members`]) {
          const got = await t.request('GET', path, { token: u.token });
          assert.equal(got.status, 404, `${u.name} ${path}: ${got.text}`);
          assert.equal(got.json.code, 'not_found');
        }
      }
      const mine = await t.request('GET', '/api/v1/orgs', { token: o.owner.token });
      assert.equal(mine.status, 200, mine.text);
      assert.ok(!mine.json.items.some((i: any) => i.id === o.org.id), 'gone from the owner\'s organization list');
      const dir = await t.request('GET', `/api/v1/admin/organizations?q=${o.org.slug}`, { token: ops.token });
      assert.ok(!dir.json.items.some((i: any) => i.id === o.org.id), 'gone from the default directory');
      const only = await t.request('GET', `/api/v1/admin/organizations?q=${o.org.slug}&deleted=only`, { token: ops.token });
      assert.ok(only.json.items.some((i: any) => i.id === o.org.id), 'still listed with deleted=only');
      const entry = (await detail(o.org.id)).history.find((h) => h.action === 'deleted');
      assert.equal(entry?.reason, 'owner asked');
      assert.equal(entry?.actorUserId, ops.id);
      assert.deepEqual(
        (await notificationsAbout(o.org.id, 'organization_deleted')).map((n) => n.to_email),
        [o.owner.email, o.admin.email].sort(),
      );
    });

    test('a deleted organization refuses status transitions and a second delete with 409', async () => {
      const o = await activeOrg('Deleted Transitions');
      assert.equal((await t.request('POST', admin(o.org.id, 'delete'), { token: ops.token })).status, 200);
      for (const [action, body] of [['suspend', { reason: 'x' }], ['delete'], ['approve'], ['reactivate']] as [string, unknown?][]) {
        const res = await t.request('POST', admin(o.org.id, action), { token: ops.token, body });
        assert.equal(res.status, 409, `${action}: ${res.text}`);
        assert.equal(res.json.code, 'invalid_transition');
      }
      const row = await statusOf(o.org.id);
      assert.equal(row!.status, 'ACTIVE');
      assert.ok(row!.deleted_at);
    });

    test('restore within the window makes the organization accessible again', async () => {
      const o = await activeOrg('Restore Me');
      assert.equal((await t.request('POST', admin(o.org.id, 'delete'), { token: ops.token })).status, 200);
      assert.equal((await t.request('GET', `/api/v1/orgs/${o.org.id}`, { token: o.member.token })).status, 404);
      // 29 days ago is still inside the default 30-day window.
      await t.db.query("update organizations set deleted_at = now() - interval '29 days' where id = $1", [o.org.id]);
      const res = await t.request('POST', admin(o.org.id, 'restore'), { token: ops.token });
      assert.equal(res.status, 200, res.text);
      assert.equal(res.json.deletedAt, null);
      for (const u of o.everyone) {
        const got = await t.request('GET', `/api/v1/orgs/${o.org.id}/members`, { token: u.token });
        assert.equal(got.status, 200, `${u.name}: ${got.text}`);
        assert.equal(got.json.items.length, 3);
      }
      const mine = await t.request('GET', '/api/v1/orgs', { token: o.owner.token });
      assert.ok(mine.json.items.some((i: any) => i.id === o.org.id));
      const entry = (await detail(o.org.id)).history.find((h) => h.action === 'restored');
      assert.equal(entry?.actorUserId, ops.id);
    });

    test('restoring an organization that is not deleted is a 409', async () => {
      const o = await activeOrg('Restore Live');
      const res = await t.request('POST', admin(o.org.id, 'restore'), { token: ops.token });
      assert.equal(res.status, 409, res.text);
      assert.equal(res.json.code, 'invalid_transition');
    });

    test('restore after the default 30-day window is a 409 restore_window_expired', async () => {
      const o = await activeOrg('Restore Too Late');
      assert.equal((await t.request('POST', admin(o.org.id, 'delete'), { token: ops.token })).status, 200);
      await t.db.query("update organizations set deleted_at = now() - interval '40 days' where id = $1", [o.org.id]);
      const res = await t.request('POST', admin(o.org.id, 'restore'), { token: ops.token });
      assert.equal(res.status, 409, res.text);
      assert.equal(res.json.code, 'restore_window_expired');
      assert.ok((await statusOf(o.org.id))!.deleted_at, 'still deleted');
      assert.equal((await t.request('GET', `/api/v1/orgs/${o.org.id}`, { token: o.owner.token })).status, 404);
    });

    test('purging an organization that is not deleted is a 409 and removes nothing', async () => {
      const o = await activeOrg('Purge Live');
      const res = await t.request('POST', admin(o.org.id, 'purge'), { token: ops.token });
      assert.equal(res.status, 409, res.text);
      assert.equal(res.json.code, 'invalid_transition');
      assert.ok(await statusOf(o.org.id));
      const got = await t.request('GET', `/api/v1/orgs/${o.org.id}/members`, { token: o.owner.token });
      assert.equal(got.status, 200, got.text);
      assert.equal(got.json.items.length, 3);
    });

    test('purge removes every row of a deleted organization and leaves other organizations untouched', async () => {
      const doomed = await activeOrg('Purge Me');
      const bystander = await activeOrg('Purge Bystander');
      // Give both some history and notifications.
      for (const o of [doomed, bystander]) {
        await t.request('POST', admin(o.org.id, 'suspend'), { token: ops.token, body: { reason: 'history' } });
        await t.request('POST', admin(o.org.id, 'reactivate'), { token: ops.token });
      }
      assert.equal((await t.request('POST', admin(doomed.org.id, 'delete'), { token: ops.token })).status, 200);

      // Every table that carries an organization_id column, from the catalog (any schema).
      const tables = await t.db.query<{ table_schema: string; table_name: string }>(
        `select c.table_schema, c.table_name from information_schema.columns c
           join information_schema.tables tb on tb.table_schema = c.table_schema and tb.table_name = c.table_name
          where c.column_name = 'organization_id' and tb.table_type = 'BASE TABLE'
            and c.table_schema not in ('pg_catalog', 'information_schema')
          order by 1, 2`,
      );
      assert.ok(tables.some((r) => r.table_name === 'memberships'), 'the catalog query finds the tenant tables');
      const countIn = async (orgId: string) => {
        const out: Record<string, number> = {};
        for (const { table_schema, table_name } of tables) {
          const [row] = await t.db.query<{ n: number }>(
            `select count(*)::int as n from "${table_schema}"."${table_name}" where organization_id = $1`,
            [orgId],
          );
          out[`${table_schema}.${table_name}`] = Number(row!.n);
        }
        return out;
      };
      const doomedBefore = await countIn(doomed.org.id);
      assert.ok(doomedBefore['public.memberships']! >= 3 && doomedBefore['public.organization_status_events']! >= 4, JSON.stringify(doomedBefore));
      const bystanderBefore = await countIn(bystander.org.id);
      const bystanderNotes = await t.db.query('select id from notifications where about_organization_id = $1 order by id', [bystander.org.id]);
      assert.ok(bystanderNotes.length > 0);

      const res = await t.request('POST', admin(doomed.org.id, 'purge'), { token: ops.token });
      assert.equal(res.status, 200, res.text);
      assert.equal(res.json.id, doomed.org.id);
      assert.equal(res.json.purged, true);
      for (const name of ['memberships', 'organization_status_events']) {
        assert.ok(res.json.tablesChecked.includes(name), `tablesChecked lists ${name}: ${res.json.tablesChecked}`);
      }
      for (const { table_name } of tables.filter((r) => r.table_schema === 'public')) {
        assert.ok(res.json.tablesChecked.includes(table_name), `purge checked ${table_name}`);
      }

      const doomedAfter = await countIn(doomed.org.id);
      for (const [table, n] of Object.entries(doomedAfter)) assert.equal(n, 0, `rows left in ${table}`);
      assert.equal((await t.db.query('select 1 from organizations where id = $1', [doomed.org.id])).length, 0);
      assert.equal((await t.db.query('select 1 from notifications where about_organization_id = $1', [doomed.org.id])).length, 0);

      // Positive control: the bystander keeps every row, notification and its access.
      assert.deepEqual(await countIn(bystander.org.id), bystanderBefore);
      assert.deepEqual(
        await t.db.query('select id from notifications where about_organization_id = $1 order by id', [bystander.org.id]),
        bystanderNotes,
      );
      const still = await t.request('GET', `/api/v1/orgs/${bystander.org.id}/members`, { token: bystander.member.token });
      assert.equal(still.status, 200, still.text);
      assert.equal(still.json.items.length, 3);
      // The doomed org's users still exist; only their membership went.
      const users = await t.db.query('select id from users where id = any($1::uuid[])', [doomed.everyone.map((u) => u.id)]);
      assert.equal(users.length, 3);

      const detailAfter = await t.request('GET', `/api/v1/admin/organizations/${doomed.org.id}`, { token: ops.token });
      assert.equal(detailAfter.status, 404);
      const again = await t.request('POST', admin(doomed.org.id, 'purge'), { token: ops.token });
      assert.equal(again.status, 404, again.text);
      const restore = await t.request('POST', admin(doomed.org.id, 'restore'), { token: ops.token });
      assert.equal(restore.status, 404, restore.text);
    });

    test('a purged slug can be taken by a new organization', async () => {
      const o = await activeOrg('Purge Slug');
      assert.equal((await t.request('POST', admin(o.org.id, 'delete'), { token: ops.token })).status, 200);
      assert.equal((await t.request('POST', admin(o.org.id, 'purge'), { token: ops.token })).status, 200);
      const someone = await t.signUp('Slug Reuser');
      const res = await t.request('POST', '/api/v1/orgs', { token: someone.token, body: { name: 'Purge Slug', slug: o.org.slug } });
      assert.equal(res.status, 201, res.text);
    });
  });

  describe('races between operators', () => {
    // One owner and one admin shared by all race organizations (sign-up hashing is the slow part).
    let raceOwner: User;
    let raceAdmin: User;
    before(async () => {
      raceOwner = await t.signUp('Race Owner');
      raceAdmin = await t.signUp('Race Admin');
    });

    async function raceOrg(name: string, status: 'PENDING' | 'ACTIVE') {
      const res = await t.request('POST', '/api/v1/orgs', { token: raceOwner.token, body: { name } });
      assert.equal(res.status, 201, res.text);
      const org = res.json as { id: string; slug: string; name: string };
      await addMember(t.db, org.id, raceAdmin.id, 'ADMIN');
      if (status === 'ACTIVE') assert.equal((await t.request('POST', admin(org.id, 'approve'), { token: ops.token })).status, 200);
      return { org };
    }

    /** Runs two requests at once and returns their statuses sorted, with the responses. */
    async function race(a: () => Promise<any>, b: () => Promise<any>) {
      const [ra, rb] = await Promise.all([a(), b()]);
      return { ra, rb, statuses: [ra.status, rb.status].sort() };
    }

    test('two operators approving the same organization at once: exactly one 200 and one 409', async () => {
      for (let i = 0; i < 6; i++) {
        const o = await raceOrg(`Race Approve ${i}`, 'PENDING');
        const { ra, rb, statuses } = await race(
          () => t.request('POST', admin(o.org.id, 'approve'), { token: ops.token }),
          () => t.request('POST', admin(o.org.id, 'approve'), { token: ops2.token }),
        );
        assert.deepEqual(statuses, [200, 409], `${ra.text} / ${rb.text}`);
        const loser = ra.status === 409 ? ra : rb;
        assert.equal(loser.json.code, 'invalid_transition');
        assert.equal((await statusOf(o.org.id))!.status, 'ACTIVE');
        const approvals = (await detail(o.org.id)).history.filter((h) => h.action === 'approve');
        assert.equal(approvals.length, 1, 'one history entry');
        const winner = ra.status === 200 ? ops : ops2;
        assert.equal(approvals[0].actorUserId, winner.id, 'the history names the operator who won');
        assert.equal((await notificationsAbout(o.org.id, 'organization_approved')).length, 2, 'owner + admin notified once each');
      }
    });

    test('two operators suspending the same organization at once: exactly one 200 and one 409', async () => {
      for (let i = 0; i < 6; i++) {
        const o = await raceOrg(`Race Suspend ${i}`, 'ACTIVE');
        const { ra, rb, statuses } = await race(
          () => t.request('POST', admin(o.org.id, 'suspend'), { token: ops.token, body: { reason: 'first' } }),
          () => t.request('POST', admin(o.org.id, 'suspend'), { token: ops2.token, body: { reason: 'second' } }),
        );
        assert.deepEqual(statuses, [200, 409], `${ra.text} / ${rb.text}`);
        const winnerReason = ra.status === 200 ? 'first' : 'second';
        const row = await statusOf(o.org.id);
        assert.equal(row!.status, 'SUSPENDED');
        assert.equal(row!.status_reason, winnerReason, 'the stored reason is the winner\'s');
        assert.equal((await detail(o.org.id)).history.filter((h) => h.action === 'suspend').length, 1);
      }
    });

    test('approve racing reject: exactly one wins and the final status is the winner\'s', async () => {
      for (let i = 0; i < 8; i++) {
        const o = await raceOrg(`Race Mixed ${i}`, 'PENDING');
        // Alternate who is sent first so either side can win.
        const approveCall = () => t.request('POST', admin(o.org.id, 'approve'), { token: ops.token });
        const rejectCall = () => t.request('POST', admin(o.org.id, 'reject'), { token: ops2.token, body: { reason: 'spam' } });
        let ra: any;
        let rr: any;
        if (i % 2 === 0) [ra, rr] = await Promise.all([approveCall(), rejectCall()]);
        else [rr, ra] = await Promise.all([rejectCall(), approveCall()]);
        assert.deepEqual([ra.status, rr.status].sort(), [200, 409], `${ra.text} / ${rr.text}`);
        const expected = ra.status === 200 ? 'ACTIVE' : 'REJECTED';
        const loser = ra.status === 200 ? rr : ra;
        assert.equal(loser.json.code, 'invalid_transition');
        const row = await statusOf(o.org.id);
        assert.equal(row!.status, expected);
        assert.equal(row!.status_reason, expected === 'REJECTED' ? 'spam' : null);
        const h = (await detail(o.org.id)).history.filter((e) => e.action === 'approve' || e.action === 'reject');
        assert.equal(h.length, 1);
        assert.equal(h[0].toStatus, expected);
      }
    });
  });
});

describe('restore window from TENANTRY_RESTORE_WINDOW_DAYS', () => {
  let t: TestSystem;
  let ops: Ops;
  before(async () => {
    t = await startTestSystem({ TENANTRY_RESTORE_WINDOW_DAYS: '5' });
    ops = await t.operator();
  });
  after(() => t.close());

  async function deletedOrg(name: string, daysAgo: number) {
    const owner = await t.signUp(`${name} Owner`);
    const created = await t.request('POST', '/api/v1/orgs', { token: owner.token, body: { name } });
    assert.equal(created.status, 201, created.text);
    const id = created.json.id as string;
    assert.equal((await t.request('POST', admin(id, 'approve'), { token: ops.token })).status, 200);
    assert.equal((await t.request('POST', admin(id, 'delete'), { token: ops.token })).status, 200);
    await t.db.query('update organizations set deleted_at = now() - make_interval(days => $2) where id = $1', [id, daysAgo]);
    return { id, owner };
  }

  test('an organization deleted 6 days ago cannot be restored with a 5-day window', async () => {
    const { id } = await deletedOrg('Window Six', 6);
    const res = await t.request('POST', admin(id, 'restore'), { token: ops.token });
    assert.equal(res.status, 409, res.text);
    assert.equal(res.json.code, 'restore_window_expired');
    assert.match(res.json.detail, /5 days/);
  });

  test('an organization deleted 4 days ago can be restored with a 5-day window (positive control)', async () => {
    const { id, owner } = await deletedOrg('Window Four', 4);
    const res = await t.request('POST', admin(id, 'restore'), { token: ops.token });
    assert.equal(res.status, 200, res.text);
    const got = await t.request('GET', `/api/v1/orgs/${id}`, { token: owner.token });
    assert.equal(got.status, 200, got.text);
  });

  test('the delete notification names the configured window', async () => {
    const { id } = await deletedOrg('Window Note', 0);
    const [note] = await t.db.query<{ body_text: string }>(
      "select body_text from notifications where about_organization_id = $1 and kind = 'organization_deleted'",
      [id],
    );
    assert.match(note!.body_text, /within 5 days/);
  });
});

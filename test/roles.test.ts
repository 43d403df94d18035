// Roles (M2) over real HTTP: built-in roles and the permission table, custom roles (create, update,
// delete with reassignment), "nobody grants what they do not hold", no editing the role you hold,
// GET /orgs/{org}/me with effective permissions that follow a role change at the very next request,
// role keys of another organization, and mass assignment on role bodies.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { addMember, startTestSystem, type TestSystem } from './harness.ts';
import { assertProblem, fieldPaths } from './support/problems.ts';

type Person = { token: string; id: string; email: string; name: string; membershipId: string };

const BUILT_INS = ['OWNER', 'ADMIN', 'MEMBER', 'READ_ONLY'];

const flatten = (table: { resource: string; actions: string[] }[]) => table.flatMap((r) => r.actions.map((a) => `${r.resource}:${a}`)).sort();

describe('roles', () => {
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

  async function roleOf(membership: string): Promise<string> {
    const [row] = await t.db.query<{ role: string }>('select role from memberships where id = $1', [membership]);
    assert.ok(row);
    return row.role;
  }

  async function storedRole(orgId: string, key: string) {
    const [row] = await t.db.query<{ name: string; permissions: string[] | string; builtin: boolean }>(
      'select name, permissions, builtin from roles where organization_id = $1 and key = $2',
      [orgId, key],
    );
    if (!row) return undefined;
    const permissions = typeof row.permissions === 'string' ? (JSON.parse(row.permissions) as string[]) : row.permissions;
    return { name: row.name, permissions: [...permissions].sort(), builtin: row.builtin };
  }

  async function join(orgId: string, role = 'MEMBER', name = 'Member'): Promise<Person> {
    const user = await t.signUp(name);
    await addMember(t.db, orgId, user.id, role, 'ACTIVE');
    return { ...user, membershipId: await membershipId(orgId, user.id) };
  }

  async function organization(name: string) {
    const { org, owner } = await t.activeOrganization(ops, `${name} ${t.unique('o').slice(-6)}`);
    return { org, owner: { ...owner, membershipId: await membershipId(org.id, owner.id) } as Person };
  }

  const roles = (org: string, token: string) => t.request('GET', `/api/v1/orgs/${org}/roles`, { token });
  const createRole = (org: string, token: string, body: unknown) => t.request('POST', `/api/v1/orgs/${org}/roles`, { token, body });
  const updateRole = (org: string, key: string, token: string, body: unknown) => t.request('PATCH', `/api/v1/orgs/${org}/roles/${key}`, { token, body });
  const deleteRole = (org: string, key: string, token: string, query = '') => t.request('DELETE', `/api/v1/orgs/${org}/roles/${key}${query}`, { token });
  const assign = (org: string, memberId: string, token: string, role: string) =>
    t.request('PATCH', `/api/v1/orgs/${org}/members/${memberId}`, { token, body: { role } });
  const me = (org: string, token: string) => t.request('GET', `/api/v1/orgs/${org}/me`, { token });

  async function custom(org: string, token: string, key: string, permissions: string[]) {
    const res = await createRole(org, token, { key, name: `Role ${key}`, permissions });
    assert.equal(res.status, 201, res.text);
    return res.json;
  }

  describe('built-in roles and the permission table', () => {
    test('GET /roles lists the four built-ins (builtin: true, member counts) and the permission table', async () => {
      const { org, owner } = await organization('Builtins');
      await join(org.id, 'READ_ONLY');
      const res = await roles(org.slug, owner.token);
      assert.equal(res.status, 200, res.text);
      const byKey = new Map(res.json.items.map((r: any) => [r.key, r]));
      for (const key of BUILT_INS) {
        const role: any = byKey.get(key);
        assert.ok(role, `${key} is listed`);
        assert.equal(role.builtin, true);
      }
      assert.equal((byKey.get('OWNER') as any).memberCount, 1);
      assert.equal((byKey.get('READ_ONLY') as any).memberCount, 1);
      assert.equal((byKey.get('ADMIN') as any).memberCount, 0);
      assert.ok(Array.isArray(res.json.permissionTable) && res.json.permissionTable.length > 0);
      const all = flatten(res.json.permissionTable);
      for (const p of ['organization:delete', 'members:read', 'members:update', 'roles:create']) assert.ok(all.includes(p), p);
      assert.deepEqual([...(byKey.get('OWNER') as any).permissions].sort(), all, 'OWNER holds the whole table');
      assert.ok(!(byKey.get('ADMIN') as any).permissions.includes('organization:delete'));
    });

    test('built-in roles cannot be edited or deleted (403), even by an OWNER; a custom role can', async () => {
      const { org, owner } = await organization('Builtins Locked');
      for (const key of ['OWNER', 'ADMIN', 'READ_ONLY']) {
        assertProblem(await updateRole(org.slug, key, owner.token, { name: 'Renamed' }), 403, 'forbidden');
        assertProblem(await deleteRole(org.slug, key, owner.token), 403, 'forbidden');
        assert.equal((await storedRole(org.id, key))?.builtin, true, `${key} is still there`);
      }
      assert.equal((await storedRole(org.id, 'OWNER'))?.name, 'Owner');

      await custom(org.slug, owner.token, 'editable', ['members:read']);
      const renamed = await updateRole(org.slug, 'editable', owner.token, { name: 'Renamed' });
      assert.equal(renamed.status, 200, renamed.text);
      assert.equal(renamed.json.name, 'Renamed');
      const deleted = await deleteRole(org.slug, 'editable', owner.token);
      assert.equal(deleted.status, 200, deleted.text);
      assert.equal(await storedRole(org.id, 'editable'), undefined);
    });
  });

  describe('custom roles', () => {
    test('create: 201 with a lowercase key; an upper-case key is 400; a duplicate key is 409', async () => {
      const { org, owner } = await organization('Create Role');
      const upper = await createRole(org.slug, owner.token, { key: 'Auditor', name: 'Auditor', permissions: ['members:read'] });
      assertProblem(upper, 400, 'validation_failed');
      assert.ok(fieldPaths(upper).includes('body.key'), upper.text);
      assertProblem(await createRole(org.slug, owner.token, { key: 'ADMIN', name: 'Fake admin', permissions: [] }), 400, 'validation_failed');
      assert.equal(await storedRole(org.id, 'Auditor'), undefined);

      const created = await createRole(org.slug, owner.token, {
        key: 'auditor', name: 'Auditor', description: 'Reads members', permissions: ['members:read', 'audit:read', 'members:read'],
      });
      assert.equal(created.status, 201, created.text);
      assert.equal(created.json.key, 'auditor');
      assert.equal(created.json.builtin, false);
      assert.equal(created.json.memberCount, 0);
      assert.deepEqual([...created.json.permissions].sort(), ['audit:read', 'members:read']);
      assert.deepEqual(await storedRole(org.id, 'auditor'), { name: 'Auditor', permissions: ['audit:read', 'members:read'], builtin: false });

      const got = await t.request('GET', `/api/v1/orgs/${org.slug}/roles/auditor`, { token: owner.token });
      assert.equal(got.status, 200, got.text);
      assert.equal(got.json.description, 'Reads members');

      const dup = await createRole(org.slug, owner.token, { key: 'auditor', name: 'Another', permissions: [] });
      assertProblem(dup, 409, 'conflict');
      assert.equal((await storedRole(org.id, 'auditor'))?.name, 'Auditor', 'the duplicate changed nothing');
    });

    test('create: an unknown permission is 400 naming it; nothing is created', async () => {
      const { org, owner } = await organization('Unknown Perm');
      const res = await createRole(org.slug, owner.token, { key: 'flyer', name: 'Flyer', permissions: ['members:read', 'widgets:fly', 'members:teleport'] });
      assertProblem(res, 400, 'validation_failed');
      const messages = (res.json.errors ?? []).map((e: any) => `${e.path} ${e.message}`).join('\n');
      assert.match(messages, /widgets:fly/);
      assert.match(messages, /members:teleport/);
      assert.doesNotMatch(messages, /members:read\b/);
      assert.equal(await storedRole(org.id, 'flyer'), undefined);
    });

    test('create: a permission the creator lacks is 403 (ADMIN with organization:delete); within their own permissions it works', async () => {
      const { org } = await organization('Grant Limit');
      const admin = await join(org.id, 'ADMIN');
      const refused = await createRole(org.slug, admin.token, { key: 'deleter', name: 'Deleter', permissions: ['organization:read', 'organization:delete'] });
      assertProblem(refused, 403, 'forbidden');
      assert.match(refused.json.detail, /organization:delete/);
      assert.equal(await storedRole(org.id, 'deleter'), undefined);

      const ok = await createRole(org.slug, admin.token, { key: 'reader', name: 'Reader', permissions: ['organization:read', 'members:read'] });
      assert.equal(ok.status, 201, ok.text);
    });

    test('a MEMBER (no roles:create/update/delete) gets 403 on every role write; it can read roles', async () => {
      const { org, owner } = await organization('Member Roles');
      await custom(org.slug, owner.token, 'existing', ['members:read']);
      const plain = await join(org.id, 'MEMBER');
      assert.equal((await roles(org.slug, plain.token)).status, 200);
      assertProblem(await createRole(org.slug, plain.token, { key: 'mine', name: 'Mine', permissions: [] }), 403, 'forbidden');
      assertProblem(await updateRole(org.slug, 'existing', plain.token, { name: 'Hijacked' }), 403, 'forbidden');
      assertProblem(await deleteRole(org.slug, 'existing', plain.token), 403, 'forbidden');
      assert.equal(await storedRole(org.id, 'mine'), undefined);
      assert.equal((await storedRole(org.id, 'existing'))?.name, 'Role existing');
    });

    test('update: name, description and permissions are stored; an unknown permission is 400', async () => {
      const { org, owner } = await organization('Update Role');
      await custom(org.slug, owner.token, 'editor', ['members:read']);
      const res = await updateRole(org.slug, 'editor', owner.token, { name: 'Editor', description: 'Edits teams', permissions: ['teams:read', 'teams:update'] });
      assert.equal(res.status, 200, res.text);
      assert.equal(res.json.name, 'Editor');
      assert.equal(res.json.description, 'Edits teams');
      assert.deepEqual([...res.json.permissions].sort(), ['teams:read', 'teams:update']);
      assert.deepEqual(await storedRole(org.id, 'editor'), { name: 'Editor', permissions: ['teams:read', 'teams:update'], builtin: false });

      const bad = await updateRole(org.slug, 'editor', owner.token, { permissions: ['teams:read', 'teams:explode'] });
      assertProblem(bad, 400, 'validation_failed');
      assert.match(JSON.stringify(bad.json.errors), /teams:explode/);
      assert.deepEqual((await storedRole(org.id, 'editor'))?.permissions, ['teams:read', 'teams:update']);
      assertProblem(await updateRole(org.slug, 'no-such-role', owner.token, { name: 'X' }), 404, 'not_found');
    });

    test('update: an ADMIN cannot add, nor remove, a permission it lacks (403); it can edit a role within its permissions', async () => {
      const { org, owner } = await organization('Update Limit');
      await custom(org.slug, owner.token, 'danger', ['organization:read', 'organization:delete']);
      await custom(org.slug, owner.token, 'safe', ['members:read']);
      const admin = await join(org.id, 'ADMIN');
      assertProblem(await updateRole(org.slug, 'safe', admin.token, { permissions: ['members:read', 'organization:delete'] }), 403, 'forbidden');
      assertProblem(await updateRole(org.slug, 'danger', admin.token, { permissions: ['organization:read'] }), 403, 'forbidden');
      assert.deepEqual((await storedRole(org.id, 'safe'))?.permissions, ['members:read']);
      assert.deepEqual((await storedRole(org.id, 'danger'))?.permissions, ['organization:delete', 'organization:read']);
      const ok = await updateRole(org.slug, 'safe', admin.token, { permissions: ['members:read', 'members:update'] });
      assert.equal(ok.status, 200, ok.text);
      assert.deepEqual((await storedRole(org.id, 'safe'))?.permissions, ['members:read', 'members:update']);
    });

    test('nobody edits the custom role they hold (403); the same person edits another custom role', async () => {
      const { org, owner } = await organization('Own Role');
      await custom(org.slug, owner.token, 'role-editor', ['roles:read', 'roles:update', 'members:read']);
      await custom(org.slug, owner.token, 'helper', ['members:read']);
      const editor = await join(org.id, 'MEMBER');
      assert.equal((await assign(org.slug, editor.membershipId, owner.token, 'role-editor')).status, 200);

      const self = await updateRole(org.slug, 'role-editor', editor.token, { permissions: ['roles:read', 'roles:update'] });
      assertProblem(self, 403, 'forbidden');
      assert.deepEqual((await storedRole(org.id, 'role-editor'))?.permissions, ['members:read', 'roles:read', 'roles:update']);
      assertProblem(await updateRole(org.slug, 'role-editor', editor.token, { name: 'Renamed' }), 403, 'forbidden');

      const other = await updateRole(org.slug, 'helper', editor.token, { name: 'Helper', permissions: ['members:read', 'roles:read'] });
      assert.equal(other.status, 200, other.text);
    });

    test('delete: refused with 409 while assigned; ?reassignTo=MEMBER deletes it and moves its members to MEMBER', async () => {
      const { org, owner } = await organization('Delete Role');
      await custom(org.slug, owner.token, 'temp', ['members:read']);
      const m = await join(org.id, 'MEMBER');
      assert.equal((await assign(org.slug, m.membershipId, owner.token, 'temp')).status, 200);

      assertProblem(await deleteRole(org.slug, 'temp', owner.token), 409, 'conflict');
      assert.ok(await storedRole(org.id, 'temp'), 'still there');
      assert.equal(await roleOf(m.membershipId), 'temp');

      const res = await deleteRole(org.slug, 'temp', owner.token, '?reassignTo=MEMBER');
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(res.json, { deleted: 'temp', reassignedTo: 'MEMBER', reassigned: 1 });
      assert.equal(await storedRole(org.id, 'temp'), undefined);
      assert.equal(await roleOf(m.membershipId), 'MEMBER');
      const mine = await me(org.slug, m.token);
      assert.equal(mine.status, 200, mine.text);
      assert.equal(mine.json.role, 'MEMBER');
      assertProblem(await t.request('GET', `/api/v1/orgs/${org.slug}/roles/temp`, { token: owner.token }), 404, 'not_found');
    });

    test('delete: reassignTo=OWNER (or the role itself) is refused and nothing changes; an unassigned role deletes without it', async () => {
      const { org, owner } = await organization('Delete Owner');
      await custom(org.slug, owner.token, 'temp', ['members:read']);
      await custom(org.slug, owner.token, 'unused', ['members:read']);
      const m = await join(org.id, 'MEMBER');
      assert.equal((await assign(org.slug, m.membershipId, owner.token, 'temp')).status, 200);

      const toOwner = await deleteRole(org.slug, 'temp', owner.token, '?reassignTo=OWNER');
      assertProblem(toOwner, 400, 'validation_failed');
      assert.ok(fieldPaths(toOwner).includes('query.reassignTo'), toOwner.text);
      assertProblem(await deleteRole(org.slug, 'temp', owner.token, '?reassignTo=temp'), 400, 'validation_failed');
      assert.ok(await storedRole(org.id, 'temp'));
      assert.equal(await roleOf(m.membershipId), 'temp');

      const plain = await deleteRole(org.slug, 'unused', owner.token);
      assert.equal(plain.status, 200, plain.text);
      assert.deepEqual(plain.json, { deleted: 'unused', reassignedTo: null, reassigned: 0 });
    });
  });

  describe('GET /orgs/{org}/me', () => {
    test('OWNER: membership, role and every permission of the table; READ_ONLY: only :read permissions', async () => {
      const { org, owner } = await organization('Me');
      const reader = await join(org.id, 'READ_ONLY', 'Reader');
      const table = flatten((await roles(org.slug, owner.token)).json.permissionTable);

      const mine = await me(org.slug, owner.token);
      assert.equal(mine.status, 200, mine.text);
      assert.deepEqual(mine.json.organization, { id: org.id, slug: org.slug, name: org.name, status: 'ACTIVE' });
      assert.equal(mine.json.membership.id, owner.membershipId);
      assert.equal(mine.json.membership.userId, owner.id);
      assert.equal(mine.json.membership.status, 'ACTIVE');
      assert.equal(mine.json.role, 'OWNER');
      assert.deepEqual([...mine.json.permissions].sort(), table);

      const theirs = await me(org.id, reader.token);
      assert.equal(theirs.status, 200, theirs.text);
      assert.equal(theirs.json.role, 'READ_ONLY');
      assert.equal(theirs.json.membership.id, reader.membershipId);
      const perms: string[] = theirs.json.permissions;
      assert.ok(perms.length > 0);
      assert.ok(perms.every((p) => p.endsWith(':read')), perms.join(','));
      assert.ok(perms.includes('members:read'));
      assert.ok(!perms.includes('members:update') && !perms.includes('roles:create'));
      assert.ok(perms.length < table.length);
    });

    test('a custom role\'s permission change takes effect at the very next request', async () => {
      const { org, owner } = await organization('Me Changes');
      await custom(org.slug, owner.token, 'lister', ['members:read']);
      await custom(org.slug, owner.token, 'nothing', []);
      const m = await join(org.id, 'MEMBER');
      assert.equal((await assign(org.slug, m.membershipId, owner.token, 'nothing')).status, 200);
      assertProblem(await t.request('GET', `/api/v1/orgs/${org.slug}/members`, { token: m.token }), 403, 'forbidden');

      assert.equal((await assign(org.slug, m.membershipId, owner.token, 'lister')).status, 200);
      assert.deepEqual((await me(org.slug, m.token)).json.permissions, ['members:read']);
      assert.equal((await t.request('GET', `/api/v1/orgs/${org.slug}/members`, { token: m.token })).status, 200);

      const changed = await updateRole(org.slug, 'lister', owner.token, { permissions: ['roles:read'] });
      assert.equal(changed.status, 200, changed.text);
      assertProblem(await t.request('GET', `/api/v1/orgs/${org.slug}/members`, { token: m.token }), 403, 'forbidden');
      assert.deepEqual((await me(org.slug, m.token)).json.permissions, ['roles:read']);
      assert.equal((await roles(org.slug, m.token)).status, 200, 'the newly granted permission works at once too');
    });
  });

  describe('cross-organization role keys and mass assignment', () => {
    test("a role key that exists only in organization B answers under A's path exactly like a random key", async () => {
      const a = await organization('Roles A');
      const b = await organization('Roles B');
      await custom(b.org.slug, b.owner.token, 'b-only', ['members:read']);
      await custom(a.org.slug, a.owner.token, 'a-role', ['members:read']);
      const aMember = await join(a.org.id, 'MEMBER');
      assert.equal((await assign(a.org.slug, aMember.membershipId, a.owner.token, 'a-role')).status, 200);
      const token = a.owner.token;
      const base = `/api/v1/orgs/${a.org.slug}`;

      // [method, path for a key, body for a key, the answer an unknown key gets]
      const probes: [string, (k: string) => string, (k: string) => unknown, number, string][] = [
        ['GET', (k) => `${base}/roles/${k}`, () => undefined, 404, 'not_found'],
        ['PATCH', (k) => `${base}/roles/${k}`, () => ({ name: 'Stolen' }), 404, 'not_found'],
        ['DELETE', (k) => `${base}/roles/${k}`, () => undefined, 404, 'not_found'],
        ['PATCH', () => `${base}/members/${aMember.membershipId}`, (k) => ({ role: k }), 400, 'validation_failed'],
        ['DELETE', (k) => `${base}/roles/a-role?reassignTo=${k}`, () => undefined, 400, 'validation_failed'],
      ];
      for (const [method, path, body, status, code] of probes) {
        const random = await t.request(method, path('zz-random-key'), { token, body: body('zz-random-key') });
        const foreign = await t.request(method, path('b-only'), { token, body: body('b-only') });
        assertProblem(random, status, code);
        assert.deepEqual(
          { status: foreign.status, code: foreign.json?.code },
          { status: random.status, code: random.json.code },
          `${method} ${path('b-only')}: ${foreign.text}`,
        );
      }
      assertProblem(await t.request('GET', `${base}/roles/b-only`, { token }), 404, 'not_found');
      // B's role is untouched and A's member still holds A's role.
      assert.deepEqual(await storedRole(b.org.id, 'b-only'), { name: 'Role b-only', permissions: ['members:read'], builtin: false });
      assert.equal(await roleOf(aMember.membershipId), 'a-role');
      assert.ok(await storedRole(a.org.id, 'a-role'));
      // Control: B's owner reaches it through B's path.
      assert.equal((await t.request('GET', `/api/v1/orgs/${b.org.slug}/roles/b-only`, { token: b.owner.token })).status, 200);
    });

    test('POST /roles with organizationId or builtin → 400 naming the field and nothing created; PATCH with key or builtin → 400', async () => {
      const { org, owner } = await organization('Roles Mass');
      const other = await organization('Roles Mass Other');
      for (const [field, value] of [['organizationId', other.org.id], ['builtin', true]] as const) {
        const res = await createRole(org.slug, owner.token, { key: 'sneaky', name: 'Sneaky', permissions: ['members:read'], [field]: value });
        assertProblem(res, 400, 'validation_failed');
        assert.ok(fieldPaths(res).includes(`body.${field}`), res.text);
        const [row] = await t.db.query<{ n: number }>(`select count(*)::int as n from roles where key = 'sneaky'`);
        assert.equal(Number(row!.n), 0, `${field}: nothing created in any organization`);
      }
      const ok = await createRole(org.slug, owner.token, { key: 'sneaky', name: 'Sneaky', permissions: ['members:read'] });
      assert.equal(ok.status, 201, ok.text);
      assert.equal(ok.json.builtin, false);
      const rows = await t.db.query<{ organization_id: string; builtin: boolean }>(`select organization_id::text, builtin from roles where key = 'sneaky'`);
      assert.deepEqual(rows.map((r) => [r.organization_id, r.builtin]), [[org.id, false]]);

      for (const extra of [{ builtin: true }, { key: 'renamed' }, { organizationId: other.org.id }]) {
        const res = await updateRole(org.slug, 'sneaky', owner.token, { name: 'Changed', ...extra });
        assertProblem(res, 400, 'validation_failed');
        assert.ok(fieldPaths(res).includes(`body.${Object.keys(extra)[0]}`), res.text);
      }
      assert.deepEqual(await storedRole(org.id, 'sneaky'), { name: 'Sneaky', permissions: ['members:read'], builtin: false });
    });
  });
});

// The projects module over real HTTP: projects (names unique per organization, dates in order, the
// PLANNED → ACTIVE → COMPLETED | CANCELLED lifecycle enforced in one table), participants who are an
// ACTIVE member of the same organization or an external person (exactly one), listed per project and
// role with cursor pagination; MEMBER and READ_ONLY permissions, the module guard, bad input on every
// write, and other organizations' ids answering 404.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { addMember, startTestSystem, type TestSystem } from '../../../../test/harness.ts';
import { assertProblem } from '../../../../test/support/problems.ts';

type Res = { status: number; headers: Headers; json: any; text: string };
type User = { token: string; id: string; email: string; name: string };
type Org = { id: string; slug: string; name: string };
type Project = { id: string; name: string; status: string; startDate: string | null; endDate: string | null };

const fieldPaths = (res: Res): string[] => (res.json?.errors ?? []).map((e: { path: string }) => e.path);

describe('projects module', () => {
  let t: TestSystem;
  let ops: { token: string };
  let A: { org: Org; owner: User };
  let B: { org: Org; owner: User };
  let member: User;
  let readOnly: User;

  const api = (org: Org, path: string) => `/api/v1/orgs/${org.id}/projects${path}`;
  const as = (user: User) => ({
    get: (org: Org, path: string) => t.request('GET', api(org, path), { token: user.token }),
    post: (org: Org, path: string, body?: unknown) => t.request('POST', api(org, path), { token: user.token, body }),
    patch: (org: Org, path: string, body: unknown) => t.request('PATCH', api(org, path), { token: user.token, body }),
    del: (org: Org, path: string) => t.request('DELETE', api(org, path), { token: user.token }),
  });

  async function enable(org: Org, owner: User) {
    const res = await t.request('POST', `/api/v1/orgs/${org.id}/modules/projects/enable`, { token: owner.token });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.enabled, true);
  }

  async function createProject(org: Org, owner: User, body: Record<string, unknown> = {}): Promise<Project> {
    const res = await as(owner).post(org, '/projects', { name: t.unique('Project'), ...body });
    assert.equal(res.status, 201, res.text);
    return res.json;
  }

  async function membershipOf(orgId: string, userId: string): Promise<string> {
    const [row] = await t.db.query<{ id: string }>('select id::text as id from memberships where organization_id = $1 and user_id = $2', [orgId, userId]);
    assert.ok(row, 'membership exists');
    return row.id;
  }

  async function join(orgId: string, role = 'MEMBER', status = 'ACTIVE', name = role): Promise<User & { membershipId: string }> {
    const user = await t.signUp(name);
    await addMember(t.db, orgId, user.id, role, status);
    return { ...user, membershipId: await membershipOf(orgId, user.id) };
  }

  const eventsOf = async (orgId: string, type: string) =>
    (await t.db.query<{ payload: unknown }>('select payload from domain_events where organization_id = $1 and type = $2 order by id', [orgId, type])).map((r) =>
      typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload,
    ) as Record<string, unknown>[];

  const auditOf = async (orgId: string, targetId: string) =>
    (await t.db.query<{ action: string }>('select action from audit_logs where organization_id = $1 and target_id = $2 order by created_at, id', [orgId, targetId])).map((r) => r.action);

  before(async () => {
    t = await startTestSystem();
    ops = await t.operator();
    A = await t.activeOrganization(ops, 'Youth Org A');
    B = await t.activeOrganization(ops, 'Youth Org B');
    member = await join(A.org.id, 'MEMBER', 'ACTIVE', 'Member');
    readOnly = await join(A.org.id, 'READ_ONLY', 'ACTIVE', 'Read Only');
  });
  after(() => t.close());

  // ---- the module guard ----

  test('while the module is disabled its routes answer 403 module_not_enabled; enabling opens them', async () => {
    for (const path of ['/projects', '/participants', `/projects/${randomUUID()}/participants`]) {
      assertProblem(await as(A.owner).get(A.org, path), 403, 'module_not_enabled');
    }
    assertProblem(await as(A.owner).post(A.org, '/projects', { name: 'Too early' }), 403, 'module_not_enabled');
    await enable(A.org, A.owner);
    await enable(B.org, B.owner);
    const list = await as(A.owner).get(A.org, '/projects');
    assert.equal(list.status, 200, list.text);
    assert.deepEqual(list.json, { items: [], nextCursor: null });
    // Enabling one organization does not enable it for another.
    const other = await t.activeOrganization(ops, 'Youth Org Off');
    assertProblem(await as(other.owner).get(other.org, '/projects'), 403, 'module_not_enabled');
  });

  // ---- projects ----

  test('an owner creates, reads, updates and deletes a project; audit and PROJECT_CREATED follow', async () => {
    const created = await as(A.owner).post(A.org, '/projects', { name: ' Summer Camp ', description: 'Two weeks by the lake', startDate: '2026-07-01', endDate: '2026-07-14' });
    assert.equal(created.status, 201, created.text);
    const p = created.json;
    assert.deepEqual(
      { name: p.name, description: p.description, status: p.status, startDate: p.startDate, endDate: p.endDate },
      { name: 'Summer Camp', description: 'Two weeks by the lake', status: 'PLANNED', startDate: '2026-07-01', endDate: '2026-07-14' },
    );
    assert.equal(Object.hasOwn(p, 'organizationId'), false);
    assert.deepEqual((await as(A.owner).get(A.org, `/projects/${p.id}`)).json, p);
    const patched = await as(A.owner).patch(A.org, `/projects/${p.id}`, { description: null, endDate: '2026-07-21' });
    assert.equal(patched.status, 200, patched.text);
    assert.equal(patched.json.description, null);
    assert.equal(patched.json.endDate, '2026-07-21');
    assert.equal(patched.json.name, 'Summer Camp');
    const deleted = await as(A.owner).del(A.org, `/projects/${p.id}`);
    assert.equal(deleted.status, 200, deleted.text);
    assert.deepEqual(deleted.json, { deleted: p.id, soft: false });
    assertProblem(await as(A.owner).get(A.org, `/projects/${p.id}`), 404, 'not_found');
    assert.deepEqual(await auditOf(A.org.id, p.id), ['project.created', 'project.updated', 'project.deleted']);
    assert.ok((await eventsOf(A.org.id, 'PROJECT_CREATED')).some((e) => e.id === p.id));
  });

  test('a project name is unique in its organization, ignoring case (409), but another organization may reuse it (201)', async () => {
    const p = await createProject(A.org, A.owner, { name: 'Erasmus Exchange' });
    assertProblem(await as(A.owner).post(A.org, '/projects', { name: 'erasmus exchange' }), 409, 'conflict');
    const other = await createProject(A.org, A.owner, { name: 'Hiking Week' });
    assertProblem(await as(A.owner).patch(A.org, `/projects/${other.id}`, { name: 'ERASMUS EXCHANGE' }), 409, 'conflict');
    const same = await as(A.owner).patch(A.org, `/projects/${p.id}`, { name: 'Erasmus exchange' });
    assert.equal(same.status, 200, 'renaming a project to its own name in another case is fine');
    const inB = await as(B.owner).post(B.org, '/projects', { name: 'Erasmus Exchange' });
    assert.equal(inB.status, 201, inB.text);
  });

  test('an end date before the start date is a 400, on create and on update of either date alone', async () => {
    const res = await as(A.owner).post(A.org, '/projects', { name: 'Backwards', startDate: '2026-05-10', endDate: '2026-05-09' });
    assertProblem(res, 400, 'validation_failed');
    assert.deepEqual(fieldPaths(res), ['body.endDate']);
    const p = await createProject(A.org, A.owner, { startDate: '2026-05-10', endDate: '2026-05-10' });
    const early = await as(A.owner).patch(A.org, `/projects/${p.id}`, { endDate: '2026-05-01' });
    assertProblem(early, 400, 'validation_failed');
    assert.deepEqual(fieldPaths(early), ['body.endDate']);
    assertProblem(await as(A.owner).patch(A.org, `/projects/${p.id}`, { startDate: '2026-06-01' }), 400, 'validation_failed');
    assertProblem(await as(A.owner).patch(A.org, `/projects/${p.id}`, { startDate: '2026-06-02', endDate: '2026-06-01' }), 400, 'validation_failed');
    const unchanged = (await as(A.owner).get(A.org, `/projects/${p.id}`)).json;
    assert.deepEqual([unchanged.startDate, unchanged.endDate], ['2026-05-10', '2026-05-10']);
    // Positive controls: moving both together, or clearing one, is accepted.
    assert.equal((await as(A.owner).patch(A.org, `/projects/${p.id}`, { startDate: '2026-06-01', endDate: '2026-06-03' })).status, 200);
    assert.equal((await as(A.owner).patch(A.org, `/projects/${p.id}`, { startDate: null })).status, 200);
    assert.equal((await as(A.owner).patch(A.org, `/projects/${p.id}`, { startDate: '2026-06-03' })).status, 200);
  });

  test('the lifecycle: PLANNED → ACTIVE → COMPLETED, CANCELLED from PLANNED or ACTIVE, and every other move is a 409', async () => {
    const allowed: Record<string, Record<string, string | null>> = {
      PLANNED: { activate: 'ACTIVE', complete: null, cancel: 'CANCELLED' },
      ACTIVE: { activate: null, complete: 'COMPLETED', cancel: 'CANCELLED' },
      COMPLETED: { activate: null, complete: null, cancel: null },
      CANCELLED: { activate: null, complete: null, cancel: null },
    };
    const reach: Record<string, string[]> = { PLANNED: [], ACTIVE: ['activate'], COMPLETED: ['activate', 'complete'], CANCELLED: ['cancel'] };
    for (const [from, actions] of Object.entries(allowed)) {
      for (const [action, to] of Object.entries(actions)) {
        const p = await createProject(A.org, A.owner);
        for (const step of reach[from]!) assert.equal((await as(A.owner).post(A.org, `/projects/${p.id}/${step}`)).status, 200);
        const res = await as(A.owner).post(A.org, `/projects/${p.id}/${action}`);
        if (to) {
          assert.equal(res.status, 200, `${from} --${action}--> ${to}: ${res.text}`);
          assert.equal(res.json.status, to);
          const events = (await eventsOf(A.org.id, 'PROJECT_STATUS_CHANGED')).filter((e) => e.id === p.id);
          assert.deepEqual(events.at(-1), { id: p.id, from, to });
        } else {
          assertProblem(res, 409, 'invalid_transition');
          assert.equal((await as(A.owner).get(A.org, `/projects/${p.id}`)).json.status, from, `${from} stays ${from} after a refused ${action}`);
        }
      }
    }
  });

  test('status is not writable through PATCH or POST (400)', async () => {
    const p = await createProject(A.org, A.owner);
    const res = await as(A.owner).patch(A.org, `/projects/${p.id}`, { status: 'COMPLETED' });
    assertProblem(res, 400, 'validation_failed');
    assert.deepEqual(fieldPaths(res), ['body.status']);
    assertProblem(await as(A.owner).post(A.org, '/projects', { name: 'Born active', status: 'ACTIVE' }), 400, 'validation_failed');
    assert.equal((await as(A.owner).get(A.org, `/projects/${p.id}`)).json.status, 'PLANNED');
  });

  test('projects are filtered by status, searched and sorted by name', async () => {
    const org = await t.activeOrganization(ops, 'Youth Filters');
    await enable(org.org, org.owner);
    const c = await createProject(org.org, org.owner, { name: 'Choir', description: 'singing' });
    const a = await createProject(org.org, org.owner, { name: 'Athletics' });
    const b = await createProject(org.org, org.owner, { name: 'Basketball', description: 'court time' });
    await as(org.owner).post(org.org, `/projects/${a.id}/activate`);
    const ids = async (query: string) => {
      const res = await as(org.owner).get(org.org, `/projects${query}`);
      assert.equal(res.status, 200, res.text);
      return res.json.items.map((p: Project) => p.id);
    };
    assert.deepEqual(await ids(''), [b.id, a.id, c.id], 'default: newest first');
    // Without `order`, the resource's default order (desc) applies to any sort field.
    assert.deepEqual(await ids('?sort=name'), [c.id, b.id, a.id]);
    assert.deepEqual(await ids('?sort=name&order=asc'), [a.id, b.id, c.id]);
    assert.deepEqual(await ids('?sort=name&order=desc'), [c.id, b.id, a.id]);
    assert.deepEqual(await ids('?status=ACTIVE'), [a.id]);
    assert.deepEqual(await ids('?status=PLANNED&sort=name&order=asc'), [b.id, c.id]);
    assert.deepEqual(await ids('?q=COURT'), [b.id], 'search covers the description');
    assert.deepEqual(await ids('?q=choir'), [c.id]);
    assertProblem(await as(org.owner).get(org.org, '/projects?status=DONE'), 400, 'validation_failed');
  });

  test('cursor pagination walks every project exactly once, and a tampered or foreign cursor is a 400', async () => {
    const org = await t.activeOrganization(ops, 'Youth Pages');
    await enable(org.org, org.owner);
    const created: string[] = [];
    for (let i = 0; i < 5; i++) created.push((await createProject(org.org, org.owner, { name: `Page ${i % 3} ${i}` })).id);
    for (const sort of ['name', 'createdAt']) {
      for (const order of ['asc', 'desc']) {
        const seen: string[] = [];
        let cursor: string | null = null;
        let pages = 0;
        do {
          const res: Res = await as(org.owner).get(org.org, `/projects?limit=2&sort=${sort}&order=${order}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
          assert.equal(res.status, 200, res.text);
          seen.push(...res.json.items.map((p: Project) => p.id));
          cursor = res.json.nextCursor;
          pages++;
        } while (cursor && pages < 10);
        assert.equal(pages, 3);
        assert.equal(new Set(seen).size, seen.length, `${sort} ${order}: no row twice`);
        assert.deepEqual([...seen].sort(), [...created].sort(), `${sort} ${order}: every row`);
      }
    }
    const first = await as(org.owner).get(org.org, '/projects?limit=1&sort=name');
    const cursor: string = first.json.nextCursor;
    assert.equal((await as(org.owner).get(org.org, `/projects?limit=1&sort=name&cursor=${encodeURIComponent(cursor)}`)).status, 200, 'positive control');
    const decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const forged = (v: unknown) => encodeURIComponent(Buffer.from(JSON.stringify(v)).toString('base64url'));
    for (const bad of [encodeURIComponent('%%%'), forged([decoded[0], 'x', decoded[2]]), forged([decoded[0], decoded[1], 'other']), forged(['a'.repeat(2000), decoded[1], decoded[2]])]) {
      assertProblem(await as(org.owner).get(org.org, `/projects?limit=1&sort=name&cursor=${bad}`), 400, 'validation_failed');
    }
    assertProblem(await as(org.owner).get(org.org, `/projects?limit=1&sort=createdAt&cursor=${encodeURIComponent(cursor)}`), 400, 'validation_failed');
    assertProblem(await as(A.owner).get(A.org, `/projects?limit=1&sort=name&cursor=${encodeURIComponent(cursor)}`), 400, 'validation_failed');
  });

  // ---- participants ----

  test('participants: an ACTIVE member or an external person, each with a project role; listed per project and by role', async () => {
    const p = await createProject(A.org, A.owner, { name: 'Youth Exchange Lisbon' });
    const staff = await join(A.org.id, 'MEMBER', 'ACTIVE', 'Staffer');
    const asMember = await as(A.owner).post(A.org, '/participants', { projectId: p.id, membershipId: staff.membershipId, role: 'STAFF' });
    assert.equal(asMember.status, 201, asMember.text);
    assert.deepEqual(
      { projectId: asMember.json.projectId, membershipId: asMember.json.membershipId, externalName: asMember.json.externalName, role: asMember.json.role },
      { projectId: p.id, membershipId: staff.membershipId, externalName: null, role: 'STAFF' },
    );
    const partner = await as(A.owner).post(A.org, '/participants', { projectId: p.id, externalName: 'Casa da Juventude', externalEmail: 'info@casa.example', role: 'PARTNER' });
    assert.equal(partner.status, 201, partner.text);
    assert.equal(partner.json.membershipId, null);
    assert.equal(partner.json.externalEmail, 'info@casa.example');
    const kid1 = await as(A.owner).post(A.org, '/participants', { projectId: p.id, externalName: 'Sam', role: 'PARTICIPANT' });
    const kid2 = await as(A.owner).post(A.org, '/participants', { projectId: p.id, externalName: 'Sam', role: 'PARTICIPANT' });
    assert.equal(kid1.status, 201, kid1.text);
    assert.equal(kid2.status, 201, 'two external people may share a name');
    const parent = await as(A.owner).post(A.org, '/participants', { projectId: p.id, externalName: "Sam's mother", role: 'GUARDIAN' });
    assert.equal(parent.status, 201, parent.text);

    const all = await as(A.owner).get(A.org, `/projects/${p.id}/participants`);
    assert.equal(all.status, 200, all.text);
    assert.deepEqual(all.json.items.map((x: { id: string }) => x.id), [asMember.json.id, partner.json.id, kid1.json.id, kid2.json.id, parent.json.id]);
    const kids = await as(A.owner).get(A.org, `/projects/${p.id}/participants?role=PARTICIPANT`);
    assert.deepEqual(kids.json.items.map((x: { id: string }) => x.id), [kid1.json.id, kid2.json.id]);
    const flat = await as(A.owner).get(A.org, `/participants?projectId=${p.id}&role=GUARDIAN`);
    assert.deepEqual(flat.json.items.map((x: { id: string }) => x.id), [parent.json.id]);
    const byMember = await as(A.owner).get(A.org, `/participants?membershipId=${staff.membershipId}`);
    assert.deepEqual(byMember.json.items.map((x: { id: string }) => x.id), [asMember.json.id]);
    const other = await createProject(A.org, A.owner);
    assert.deepEqual((await as(A.owner).get(A.org, `/projects/${other.id}/participants`)).json.items, [], "another project's list is empty");

    const promoted = await as(A.owner).patch(A.org, `/participants/${kid2.json.id}`, { role: 'STAFF', externalName: 'Sam Jr.' });
    assert.equal(promoted.status, 200, promoted.text);
    assert.deepEqual([promoted.json.role, promoted.json.externalName], ['STAFF', 'Sam Jr.']);
    const removed = await as(A.owner).del(A.org, `/participants/${kid2.json.id}`);
    assert.deepEqual(removed.json, { deleted: kid2.json.id, soft: false });
    assertProblem(await as(A.owner).get(A.org, `/participants/${kid2.json.id}`), 404, 'not_found');
    assert.deepEqual(await auditOf(A.org.id, kid2.json.id), ['participant.created', 'participant.updated', 'participant.deleted']);
  });

  test('a member cannot be added twice to the same project (409), but may join another project', async () => {
    const p = await createProject(A.org, A.owner);
    const q = await createProject(A.org, A.owner);
    const m = await join(A.org.id);
    assert.equal((await as(A.owner).post(A.org, '/participants', { projectId: p.id, membershipId: m.membershipId, role: 'STAFF' })).status, 201);
    assertProblem(await as(A.owner).post(A.org, '/participants', { projectId: p.id, membershipId: m.membershipId, role: 'PARTICIPANT' }), 409, 'conflict');
    assert.equal((await as(A.owner).post(A.org, '/participants', { projectId: q.id, membershipId: m.membershipId, role: 'PARTICIPANT' })).status, 201);
  });

  test('only an ACTIVE membership of this organization can take part: another organization\'s or an unknown one is a 404, a suspended one a 409', async () => {
    const p = await createProject(A.org, A.owner);
    const theirs = await join(B.org.id, 'MEMBER', 'ACTIVE', 'Theirs');
    const suspended = await join(A.org.id, 'MEMBER', 'SUSPENDED', 'Suspended');
    const invited = await join(A.org.id, 'MEMBER', 'INVITED', 'Invited');
    assertProblem(await as(A.owner).post(A.org, '/participants', { projectId: p.id, membershipId: theirs.membershipId, role: 'STAFF' }), 404, 'not_found');
    assertProblem(await as(A.owner).post(A.org, '/participants', { projectId: p.id, membershipId: randomUUID(), role: 'STAFF' }), 404, 'not_found');
    assertProblem(await as(A.owner).post(A.org, '/participants', { projectId: p.id, membershipId: suspended.membershipId, role: 'STAFF' }), 409, 'conflict');
    assertProblem(await as(A.owner).post(A.org, '/participants', { projectId: p.id, membershipId: invited.membershipId, role: 'STAFF' }), 409, 'conflict');
    // The same user joining B's project through B's membership works (positive control).
    const bp = await createProject(B.org, B.owner);
    assert.equal((await as(B.owner).post(B.org, '/participants', { projectId: bp.id, membershipId: theirs.membershipId, role: 'STAFF' })).status, 201);
    const [n] = await t.db.query<{ n: number }>('select count(*)::int as n from projects_participants where project_id = $1', [p.id]);
    assert.equal(n!.n, 0, 'nothing was added to A\'s project');
  });

  test("a participant cannot be added to another organization's project (404)", async () => {
    const theirs = await createProject(B.org, B.owner);
    assertProblem(await as(A.owner).post(A.org, '/participants', { projectId: theirs.id, externalName: 'Eve', role: 'PARTICIPANT' }), 404, 'not_found');
    assertProblem(await as(A.owner).post(A.org, '/participants', { projectId: randomUUID(), externalName: 'Eve', role: 'PARTICIPANT' }), 404, 'not_found');
    assertProblem(await as(A.owner).get(A.org, `/projects/${theirs.id}/participants`), 404, 'not_found');
    assert.deepEqual((await as(B.owner).get(B.org, `/projects/${theirs.id}/participants`)).json.items, []);
  });

  test('a participant is exactly one of a member or an external person (400 otherwise)', async () => {
    const p = await createProject(A.org, A.owner);
    const m = await join(A.org.id);
    for (const body of [
      { projectId: p.id, role: 'STAFF' },
      { projectId: p.id, membershipId: m.membershipId, externalName: 'Both', role: 'STAFF' },
      { projectId: p.id, membershipId: m.membershipId, externalEmail: 'x@example.com', role: 'STAFF' },
    ]) {
      assertProblem(await as(A.owner).post(A.org, '/participants', body), 400, 'validation_failed');
    }
    const memberRow = await as(A.owner).post(A.org, '/participants', { projectId: p.id, membershipId: m.membershipId, role: 'STAFF' });
    assert.equal(memberRow.status, 201);
    for (const patch of [{ externalName: 'Now external' }, { externalEmail: 'x@example.com' }]) {
      assertProblem(await as(A.owner).patch(A.org, `/participants/${memberRow.json.id}`, patch), 400, 'validation_failed');
    }
    const ext = await as(A.owner).post(A.org, '/participants', { projectId: p.id, externalName: 'Ext', role: 'PARTNER' });
    for (const patch of [{ externalName: null }, { membershipId: m.membershipId }, { projectId: p.id }]) {
      assertProblem(await as(A.owner).patch(A.org, `/participants/${ext.json.id}`, patch), 400, 'validation_failed');
    }
    assert.equal((await as(A.owner).patch(A.org, `/participants/${ext.json.id}`, { externalEmail: null, role: 'GUARDIAN' })).status, 200, 'positive control');
  });

  test("deleting a project removes its participants", async () => {
    const p = await createProject(A.org, A.owner);
    const x = await as(A.owner).post(A.org, '/participants', { projectId: p.id, externalName: 'Gone', role: 'PARTICIPANT' });
    assert.equal((await as(A.owner).del(A.org, `/projects/${p.id}`)).status, 200);
    assertProblem(await as(A.owner).get(A.org, `/participants/${x.json.id}`), 404, 'not_found');
  });

  test('cursor pagination walks a project\'s participants exactly once; a tampered cursor is a 400', async () => {
    const p = await createProject(A.org, A.owner);
    const created: string[] = [];
    for (let i = 0; i < 5; i++) created.push((await as(A.owner).post(A.org, '/participants', { projectId: p.id, externalName: `P${i}`, role: i % 2 ? 'STAFF' : 'PARTICIPANT' })).json.id);
    for (const base of [`/projects/${p.id}/participants?limit=2`, `/participants?projectId=${p.id}&limit=2&sort=role`]) {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res: Res = await as(A.owner).get(A.org, `${base}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        assert.equal(res.status, 200, res.text);
        seen.push(...res.json.items.map((x: { id: string }) => x.id));
        cursor = res.json.nextCursor;
        pages++;
      } while (cursor && pages < 10);
      assert.equal(pages, 3, base);
      assert.equal(new Set(seen).size, 5, `${base}: no row twice`);
      assert.deepEqual([...seen].sort(), [...created].sort(), `${base}: every row`);
    }
    const first = await as(A.owner).get(A.org, `/projects/${p.id}/participants?limit=1`);
    const tampered = Buffer.from(JSON.stringify(['2026-13-45T99:00:00.000000Z', randomUUID(), 'x'])).toString('base64url');
    assertProblem(await as(A.owner).get(A.org, `/projects/${p.id}/participants?limit=1&cursor=${tampered}`), 400, 'validation_failed');
    assertProblem(await as(A.owner).get(A.org, `/projects/${p.id}/participants?limit=1&cursor=${first.json.nextCursor.slice(2)}`), 400, 'validation_failed');
    assertProblem(await as(B.owner).get(B.org, `/participants?limit=1&cursor=${first.json.nextCursor}`), 400, 'validation_failed');
  });

  // ---- permissions ----

  test('MEMBER creates, updates and moves projects and manages participants, but cannot delete a project (403)', async () => {
    const p = await createProject(A.org, member);
    assert.equal((await as(member).patch(A.org, `/projects/${p.id}`, { description: 'by a member' })).status, 200);
    assert.equal((await as(member).post(A.org, `/projects/${p.id}/activate`)).status, 200);
    const x = await as(member).post(A.org, '/participants', { projectId: p.id, externalName: 'Helper', role: 'STAFF' });
    assert.equal(x.status, 201, x.text);
    assert.equal((await as(member).patch(A.org, `/participants/${x.json.id}`, { role: 'PARTNER' })).status, 200);
    assert.equal((await as(member).del(A.org, `/participants/${x.json.id}`)).status, 200);
    assertProblem(await as(member).del(A.org, `/projects/${p.id}`), 403, 'forbidden');
    assert.equal((await as(A.owner).get(A.org, `/projects/${p.id}`)).status, 200, 'the project is still there');
    assert.equal((await as(A.owner).del(A.org, `/projects/${p.id}`)).status, 200, 'the owner may delete it (positive control)');
  });

  test('READ_ONLY reads projects and participants but every write is a 403, and nothing changes', async () => {
    const p = await createProject(A.org, A.owner, { name: 'Read only target' });
    const x = await as(A.owner).post(A.org, '/participants', { projectId: p.id, externalName: 'Ro', role: 'PARTICIPANT' });
    for (const path of ['/projects', `/projects/${p.id}`, `/projects/${p.id}/participants`, '/participants', `/participants/${x.json.id}`]) {
      assert.equal((await as(readOnly).get(A.org, path)).status, 200, `READ_ONLY GET ${path}`);
    }
    const attempts: [string, Res][] = [
      ['create project', await as(readOnly).post(A.org, '/projects', { name: 'RO project' })],
      ['update project', await as(readOnly).patch(A.org, `/projects/${p.id}`, { name: 'Hacked' })],
      ['activate', await as(readOnly).post(A.org, `/projects/${p.id}/activate`)],
      ['cancel', await as(readOnly).post(A.org, `/projects/${p.id}/cancel`)],
      ['delete project', await as(readOnly).del(A.org, `/projects/${p.id}`)],
      ['add participant', await as(readOnly).post(A.org, '/participants', { projectId: p.id, externalName: 'RO', role: 'STAFF' })],
      ['update participant', await as(readOnly).patch(A.org, `/participants/${x.json.id}`, { role: 'STAFF' })],
      ['remove participant', await as(readOnly).del(A.org, `/participants/${x.json.id}`)],
    ];
    for (const [what, res] of attempts) {
      assert.equal(res.status, 403, `READ_ONLY ${what}: ${res.text}`);
      assert.equal(res.json.code, 'forbidden');
    }
    const after = (await as(A.owner).get(A.org, `/projects/${p.id}`)).json;
    assert.deepEqual([after.name, after.status], ['Read only target', 'PLANNED']);
    assert.equal((await as(A.owner).get(A.org, `/participants/${x.json.id}`)).json.role, 'PARTICIPANT');
  });

  test('a user who is not a member of the organization gets 404, and no token is a 401', async () => {
    const stranger = await t.signUp('Stranger');
    assertProblem(await as(stranger).get(A.org, '/projects'), 404, 'not_found');
    assert.equal((await t.request('GET', api(A.org, '/projects'))).status, 401);
  });

  test('the module is listed with its resources, and its routes are documented in the OpenAPI document', async () => {
    const listed = await t.request('GET', `/api/v1/orgs/${A.org.id}/modules`, { token: readOnly.token });
    assert.equal(listed.status, 200, listed.text);
    const mine = listed.json.items.find((m: { id: string }) => m.id === 'projects');
    assert.deepEqual([mine?.enabled, mine?.resources], [true, ['projects', 'participants']]);
    const doc = await t.request('GET', '/api/openapi.json');
    assert.equal(doc.status, 200, doc.text);
    for (const path of ['/projects/projects', '/projects/participants/{id}', '/projects/projects/{id}/participants', '/projects/projects/{id}/cancel']) {
      const item = doc.json.paths[`/api/v1/orgs/{org}${path}`];
      assert.ok(item, `${path} is documented`);
      for (const op of Object.values(item) as { responses: Record<string, unknown> }[]) {
        assert.ok(Object.keys(op.responses).some((s) => s.startsWith('2')), `${path} documents its success response`);
      }
    }
  });

  // ---- bad input ----

  test('bad input on every project write is a 400 naming the field', async () => {
    const p = await createProject(A.org, A.owner, { name: 'Bad input target' });
    const cases: [string, unknown, string][] = [
      ['unknown field', { name: 'X', organizationId: B.org.id }, 'body.organizationId'],
      ['wrong type', { name: 12 }, 'body.name'],
      ['blank name', { name: '  ' }, 'body.name'],
      ['over-long name', { name: 'n'.repeat(201) }, 'body.name'],
      ['over-long description', { name: 'X', description: 'd'.repeat(2001) }, 'body.description'],
      ['bad date', { name: 'X', startDate: '2026-02-30' }, 'body.startDate'],
      ['wrong type date', { name: 'X', endDate: 20260101 }, 'body.endDate'],
    ];
    for (const [what, body, path] of cases) {
      for (const [method, url] of [['POST', '/projects'], ['PATCH', `/projects/${p.id}`]] as const) {
        const res = await t.request(method, api(A.org, url), { token: A.owner.token, body });
        assertProblem(res, 400, 'validation_failed');
        assert.ok(fieldPaths(res).includes(path), `${method} ${what}: ${res.text}`);
      }
    }
    assertProblem(await as(A.owner).post(A.org, '/projects', {}), 400, 'validation_failed');
    assert.equal((await t.request('POST', api(A.org, '/projects'), { token: A.owner.token, raw: 'name=x', headers: { 'content-type': 'text/plain' } })).status, 415);
    assertProblem(await as(A.owner).get(A.org, '/projects/not-a-uuid'), 400, 'validation_failed');
    assertProblem(await as(A.owner).post(A.org, '/projects/not-a-uuid/activate'), 400, 'validation_failed');
    assertProblem(await as(A.owner).get(A.org, '/projects?limit=101'), 400, 'validation_failed');
    assertProblem(await as(A.owner).get(A.org, '/projects?bogus=1'), 400, 'validation_failed');
    assert.equal((await as(A.owner).get(A.org, `/projects/${p.id}`)).json.name, 'Bad input target', 'nothing changed');
  });

  test('bad input on every participant write is a 400 naming the field', async () => {
    const p = await createProject(A.org, A.owner);
    const x = await as(A.owner).post(A.org, '/participants', { projectId: p.id, externalName: 'Target', role: 'PARTICIPANT' });
    const valid = { projectId: p.id, externalName: 'Valid', role: 'PARTNER' };
    const cases: [string, unknown, string][] = [
      ['unknown field', { ...valid, organizationId: B.org.id }, 'body.organizationId'],
      ['unknown role', { ...valid, role: 'OWNER' }, 'body.role'],
      ['wrong type role', { ...valid, role: 1 }, 'body.role'],
      ['project not a uuid', { ...valid, projectId: 'abc' }, 'body.projectId'],
      ['membership not a uuid', { projectId: p.id, membershipId: 'abc', role: 'STAFF' }, 'body.membershipId'],
      ['over-long name', { ...valid, externalName: 'n'.repeat(201) }, 'body.externalName'],
      ['bad email', { ...valid, externalEmail: 'nope' }, 'body.externalEmail'],
      ['missing role', { projectId: p.id, externalName: 'X' }, 'body.role'],
    ];
    for (const [what, body, path] of cases) {
      const res = await as(A.owner).post(A.org, '/participants', body);
      assertProblem(res, 400, 'validation_failed');
      assert.ok(fieldPaths(res).includes(path), `POST ${what}: ${res.text}`);
    }
    for (const [what, body, path] of [
      ['unknown field', { organizationId: B.org.id }, 'body.organizationId'],
      ['unknown role', { role: 'OWNER' }, 'body.role'],
      ['over-long name', { externalName: 'n'.repeat(201) }, 'body.externalName'],
      ['wrong type email', { externalEmail: 5 }, 'body.externalEmail'],
    ] as const) {
      const res = await as(A.owner).patch(A.org, `/participants/${x.json.id}`, body);
      assertProblem(res, 400, 'validation_failed');
      assert.ok(fieldPaths(res).includes(path), `PATCH ${what}: ${res.text}`);
    }
    assertProblem(await as(A.owner).get(A.org, `/projects/${p.id}/participants?role=BOSS`), 400, 'validation_failed');
    assertProblem(await as(A.owner).get(A.org, `/projects/${p.id}/participants?projectId=${p.id}`), 400, 'validation_failed');
    const list = await as(A.owner).get(A.org, `/projects/${p.id}/participants`);
    assert.deepEqual(list.json.items.map((i: { externalName: string; role: string }) => [i.externalName, i.role]), [['Target', 'PARTICIPANT']], 'nothing was written');
  });

  // ---- other organizations ----

  test("ids of another organization answer 404 on every route, exactly like ids that do not exist, and B's rows stay untouched", async () => {
    const theirProject = await createProject(B.org, B.owner, { name: 'Their project' });
    const theirParticipant = await as(B.owner).post(B.org, '/participants', { projectId: theirProject.id, externalName: 'Their person', role: 'STAFF' });
    assert.equal(theirParticipant.status, 201);
    for (const id of [theirProject.id, randomUUID()]) {
      for (const res of [
        await as(A.owner).get(A.org, `/projects/${id}`),
        await as(A.owner).patch(A.org, `/projects/${id}`, { name: 'Stolen' }),
        await as(A.owner).del(A.org, `/projects/${id}`),
        await as(A.owner).post(A.org, `/projects/${id}/activate`),
        await as(A.owner).post(A.org, `/projects/${id}/cancel`),
        await as(A.owner).get(A.org, `/projects/${id}/participants`),
      ]) {
        assertProblem(res, 404, 'not_found');
      }
    }
    for (const id of [theirParticipant.json.id, randomUUID()]) {
      for (const res of [
        await as(A.owner).get(A.org, `/participants/${id}`),
        await as(A.owner).patch(A.org, `/participants/${id}`, { role: 'GUARDIAN' }),
        await as(A.owner).del(A.org, `/participants/${id}`),
      ]) {
        assertProblem(res, 404, 'not_found');
      }
    }
    assert.deepEqual((await as(A.owner).get(A.org, `/participants?projectId=${theirProject.id}`)).json.items, [], "B's participants are not listed in A");
    const still = (await as(B.owner).get(B.org, `/projects/${theirProject.id}`)).json;
    assert.deepEqual([still.name, still.status], ['Their project', 'PLANNED']);
    assert.equal((await as(B.owner).get(B.org, `/participants/${theirParticipant.json.id}`)).json.role, 'STAFF');
  });
});

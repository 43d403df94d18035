// The school module over real HTTP: students (student numbers unique per school, not across schools),
// activation, soft delete, guardians, the student ↔ guardian links (never across organizations),
// filters, search, sorting and cursor pagination, MEMBER and READ_ONLY permissions, the module guard,
// bad input on every write, and other organizations' ids answering 404.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { addMember, startTestSystem, type TestSystem } from '../../../../test/harness.ts';
import { assertProblem } from '../../../../test/support/problems.ts';

type Res = { status: number; headers: Headers; json: any; text: string };
type User = { token: string; id: string; email: string; name: string };
type Org = { id: string; slug: string; name: string };

const fieldPaths = (res: Res): string[] => (res.json?.errors ?? []).map((e: { path: string }) => e.path);

describe('school module', () => {
  let t: TestSystem;
  let ops: { token: string };
  let A: { org: Org; owner: User };
  let B: { org: Org; owner: User };
  let member: User;
  let readOnly: User;

  const api = (org: Org, path: string) => `/api/v1/orgs/${org.id}/school${path}`;
  const as = (user: User) => ({
    get: (org: Org, path: string) => t.request('GET', api(org, path), { token: user.token }),
    post: (org: Org, path: string, body?: unknown) => t.request('POST', api(org, path), { token: user.token, body }),
    patch: (org: Org, path: string, body: unknown) => t.request('PATCH', api(org, path), { token: user.token, body }),
    del: (org: Org, path: string) => t.request('DELETE', api(org, path), { token: user.token }),
  });

  async function enable(org: Org, owner: User) {
    const res = await t.request('POST', `/api/v1/orgs/${org.id}/modules/school/enable`, { token: owner.token });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.enabled, true);
  }

  async function createStudent(org: Org, owner: User, body: Record<string, unknown> = {}) {
    const res = await as(owner).post(org, '/students', { studentNumber: t.unique('S').slice(-20), firstName: 'Ada', lastName: 'Lovelace', ...body });
    assert.equal(res.status, 201, res.text);
    return res.json as { id: string; studentNumber: string; active: boolean };
  }

  async function createGuardian(org: Org, owner: User, body: Record<string, unknown> = {}) {
    const res = await as(owner).post(org, '/guardians', { name: 'Grace Hopper', ...body });
    assert.equal(res.status, 201, res.text);
    return res.json as { id: string; name: string; relationship: string };
  }

  const eventsOf = async (orgId: string, type: string) =>
    (await t.db.query<{ payload: unknown }>('select payload from domain_events where organization_id = $1 and type = $2 order by id', [orgId, type])).map((r) =>
      typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload,
    ) as { id: string }[];

  const auditOf = async (orgId: string, targetId: string) =>
    (await t.db.query<{ action: string }>('select action from audit_logs where organization_id = $1 and target_id = $2 order by created_at, id', [orgId, targetId])).map((r) => r.action);

  before(async () => {
    t = await startTestSystem();
    ops = await t.operator();
    A = await t.activeOrganization(ops, 'School A');
    B = await t.activeOrganization(ops, 'School B');
    member = await t.signUp('Member');
    readOnly = await t.signUp('Read Only');
    await addMember(t.db, A.org.id, member.id, 'MEMBER');
    await addMember(t.db, A.org.id, readOnly.id, 'READ_ONLY');
  });
  after(() => t.close());

  // ---- the module guard ----

  test('while the module is disabled its routes answer 403 module_not_enabled; enabling opens them', async () => {
    for (const path of ['/students', '/guardians']) {
      assertProblem(await as(A.owner).get(A.org, path), 403, 'module_not_enabled');
    }
    assertProblem(await as(A.owner).post(A.org, '/students', { studentNumber: 'S-0', firstName: 'A', lastName: 'B' }), 403, 'module_not_enabled');
    await enable(A.org, A.owner);
    await enable(B.org, B.owner);
    const list = await as(A.owner).get(A.org, '/students');
    assert.equal(list.status, 200, list.text);
    assert.deepEqual(list.json, { items: [], nextCursor: null });
  });

  test('disabling the module closes its routes again and keeps the data', async () => {
    const org = await t.activeOrganization(ops, 'School Toggle');
    await enable(org.org, org.owner);
    const s = await createStudent(org.org, org.owner);
    const off = await t.request('POST', `/api/v1/orgs/${org.org.id}/modules/school/disable`, { token: org.owner.token });
    assert.equal(off.status, 200, off.text);
    assertProblem(await as(org.owner).get(org.org, `/students/${s.id}`), 403, 'module_not_enabled');
    await enable(org.org, org.owner);
    assert.equal((await as(org.owner).get(org.org, `/students/${s.id}`)).status, 200);
  });

  // ---- students ----

  test('an owner enrols, reads, updates and (soft) deletes a student; the audit log and STUDENT_ENROLLED follow', async () => {
    const created = await as(A.owner).post(A.org, '/students', {
      studentNumber: 'CRUD-1',
      firstName: ' Ada ',
      lastName: 'Lovelace',
      dateOfBirth: '2012-12-10',
      grade: '5B',
    });
    assert.equal(created.status, 201, created.text);
    const s = created.json;
    assert.deepEqual(
      { studentNumber: s.studentNumber, firstName: s.firstName, lastName: s.lastName, dateOfBirth: s.dateOfBirth, grade: s.grade, active: s.active },
      { studentNumber: 'CRUD-1', firstName: 'Ada', lastName: 'Lovelace', dateOfBirth: '2012-12-10', grade: '5B', active: true },
    );
    assert.equal(Object.hasOwn(s, 'organizationId'), false, 'rows never leave unprojected');

    const got = await as(A.owner).get(A.org, `/students/${s.id}`);
    assert.equal(got.status, 200, got.text);
    assert.deepEqual(got.json, s);

    const patched = await as(A.owner).patch(A.org, `/students/${s.id}`, { grade: '6A', dateOfBirth: null });
    assert.equal(patched.status, 200, patched.text);
    assert.equal(patched.json.grade, '6A');
    assert.equal(patched.json.dateOfBirth, null);
    assert.equal(patched.json.firstName, 'Ada', 'fields not in the patch are kept');

    const deleted = await as(A.owner).del(A.org, `/students/${s.id}`);
    assert.equal(deleted.status, 200, deleted.text);
    assert.deepEqual(deleted.json, { deleted: s.id, soft: true });
    assertProblem(await as(A.owner).get(A.org, `/students/${s.id}`), 404, 'not_found');
    assertProblem(await as(A.owner).patch(A.org, `/students/${s.id}`, { grade: '7' }), 404, 'not_found');
    const listed = await as(A.owner).get(A.org, '/students?q=CRUD-1');
    assert.deepEqual(listed.json.items, [], 'a deleted student is not listed');
    const [row] = await t.db.query<{ n: number }>('select count(*)::int as n from school_students where id = $1 and deleted_at is not null', [s.id]);
    assert.equal(row!.n, 1, 'the row is kept (soft delete)');

    assert.deepEqual(await auditOf(A.org.id, s.id), ['student.created', 'student.updated', 'student.deleted']);
    assert.ok((await eventsOf(A.org.id, 'STUDENT_ENROLLED')).some((e) => e.id === s.id));
  });

  test('a student number is unique within a school (409) but another school may use the same number (201)', async () => {
    await createStudent(A.org, A.owner, { studentNumber: 'S-001' });
    assertProblem(await as(A.owner).post(A.org, '/students', { studentNumber: 'S-001', firstName: 'Other', lastName: 'Kid' }), 409, 'conflict');
    const inB = await as(B.owner).post(B.org, '/students', { studentNumber: 'S-001', firstName: 'Other', lastName: 'Kid' });
    assert.equal(inB.status, 201, inB.text);
    assert.equal(inB.json.studentNumber, 'S-001');
  });

  test('renumbering a student onto a number in use is a 409; keeping its own number is fine', async () => {
    await createStudent(A.org, A.owner, { studentNumber: 'S-100' });
    const s = await createStudent(A.org, A.owner, { studentNumber: 'S-101' });
    assertProblem(await as(A.owner).patch(A.org, `/students/${s.id}`, { studentNumber: 'S-100' }), 409, 'conflict');
    const same = await as(A.owner).patch(A.org, `/students/${s.id}`, { studentNumber: 'S-101', lastName: 'Renamed' });
    assert.equal(same.status, 200, same.text);
    assert.equal(same.json.lastName, 'Renamed');
  });

  test("deleting a student frees the number for re-enrolment", async () => {
    const s = await createStudent(A.org, A.owner, { studentNumber: 'S-REUSE' });
    assertProblem(await as(A.owner).post(A.org, '/students', { studentNumber: 'S-REUSE', firstName: 'X', lastName: 'Y' }), 409, 'conflict');
    assert.equal((await as(A.owner).del(A.org, `/students/${s.id}`)).status, 200);
    const again = await as(A.owner).post(A.org, '/students', { studentNumber: 'S-REUSE', firstName: 'X', lastName: 'Y' });
    assert.equal(again.status, 201, again.text);
  });

  test('deactivating emits STUDENT_DEACTIVATED, a second deactivate is a 409, and activate restores', async () => {
    const s = await createStudent(A.org, A.owner);
    const off = await as(A.owner).post(A.org, `/students/${s.id}/deactivate`);
    assert.equal(off.status, 200, off.text);
    assert.equal(off.json.active, false);
    assertProblem(await as(A.owner).post(A.org, `/students/${s.id}/deactivate`), 409, 'invalid_transition');
    assert.deepEqual((await eventsOf(A.org.id, 'STUDENT_DEACTIVATED')).filter((e) => e.id === s.id).length, 1);
    const on = await as(A.owner).post(A.org, `/students/${s.id}/activate`);
    assert.equal(on.status, 200, on.text);
    assert.equal(on.json.active, true);
    assertProblem(await as(A.owner).post(A.org, `/students/${s.id}/activate`), 409, 'invalid_transition');
    assert.deepEqual((await auditOf(A.org.id, s.id)).slice(-2), ['student.deactivated', 'student.activated']);
  });

  test('the active flag changes only through activate/deactivate: PATCH and POST refuse it (400)', async () => {
    const s = await createStudent(A.org, A.owner);
    const res = await as(A.owner).patch(A.org, `/students/${s.id}`, { active: false });
    assertProblem(res, 400, 'validation_failed');
    assert.deepEqual(fieldPaths(res), ['body.active']);
    assert.equal((await as(A.owner).get(A.org, `/students/${s.id}`)).json.active, true);
    assertProblem(await as(A.owner).post(A.org, '/students', { studentNumber: 'ACT-1', firstName: 'A', lastName: 'B', active: false }), 400, 'validation_failed');
  });

  test('students are filtered by active and grade, searched by name or number, and sorted', async () => {
    const org = await t.activeOrganization(ops, 'School Filters');
    await enable(org.org, org.owner);
    const a = await createStudent(org.org, org.owner, { studentNumber: 'F-3', firstName: 'Alan', lastName: 'Turing', grade: '7' });
    const b = await createStudent(org.org, org.owner, { studentNumber: 'F-1', firstName: 'Barbara', lastName: 'Liskov', grade: '8' });
    const c = await createStudent(org.org, org.owner, { studentNumber: 'F-2', firstName: 'Claude', lastName: 'Shannon', grade: '7' });
    await as(org.owner).post(org.org, `/students/${b.id}/deactivate`);
    const ids = async (query: string) => {
      const res = await as(org.owner).get(org.org, `/students${query}`);
      assert.equal(res.status, 200, res.text);
      return res.json.items.map((s: { id: string }) => s.id);
    };
    assert.deepEqual(await ids('?active=false'), [b.id]);
    assert.deepEqual(await ids('?active=true'), [c.id, a.id], 'default sort: lastName ascending (Shannon, Turing)');
    assert.deepEqual(await ids('?grade=7'), [c.id, a.id]);
    assert.deepEqual(await ids(''), [b.id, c.id, a.id], 'no filter: all three');
    assert.deepEqual(await ids('?grade=7&active=true&q=shan'), [c.id]);
    assert.deepEqual(await ids('?q=TURING'), [a.id], 'search ignores case');
    assert.deepEqual(await ids('?q=F-1'), [b.id], 'search covers the student number');
    assert.deepEqual(await ids('?q=%25'), [], 'LIKE wildcards are literal');
    assert.deepEqual(await ids('?sort=studentNumber'), [b.id, c.id, a.id]);
    assert.deepEqual(await ids('?sort=studentNumber&order=desc'), [a.id, c.id, b.id]);
    assert.deepEqual(await ids('?sort=lastName&order=desc'), [a.id, c.id, b.id]);
    assert.deepEqual(await ids('?sort=createdAt'), [a.id, b.id, c.id]);
    assertProblem(await as(org.owner).get(org.org, '/students?active=yes'), 400, 'validation_failed');
    assertProblem(await as(org.owner).get(org.org, '/students?sort=firstName'), 400, 'validation_failed');
  });

  test('cursor pagination walks every student exactly once for each sort, ties included', async () => {
    const org = await t.activeOrganization(ops, 'School Pages');
    await enable(org.org, org.owner);
    const created: string[] = [];
    for (let i = 0; i < 7; i++) {
      // Three share a last name, so the id tie-breaker is exercised.
      created.push((await createStudent(org.org, org.owner, { studentNumber: `P-${i}`, lastName: i % 2 ? 'Same' : `Name ${i}` })).id);
    }
    for (const sort of ['lastName', 'studentNumber', 'createdAt']) {
      for (const order of ['asc', 'desc']) {
        const seen: string[] = [];
        let cursor: string | null = null;
        let pages = 0;
        do {
          const qs: string = `?limit=2&sort=${sort}&order=${order}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
          const res = await as(org.owner).get(org.org, `/students${qs}`);
          assert.equal(res.status, 200, res.text);
          assert.ok(res.json.items.length <= 2);
          seen.push(...res.json.items.map((s: { id: string }) => s.id));
          cursor = res.json.nextCursor;
          pages++;
        } while (cursor && pages < 10);
        assert.equal(pages, 4, `${sort} ${order}: 7 rows in pages of 2`);
        assert.equal(new Set(seen).size, seen.length, `${sort} ${order}: no row twice`);
        assert.deepEqual([...seen].sort(), [...created].sort(), `${sort} ${order}: every row`);
      }
    }
  });

  test('a tampered, foreign or mismatched cursor is a 400', async () => {
    const first = await as(A.owner).get(A.org, '/students?limit=1');
    assert.equal(first.status, 200, first.text);
    const cursor: string = first.json.nextCursor;
    assert.ok(cursor, 'A has more than one student');
    // Positive control: the cursor itself works.
    assert.equal((await as(A.owner).get(A.org, `/students?limit=1&cursor=${encodeURIComponent(cursor)}`)).status, 200);
    const decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const forged = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    for (const bad of [
      'not-a-cursor',
      forged([decoded[0], 'not-a-uuid', decoded[2]]),
      forged([decoded[0], decoded[1], 'another-scope']),
      forged([{ sql: 'x' }, decoded[1], decoded[2]]),
      cursor.slice(0, -3),
    ]) {
      assertProblem(await as(A.owner).get(A.org, `/students?limit=1&cursor=${encodeURIComponent(bad)}`), 400, 'validation_failed');
    }
    assertProblem(await as(A.owner).get(A.org, `/students?limit=1&sort=createdAt&cursor=${encodeURIComponent(cursor)}`), 400, 'validation_failed');
    assertProblem(await as(B.owner).get(B.org, `/students?limit=1&cursor=${encodeURIComponent(cursor)}`), 400, 'validation_failed');
  });

  // ---- guardians ----

  test("a guardian's relationship defaults to 'parent', and a PATCH of other fields keeps it", async () => {
    const g = await createGuardian(A.org, A.owner, { email: 'grace@example.com', phone: '+1 555 0100' });
    assert.equal(g.relationship, 'parent');
    const aunt = await createGuardian(A.org, A.owner, { name: 'Aunt May', relationship: 'aunt' });
    const renamed = await as(A.owner).patch(A.org, `/guardians/${aunt.id}`, { name: 'May Parker' });
    assert.equal(renamed.status, 200, renamed.text);
    assert.equal(renamed.json.relationship, 'aunt');
    assert.equal(renamed.json.name, 'May Parker');
    const listed = await as(A.owner).get(A.org, '/guardians?relationship=aunt');
    assert.deepEqual(listed.json.items.map((x: { id: string }) => x.id), [aunt.id]);
    const searched = await as(A.owner).get(A.org, '/guardians?q=grace@');
    assert.ok(searched.json.items.some((x: { id: string }) => x.id === g.id));
  });

  test('a guardian is deleted for real, and its links go with it', async () => {
    const s = await createStudent(A.org, A.owner);
    const g = await createGuardian(A.org, A.owner);
    assert.equal((await as(A.owner).post(A.org, `/students/${s.id}/guardians`, { guardianId: g.id })).status, 201);
    const deleted = await as(A.owner).del(A.org, `/guardians/${g.id}`);
    assert.equal(deleted.status, 200, deleted.text);
    assert.deepEqual(deleted.json, { deleted: g.id, soft: false });
    assertProblem(await as(A.owner).get(A.org, `/guardians/${g.id}`), 404, 'not_found');
    assert.deepEqual((await as(A.owner).get(A.org, `/students/${s.id}/guardians`)).json.items, []);
  });

  // ---- links ----

  test('linking a guardian to a student, listing from both sides, a duplicate link (409) and unlinking', async () => {
    const s = await createStudent(A.org, A.owner, { lastName: 'Linked' });
    const s2 = await createStudent(A.org, A.owner, { lastName: 'Sibling' });
    const mum = await createGuardian(A.org, A.owner, { name: 'Mum' });
    const dad = await createGuardian(A.org, A.owner, { name: 'Dad', relationship: 'father' });
    const linked = await as(A.owner).post(A.org, `/students/${s.id}/guardians`, { guardianId: mum.id });
    assert.equal(linked.status, 201, linked.text);
    assert.equal(linked.json.studentId, s.id);
    assert.equal(linked.json.guardianId, mum.id);
    assert.equal((await as(A.owner).post(A.org, `/students/${s.id}/guardians`, { guardianId: dad.id })).status, 201);
    assert.equal((await as(A.owner).post(A.org, `/students/${s2.id}/guardians`, { guardianId: mum.id })).status, 201);
    assertProblem(await as(A.owner).post(A.org, `/students/${s.id}/guardians`, { guardianId: mum.id }), 409, 'conflict');

    const ofStudent = await as(A.owner).get(A.org, `/students/${s.id}/guardians`);
    assert.equal(ofStudent.status, 200, ofStudent.text);
    assert.deepEqual(ofStudent.json.items.map((g: { name: string }) => g.name), ['Dad', 'Mum']);
    const ofGuardian = await as(A.owner).get(A.org, `/guardians/${mum.id}/students`);
    assert.equal(ofGuardian.status, 200, ofGuardian.text);
    assert.deepEqual(ofGuardian.json.items.map((x: { id: string }) => x.id), [s.id, s2.id]);

    const unlinked = await as(A.owner).del(A.org, `/students/${s.id}/guardians/${mum.id}`);
    assert.equal(unlinked.status, 200, unlinked.text);
    assert.deepEqual(unlinked.json, { studentId: s.id, guardianId: mum.id, unlinked: true });
    assertProblem(await as(A.owner).del(A.org, `/students/${s.id}/guardians/${mum.id}`), 404, 'not_found');
    assert.deepEqual((await as(A.owner).get(A.org, `/students/${s.id}/guardians`)).json.items.map((g: { id: string }) => g.id), [dad.id]);
    assert.deepEqual(await auditOf(A.org.id, s.id).then((a) => a.filter((x) => x.startsWith('student.guardian'))), [
      'student.guardian_linked',
      'student.guardian_linked',
      'student.guardian_unlinked',
    ]);

    // A deleted student leaves its guardian's list, and its own links are no longer reachable.
    assert.equal((await as(A.owner).del(A.org, `/students/${s2.id}`)).status, 200);
    assert.deepEqual((await as(A.owner).get(A.org, `/guardians/${mum.id}/students`)).json.items, []);
    assertProblem(await as(A.owner).get(A.org, `/students/${s2.id}/guardians`), 404, 'not_found');
    assertProblem(await as(A.owner).post(A.org, `/students/${s2.id}/guardians`, { guardianId: dad.id }), 404, 'not_found');
  });

  test("a guardian of another school cannot be linked (404), nor a student of another school", async () => {
    const s = await createStudent(A.org, A.owner);
    const mine = await createGuardian(A.org, A.owner);
    const theirs = await createGuardian(B.org, B.owner);
    const theirStudent = await createStudent(B.org, B.owner);
    assertProblem(await as(A.owner).post(A.org, `/students/${s.id}/guardians`, { guardianId: theirs.id }), 404, 'not_found');
    assertProblem(await as(A.owner).post(A.org, `/students/${theirStudent.id}/guardians`, { guardianId: mine.id }), 404, 'not_found');
    assertProblem(await as(A.owner).post(A.org, `/students/${s.id}/guardians`, { guardianId: randomUUID() }), 404, 'not_found');
    // Positive control: the same student and A's own guardian link fine.
    assert.equal((await as(A.owner).post(A.org, `/students/${s.id}/guardians`, { guardianId: mine.id })).status, 201);
    const [n] = await t.db.query<{ n: number }>('select count(*)::int as n from school_student_guardians where guardian_id = $1', [theirs.id]);
    assert.equal(n!.n, 0, 'nothing references B\'s guardian');
  });

  // ---- permissions ----

  test('MEMBER and READ_ONLY read students, guardians and links (positive control)', async () => {
    const s = await createStudent(A.org, A.owner);
    const g = await createGuardian(A.org, A.owner);
    await as(A.owner).post(A.org, `/students/${s.id}/guardians`, { guardianId: g.id });
    for (const user of [member, readOnly]) {
      for (const path of ['/students', `/students/${s.id}`, '/guardians', `/guardians/${g.id}`, `/students/${s.id}/guardians`, `/guardians/${g.id}/students`]) {
        const res = await as(user).get(A.org, path);
        assert.equal(res.status, 200, `${user.name} GET ${path}: ${res.text}`);
      }
    }
  });

  test('MEMBER and READ_ONLY cannot enrol, change, deactivate, delete or link (403), and nothing changes', async () => {
    const s = await createStudent(A.org, A.owner, { lastName: 'Guarded' });
    const g = await createGuardian(A.org, A.owner);
    for (const user of [member, readOnly]) {
      const attempts: [string, Res][] = [
        ['create student', await as(user).post(A.org, '/students', { studentNumber: t.unique('N').slice(-12), firstName: 'N', lastName: 'O' })],
        ['update student', await as(user).patch(A.org, `/students/${s.id}`, { lastName: 'Hacked' })],
        ['deactivate', await as(user).post(A.org, `/students/${s.id}/deactivate`)],
        ['delete student', await as(user).del(A.org, `/students/${s.id}`)],
        ['create guardian', await as(user).post(A.org, '/guardians', { name: 'N' })],
        ['update guardian', await as(user).patch(A.org, `/guardians/${g.id}`, { name: 'Hacked' })],
        ['delete guardian', await as(user).del(A.org, `/guardians/${g.id}`)],
        ['link', await as(user).post(A.org, `/students/${s.id}/guardians`, { guardianId: g.id })],
        ['unlink', await as(user).del(A.org, `/students/${s.id}/guardians/${g.id}`)],
      ];
      for (const [what, res] of attempts) {
        assert.equal(res.status, 403, `${user.name} ${what}: ${res.text}`);
        assert.equal(res.json.code, 'forbidden');
      }
    }
    const after = await as(A.owner).get(A.org, `/students/${s.id}`);
    assert.equal(after.json.lastName, 'Guarded');
    assert.equal(after.json.active, true);
    assert.equal((await as(A.owner).get(A.org, `/guardians/${g.id}`)).json.name, 'Grace Hopper');
    assert.deepEqual((await as(A.owner).get(A.org, `/students/${s.id}/guardians`)).json.items, []);
  });

  test('a custom role granted students:update may deactivate and link, without create (positive and negative)', async () => {
    const role = await t.request('POST', `/api/v1/orgs/${A.org.id}/roles`, {
      token: A.owner.token,
      body: { key: 'registrar', name: 'Registrar', permissions: ['students:read', 'students:update', 'guardians:read'] },
    });
    assert.equal(role.status, 201, role.text);
    const registrar = await t.signUp('Registrar');
    await addMember(t.db, A.org.id, registrar.id, 'registrar');
    const s = await createStudent(A.org, A.owner);
    const g = await createGuardian(A.org, A.owner);
    assert.equal((await as(registrar).post(A.org, `/students/${s.id}/deactivate`)).status, 200);
    assert.equal((await as(registrar).post(A.org, `/students/${s.id}/guardians`, { guardianId: g.id })).status, 201);
    assertProblem(await as(registrar).post(A.org, '/students', { studentNumber: 'R-1', firstName: 'R', lastName: 'R' }), 403, 'forbidden');
    assertProblem(await as(registrar).patch(A.org, `/guardians/${g.id}`, { name: 'X' }), 403, 'forbidden');
  });

  test("a user who is not a member of the school gets 404 for it", async () => {
    const stranger = await t.signUp('Stranger');
    assertProblem(await as(stranger).get(A.org, '/students'), 404, 'not_found');
    assert.equal((await t.request('GET', api(A.org, '/students'))).status, 401);
  });

  test('the module is listed with its resources, and its routes are documented in the OpenAPI document', async () => {
    const listed = await t.request('GET', `/api/v1/orgs/${A.org.id}/modules`, { token: readOnly.token });
    assert.equal(listed.status, 200, listed.text);
    const mine = listed.json.items.find((m: { id: string }) => m.id === 'school');
    assert.deepEqual([mine?.enabled, mine?.resources], [true, ['students', 'guardians']]);
    const doc = await t.request('GET', '/api/openapi.json');
    assert.equal(doc.status, 200, doc.text);
    for (const path of ['/school/students', '/school/students/{id}/guardians/{guardianId}', '/school/guardians/{id}/students', '/school/students/{id}/deactivate']) {
      const item = doc.json.paths[`/api/v1/orgs/{org}${path}`];
      assert.ok(item, `${path} is documented`);
      for (const op of Object.values(item) as { responses: Record<string, unknown> }[]) {
        assert.ok(Object.keys(op.responses).some((s) => s.startsWith('2')), `${path} documents its success response`);
      }
    }
  });

  // ---- bad input ----

  test('bad input on every student write is a 400 naming the field, and nothing is written', async () => {
    const s = await createStudent(A.org, A.owner, { studentNumber: 'BAD-OK' });
    const valid = { studentNumber: 'BAD-1', firstName: 'Ada', lastName: 'Lovelace' };
    const cases: [string, unknown, string][] = [
      ['unknown field', { ...valid, organizationId: B.org.id }, 'body.organizationId'],
      ['unknown field id', { ...valid, id: randomUUID() }, 'body.id'],
      ['wrong type', { ...valid, studentNumber: 42 }, 'body.studentNumber'],
      ['missing field', { studentNumber: 'BAD-1', firstName: 'Ada' }, 'body.lastName'],
      ['blank', { ...valid, firstName: '   ' }, 'body.firstName'],
      ['over-long name', { ...valid, lastName: 'x'.repeat(101) }, 'body.lastName'],
      ['over-long number', { ...valid, studentNumber: 'S'.repeat(51) }, 'body.studentNumber'],
      ['number with odd characters', { ...valid, studentNumber: 'S-1;drop' }, 'body.studentNumber'],
      ['over-long grade', { ...valid, grade: 'g'.repeat(51) }, 'body.grade'],
      ['impossible date', { ...valid, dateOfBirth: '2013-02-30' }, 'body.dateOfBirth'],
      ['future birth date', { ...valid, dateOfBirth: '2999-01-01' }, 'body.dateOfBirth'],
      ['date with time', { ...valid, dateOfBirth: '2013-02-03T00:00:00Z' }, 'body.dateOfBirth'],
      ['wrong type date', { ...valid, dateOfBirth: 20130203 }, 'body.dateOfBirth'],
    ];
    for (const [what, body, path] of cases) {
      const res = await as(A.owner).post(A.org, '/students', body);
      assertProblem(res, 400, 'validation_failed');
      assert.ok(fieldPaths(res).includes(path), `${what}: ${res.text}`);
    }
    for (const [what, body, path] of cases.filter(([w]) => w !== 'missing field')) {
      const res = await as(A.owner).patch(A.org, `/students/${s.id}`, body);
      assertProblem(res, 400, 'validation_failed');
      assert.ok(fieldPaths(res).includes(path), `PATCH ${what}: ${res.text}`);
    }
    assertProblem(await t.request('POST', api(A.org, '/students'), { token: A.owner.token, raw: '{"studentNumber":' , headers: { 'content-type': 'application/json' } }), 400, 'invalid_json');
    assert.equal((await t.request('POST', api(A.org, '/students'), { token: A.owner.token, raw: 'studentNumber=1', headers: { 'content-type': 'text/plain' } })).status, 415);
    const [n] = await t.db.query<{ n: number }>("select count(*)::int as n from school_students where student_number = 'BAD-1'");
    assert.equal(n!.n, 0);
    const unchanged = await as(A.owner).get(A.org, `/students/${s.id}`);
    assert.equal(unchanged.json.studentNumber, 'BAD-OK');
    // Positive control: the valid body is accepted.
    assert.equal((await as(A.owner).post(A.org, '/students', valid)).status, 201);
  });

  test('bad input on every guardian and link write is a 400 naming the field', async () => {
    const g = await createGuardian(A.org, A.owner);
    const s = await createStudent(A.org, A.owner);
    const cases: [string, unknown, string][] = [
      ['unknown field', { name: 'G', organizationId: B.org.id }, 'body.organizationId'],
      ['wrong type', { name: ['G'] }, 'body.name'],
      ['over-long name', { name: 'x'.repeat(201) }, 'body.name'],
      ['bad email', { name: 'G', email: 'not-an-email' }, 'body.email'],
      ['over-long email', { name: 'G', email: `${'a'.repeat(250)}@example.com` }, 'body.email'],
      ['bad phone', { name: 'G', phone: 'call me' }, 'body.phone'],
      ['over-long relationship', { name: 'G', relationship: 'r'.repeat(51) }, 'body.relationship'],
      ['empty relationship', { name: 'G', relationship: '' }, 'body.relationship'],
    ];
    for (const [what, body, path] of cases) {
      for (const [method, url] of [['POST', '/guardians'], ['PATCH', `/guardians/${g.id}`]] as const) {
        const res = await t.request(method, api(A.org, url), { token: A.owner.token, body });
        assertProblem(res, 400, 'validation_failed');
        assert.ok(fieldPaths(res).includes(path), `${method} ${what}: ${res.text}`);
      }
    }
    for (const [what, body, path] of [
      ['missing guardian', {}, 'body.guardianId'],
      ['not a uuid', { guardianId: 'abc' }, 'body.guardianId'],
      ['wrong type', { guardianId: 7 }, 'body.guardianId'],
      ['unknown field', { guardianId: g.id, studentId: randomUUID() }, 'body.studentId'],
    ] as const) {
      const res = await as(A.owner).post(A.org, `/students/${s.id}/guardians`, body);
      assertProblem(res, 400, 'validation_failed');
      assert.ok(fieldPaths(res).includes(path), `link ${what}: ${res.text}`);
    }
    assertProblem(await as(A.owner).get(A.org, '/students/not-a-uuid'), 400, 'validation_failed');
    assertProblem(await as(A.owner).get(A.org, '/students?limit=0'), 400, 'validation_failed');
    assertProblem(await as(A.owner).get(A.org, '/students?organizationId=x'), 400, 'validation_failed');
    assertProblem(await as(A.owner).get(A.org, `/students?q=${'q'.repeat(101)}`), 400, 'validation_failed');
    assert.deepEqual((await as(A.owner).get(A.org, `/students/${s.id}/guardians`)).json.items, [], 'no link was written');
  });

  // ---- other organizations ----

  test("ids of another school answer 404 on every route, exactly like ids that do not exist, and B's rows stay untouched", async () => {
    const theirStudent = await createStudent(B.org, B.owner, { lastName: 'Theirs' });
    const theirGuardian = await createGuardian(B.org, B.owner, { name: 'Their Guardian' });
    assert.equal((await as(B.owner).post(B.org, `/students/${theirStudent.id}/guardians`, { guardianId: theirGuardian.id })).status, 201);
    const mine = await createStudent(A.org, A.owner);
    for (const id of [theirStudent.id, randomUUID()]) {
      const attempts: Res[] = [
        await as(A.owner).get(A.org, `/students/${id}`),
        await as(A.owner).patch(A.org, `/students/${id}`, { lastName: 'Stolen' }),
        await as(A.owner).del(A.org, `/students/${id}`),
        await as(A.owner).post(A.org, `/students/${id}/deactivate`),
        await as(A.owner).post(A.org, `/students/${id}/activate`),
        await as(A.owner).get(A.org, `/students/${id}/guardians`),
        await as(A.owner).del(A.org, `/students/${id}/guardians/${theirGuardian.id}`),
      ];
      for (const res of attempts) assertProblem(res, 404, 'not_found');
    }
    for (const id of [theirGuardian.id, randomUUID()]) {
      for (const res of [
        await as(A.owner).get(A.org, `/guardians/${id}`),
        await as(A.owner).patch(A.org, `/guardians/${id}`, { name: 'Stolen' }),
        await as(A.owner).del(A.org, `/guardians/${id}`),
        await as(A.owner).get(A.org, `/guardians/${id}/students`),
        await as(A.owner).del(A.org, `/students/${mine.id}/guardians/${id}`),
      ]) {
        assertProblem(res, 404, 'not_found');
      }
    }
    const listed = await as(A.owner).get(A.org, '/students?q=Theirs');
    assert.deepEqual(listed.json.items, [], "B's students are not listed in A");
    // B still sees everything unchanged (positive control).
    const still = await as(B.owner).get(B.org, `/students/${theirStudent.id}`);
    assert.equal(still.json.lastName, 'Theirs');
    assert.equal(still.json.active, true);
    assert.equal((await as(B.owner).get(B.org, `/guardians/${theirGuardian.id}`)).json.name, 'Their Guardian');
    assert.equal((await as(B.owner).get(B.org, `/students/${theirStudent.id}/guardians`)).json.items.length, 1);
  });
});

// Organizations from the tenant side (T1, T4, I4): self-service creation and its PENDING state, settings,
// roles on settings, the "not a member looks like nothing exists" rule, slug rules and races, the member
// list, and that tenant ids sent by the client (body, headers, query) are never used.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { addMember, startTestSystem, type TestSystem } from './harness.ts';
import { fieldPaths } from './support/problems.ts';

type Res = { status: number; headers: Headers; json: any; text: string };

function assertProblem(res: Res, status: number, code: string) {
  assert.equal(res.status, status, res.text);
  assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/);
  assert.equal(res.json.code, code, res.text);
  assert.equal(typeof res.json.requestId, 'string');
}

/** A problem body without the per-request parts, for "indistinguishable" comparisons. */
function shapeOf(res: Res) {
  const { requestId, instance, ...rest } = res.json ?? {};
  return { status: res.status, contentType: res.headers.get('content-type'), keys: Object.keys(res.json ?? {}).sort(), ...rest };
}

async function count(t: TestSystem, sql: string, params: unknown[] = []): Promise<number> {
  const [row] = await t.db.query<{ n: number }>(sql, params);
  return Number(row!.n);
}

describe('organizations (manual approval)', () => {
  let t: TestSystem;
  let ops: { token: string };
  before(async () => {
    t = await startTestSystem();
    ops = await t.operator();
  });
  after(() => t.close());

  describe('self-service creation', () => {
    test('creating an organization answers 201 PENDING and makes the creator its OWNER', async () => {
      const owner = await t.signUp('Creator');
      const created = await t.request('POST', '/api/v1/orgs', { token: owner.token, body: { name: 'Creator Farms' } });
      assert.equal(created.status, 201, created.text);
      assert.equal(created.json.status, 'PENDING');
      assert.equal(created.json.name, 'Creator Farms');
      assert.equal(created.json.slug, 'creator-farms');

      const mine = await t.request('GET', '/api/v1/orgs', { token: owner.token });
      assert.equal(mine.status, 200, mine.text);
      const entry = mine.json.items.find((o: any) => o.id === created.json.id);
      assert.ok(entry, 'the new organization is listed');
      assert.equal(entry.role, 'OWNER');
      assert.equal(entry.status, 'PENDING');
      assert.equal(entry.membershipStatus, 'ACTIVE');

      // Control: another user does not see it in their list.
      const other = await t.signUp('Other');
      const theirs = await t.request('GET', '/api/v1/orgs', { token: other.token });
      assert.equal(theirs.status, 200);
      assert.ok(!theirs.json.items.some((o: any) => o.id === created.json.id));
    });

    test('tenant routes of a pending organization answer 403 organization_pending until approval', async () => {
      const owner = await t.signUp('Pending Owner');
      const created = await t.request('POST', '/api/v1/orgs', { token: owner.token, body: { name: 'Pending Co' } });
      assert.equal(created.status, 201, created.text);
      const { id, slug } = created.json;
      assertProblem(await t.request('GET', `/api/v1/orgs/${id}`, { token: owner.token }), 403, 'organization_pending');
      assertProblem(await t.request('GET', `/api/v1/orgs/${slug}`, { token: owner.token }), 403, 'organization_pending');
      assertProblem(await t.request('GET', `/api/v1/orgs/${id}/members`, { token: owner.token }), 403, 'organization_pending');
      assertProblem(
        await t.request('PATCH', `/api/v1/orgs/${id}`, { token: owner.token, body: { name: 'Renamed While Pending' } }),
        403,
        'organization_pending',
      );
      const [row] = await t.db.query<{ name: string }>('select name from organizations where id = $1', [id]);
      assert.equal(row!.name, 'Pending Co', 'the refused PATCH changed nothing');

      // Control: once approved, the same requests succeed.
      const approved = await t.request('POST', `/api/v1/admin/organizations/${id}/approve`, { token: ops.token });
      assert.equal(approved.status, 200, approved.text);
      assert.equal((await t.request('GET', `/api/v1/orgs/${id}`, { token: owner.token })).status, 200);
      assert.equal((await t.request('GET', `/api/v1/orgs/${id}/members`, { token: owner.token })).status, 200);
    });

    test('a pending organization looks like nothing to a non-member (404, not organization_pending)', async () => {
      const owner = await t.signUp('Pending Owner 2');
      const created = await t.request('POST', '/api/v1/orgs', { token: owner.token, body: { name: 'Secret Pending' } });
      const stranger = await t.signUp('Stranger');
      assertProblem(await t.request('GET', `/api/v1/orgs/${created.json.id}`, { token: stranger.token }), 404, 'not_found');
    });

    test('derived slugs that collide give both organizations distinct slugs', async () => {
      const a = await t.signUp('Twin A');
      const b = await t.signUp('Twin B');
      const first = await t.request('POST', '/api/v1/orgs', { token: a.token, body: { name: 'Twin Name Org' } });
      const second = await t.request('POST', '/api/v1/orgs', { token: b.token, body: { name: 'Twin Name Org' } });
      assert.equal(first.status, 201, first.text);
      assert.equal(second.status, 201, second.text);
      assert.notEqual(first.json.slug, second.json.slug);
      assert.equal(first.json.slug, 'twin-name-org');
      assert.match(second.json.slug, /^twin-name-org-[a-z0-9]+$/);
    });

    test('two creations racing for one explicit slug: exactly one 201 and one 409 slug_taken', async () => {
      const a = await t.signUp('Racer A');
      const b = await t.signUp('Racer B');
      const slug = `race-${randomUUID().slice(0, 8)}`;
      const before = await count(t, 'select count(*)::int as n from organizations');
      const results = await Promise.all([
        t.request('POST', '/api/v1/orgs', { token: a.token, body: { name: 'Race A', slug } }),
        t.request('POST', '/api/v1/orgs', { token: b.token, body: { name: 'Race B', slug } }),
      ]);
      const statuses = results.map((r) => r.status).sort();
      assert.deepEqual(statuses, [201, 409], results.map((r) => r.text).join('\n'));
      const loser = results.find((r) => r.status === 409)!;
      assertProblem(loser, 409, 'slug_taken');
      assert.equal(await count(t, 'select count(*)::int as n from organizations'), before + 1);
      assert.equal(await count(t, 'select count(*)::int as n from organizations where slug = $1', [slug]), 1);
      // The loser got no membership anywhere from the failed attempt.
      const winner = results.find((r) => r.status === 201)!;
      assert.equal(await count(t, 'select count(*)::int as n from memberships where organization_id = $1', [winner.json.id]), 1);
    });
  });

  describe('reading an organization', () => {
    test('a member reads the organization by id and by slug', async () => {
      const { org, owner } = await t.activeOrganization(ops, 'Readable Org');
      const byId = await t.request('GET', `/api/v1/orgs/${org.id}`, { token: owner.token });
      assert.equal(byId.status, 200, byId.text);
      const bySlug = await t.request('GET', `/api/v1/orgs/${org.slug}`, { token: owner.token });
      assert.equal(bySlug.status, 200, bySlug.text);
      assert.equal(byId.json.id, org.id);
      assert.equal(bySlug.json.id, org.id);
      assert.equal(bySlug.json.slug, org.slug);
      assert.equal(byId.json.status, 'ACTIVE');
      // An id in upper case names the same organization.
      const upper = await t.request('GET', `/api/v1/orgs/${org.id.toUpperCase()}`, { token: owner.token });
      assert.equal(upper.status, 200, upper.text);
      assert.equal(upper.json.id, org.id);
    });
  });

  describe('settings (T4)', () => {
    test('the OWNER updates every settings field and the change persists', async () => {
      const { org, owner } = await t.activeOrganization(ops, 'Settings Org');
      const slug = `settings-${randomUUID().slice(0, 8)}`;
      const patch = {
        name: 'Settings Org Renamed',
        slug,
        contactEmail: 'contact@example.com',
        address: { line1: '1 Farm Road', city: 'Accra', country: 'GH' },
        language: 'fr',
        timezone: 'Africa/Accra',
        currency: 'GHS',
        logoUrl: 'https://cdn.example.com/logo.png',
        theme: { primaryColor: '#112233' },
        metadata: { plan: 'pilot', seats: 12, tags: ['a', 'b'] },
      };
      const res = await t.request('PATCH', `/api/v1/orgs/${org.id}`, { token: owner.token, body: patch });
      assert.equal(res.status, 200, res.text);
      for (const [k, v] of Object.entries(patch)) assert.deepEqual(res.json[k], v, `response ${k}`);

      const got = await t.request('GET', `/api/v1/orgs/${slug}`, { token: owner.token });
      assert.equal(got.status, 200, got.text);
      for (const [k, v] of Object.entries(patch)) assert.deepEqual(got.json[k], v, `persisted ${k}`);

      const [row] = await t.db.query<any>(
        'select name, slug, contact_email, language, timezone, currency, logo_url from organizations where id = $1',
        [org.id],
      );
      assert.deepEqual(
        { ...row },
        {
          name: patch.name,
          slug,
          contact_email: patch.contactEmail,
          language: 'fr',
          timezone: 'Africa/Accra',
          currency: 'GHS',
          logo_url: patch.logoUrl,
        },
      );
      // The old slug no longer names it.
      assertProblem(await t.request('GET', `/api/v1/orgs/${org.slug}`, { token: owner.token }), 404, 'not_found');
    });

    test('nullable settings can be cleared', async () => {
      const { org, owner } = await t.activeOrganization(ops, 'Clearable Org');
      const set = await t.request('PATCH', `/api/v1/orgs/${org.id}`, {
        token: owner.token,
        body: { contactEmail: 'x@example.com', currency: 'EUR', logoUrl: 'https://example.com/l.png', address: { city: 'Lomé' } },
      });
      assert.equal(set.status, 200, set.text);
      const cleared = await t.request('PATCH', `/api/v1/orgs/${org.id}`, {
        token: owner.token,
        body: { contactEmail: null, currency: null, logoUrl: null, address: null },
      });
      assert.equal(cleared.status, 200, cleared.text);
      assert.equal(cleared.json.contactEmail, null);
      assert.equal(cleared.json.currency, null);
      assert.equal(cleared.json.logoUrl, null);
      assert.equal(cleared.json.address, null);
    });

    test('invalid settings values are refused with field errors and nothing changes', async () => {
      const { org, owner } = await t.activeOrganization(ops, 'Strict Settings Org');
      const cases: [Record<string, unknown>, string][] = [
        [{ timezone: 'Mars/Olympus' }, 'body.timezone'],
        [{ currency: 'XYZ' }, 'body.currency'],
        [{ language: 'French' }, 'body.language'],
        [{ contactEmail: 'not-an-email' }, 'body.contactEmail'],
        [{ logoUrl: 'javascript:alert(1)' }, 'body.logoUrl'],
        [{ theme: { primaryColor: 'red' } }, 'body.theme.primaryColor'],
        [{ address: { country: 'Ghana' } }, 'body.address.country'],
        [{ metadata: { big: 'x'.repeat(9000) } }, 'body.metadata'],
      ];
      for (const [body, path] of cases) {
        const res = await t.request('PATCH', `/api/v1/orgs/${org.id}`, { token: owner.token, body: { name: 'Should Not Apply', ...body } });
        assertProblem(res, 400, 'validation_failed');
        assert.ok(fieldPaths(res).includes(path), `${JSON.stringify(body)} → ${JSON.stringify(fieldPaths(res))}`);
      }
      const [row] = await t.db.query<{ name: string }>('select name from organizations where id = $1', [org.id]);
      assert.equal(row!.name, 'Strict Settings Org');
    });

    for (const role of ['MEMBER', 'READ_ONLY'] as const) {
      test(`a ${role} reads the organization (200) but cannot change settings (403 forbidden)`, async () => {
        const { org, owner } = await t.activeOrganization(ops, `${role} Settings Org`);
        const member = await t.signUp(`${role} user`);
        await addMember(t.db, org.id, member.id, role);
        const got = await t.request('GET', `/api/v1/orgs/${org.id}`, { token: member.token });
        assert.equal(got.status, 200, got.text);
        assert.equal(got.json.id, org.id);
        assertProblem(
          await t.request('PATCH', `/api/v1/orgs/${org.id}`, { token: member.token, body: { name: 'Hijacked' } }),
          403,
          'forbidden',
        );
        const [row] = await t.db.query<{ name: string }>('select name from organizations where id = $1', [org.id]);
        assert.equal(row!.name, `${role} Settings Org`);
        // Control: the OWNER's identical PATCH is accepted.
        const ok = await t.request('PATCH', `/api/v1/orgs/${org.id}`, { token: owner.token, body: { name: 'Renamed By Owner' } });
        assert.equal(ok.status, 200, ok.text);
      });
    }

    test('an ADMIN can change settings', async () => {
      const { org } = await t.activeOrganization(ops, 'Admin Settings Org');
      const admin = await t.signUp('Admin user');
      await addMember(t.db, org.id, admin.id, 'ADMIN');
      const res = await t.request('PATCH', `/api/v1/orgs/${org.id}`, { token: admin.token, body: { language: 'pt-BR' } });
      assert.equal(res.status, 200, res.text);
      assert.equal(res.json.language, 'pt-BR');
    });
  });

  describe('non-members see nothing', () => {
    test("a non-member gets 404 on another organization's GET, PATCH and members, identical to an unknown id", async () => {
      const { org: a, owner: ownerA } = await t.activeOrganization(ops, 'Org A Isolation');
      const { org: b } = await t.activeOrganization(ops, 'Org B Isolation');
      const unknownId = randomUUID();
      const unknownSlug = `no-such-org-${randomUUID().slice(0, 8)}`;
      const probes: [string, string, unknown?][] = [
        ['GET', ''],
        ['PATCH', '', { name: 'Taken Over' }],
        ['GET', '/members'],
      ];
      for (const [method, suffix, body] of probes) {
        const real = await t.request(method, `/api/v1/orgs/${b.id}${suffix}`, { token: ownerA.token, body });
        const realSlug = await t.request(method, `/api/v1/orgs/${b.slug}${suffix}`, { token: ownerA.token, body });
        const missing = await t.request(method, `/api/v1/orgs/${unknownId}${suffix}`, { token: ownerA.token, body });
        const missingSlug = await t.request(method, `/api/v1/orgs/${unknownSlug}${suffix}`, { token: ownerA.token, body });
        assertProblem(real, 404, 'not_found');
        assertProblem(missing, 404, 'not_found');
        assert.deepEqual(shapeOf(real), shapeOf(missing), `${method} ${suffix}: real id vs unknown id`);
        assert.deepEqual(shapeOf(realSlug), shapeOf(missingSlug), `${method} ${suffix}: real slug vs unknown slug`);
        assert.deepEqual(shapeOf(real), shapeOf(realSlug), `${method} ${suffix}: id vs slug`);
        assert.ok(!real.text.includes(b.slug) && !real.text.includes('Org B'), 'nothing about B leaks in the body');
      }
      const [row] = await t.db.query<{ name: string }>('select name from organizations where id = $1', [b.id]);
      assert.equal(row!.name, 'Org B Isolation');
      // Control: A's owner reads A.
      assert.equal((await t.request('GET', `/api/v1/orgs/${a.id}`, { token: ownerA.token })).status, 200);
    });

    for (const status of ['SUSPENDED', 'INVITED', 'PENDING', 'REMOVED'] as const) {
      test(`a ${status} member gets 404 like a non-member; the same user when ACTIVE gets 200`, async () => {
        const { org } = await t.activeOrganization(ops, `Member ${status} Org`);
        const user = await t.signUp(`${status} member`);
        await addMember(t.db, org.id, user.id, 'ADMIN', status);
        const refused = await t.request('GET', `/api/v1/orgs/${org.id}`, { token: user.token });
        assertProblem(refused, 404, 'not_found');
        const unknown = await t.request('GET', `/api/v1/orgs/${randomUUID()}`, { token: user.token });
        assert.deepEqual(shapeOf(refused), shapeOf(unknown));
        assertProblem(await t.request('GET', `/api/v1/orgs/${org.id}/members`, { token: user.token }), 404, 'not_found');
        assertProblem(await t.request('PATCH', `/api/v1/orgs/${org.id}`, { token: user.token, body: { name: 'Nope' } }), 404, 'not_found');
        // Control: the same membership, reactivated, works at the next request.
        await t.db.query(`update memberships set status = 'ACTIVE' where organization_id = $1 and user_id = $2`, [org.id, user.id]);
        assert.equal((await t.request('GET', `/api/v1/orgs/${org.id}`, { token: user.token })).status, 200);
      });
    }
  });

  describe('slug rules', () => {
    const invalid: [string, string][] = [
      ['Uppercase', 'uppercase'],
      ['ab', 'too short'],
      ['a'.repeat(49), 'too long'],
      ['-acme', 'leading hyphen'],
      ['acme-', 'trailing hyphen'],
      ['ac--me', 'double hyphen'],
      ['acme farms', 'space'],
      ['admin', 'reserved'],
      ['api', 'reserved'],
      ['new', 'reserved'],
      ['settings', 'reserved'],
    ];

    test('invalid slugs are refused on create with a field error naming body.slug, and nothing is created', async () => {
      const owner = await t.signUp('Slug Tester');
      const before = await count(t, 'select count(*)::int as n from organizations');
      for (const [slug, why] of invalid) {
        const res = await t.request('POST', '/api/v1/orgs', { token: owner.token, body: { name: 'Slug Test Org', slug } });
        assertProblem(res, 400, 'validation_failed');
        assert.ok(fieldPaths(res).includes('body.slug'), `${why} (${slug}): ${JSON.stringify(fieldPaths(res))}`);
      }
      assert.equal(await count(t, 'select count(*)::int as n from organizations'), before);
      // Controls: the boundaries themselves are fine.
      for (const slug of [`abc-${randomUUID().slice(0, 4)}`, `x${randomUUID().replaceAll('-', '').slice(0, 47)}`]) {
        const ok = await t.request('POST', '/api/v1/orgs', { token: owner.token, body: { name: 'Slug Test Org', slug } });
        assert.equal(ok.status, 201, ok.text);
        assert.equal(ok.json.slug, slug);
      }
    });

    test('invalid slugs are refused on PATCH with a field error naming body.slug', async () => {
      const { org, owner } = await t.activeOrganization(ops, 'Slug Patch Org');
      for (const [slug, why] of invalid) {
        const res = await t.request('PATCH', `/api/v1/orgs/${org.id}`, { token: owner.token, body: { slug } });
        assertProblem(res, 400, 'validation_failed');
        assert.ok(fieldPaths(res).includes('body.slug'), `${why} (${slug}): ${JSON.stringify(fieldPaths(res))}`);
      }
      const [row] = await t.db.query<{ slug: string }>('select slug from organizations where id = $1', [org.id]);
      assert.equal(row!.slug, org.slug);
    });

    test('a taken slug answers 409 slug_taken on create and on PATCH; a free one is accepted', async () => {
      const { org: a, owner: ownerA } = await t.activeOrganization(ops, 'Slug Holder');
      const { org: b, owner: ownerB } = await t.activeOrganization(ops, 'Slug Wanter');
      const before = await count(t, 'select count(*)::int as n from organizations');
      assertProblem(await t.request('POST', '/api/v1/orgs', { token: ownerB.token, body: { name: 'Copycat', slug: a.slug } }), 409, 'slug_taken');
      assert.equal(await count(t, 'select count(*)::int as n from organizations'), before);
      assertProblem(await t.request('PATCH', `/api/v1/orgs/${b.id}`, { token: ownerB.token, body: { slug: a.slug } }), 409, 'slug_taken');
      const [row] = await t.db.query<{ slug: string }>('select slug from organizations where id = $1', [b.id]);
      assert.equal(row!.slug, b.slug);
      // Control: re-sending one's own slug is fine, and a free slug is accepted.
      assert.equal((await t.request('PATCH', `/api/v1/orgs/${a.id}`, { token: ownerA.token, body: { slug: a.slug } })).status, 200);
      const free = `free-${randomUUID().slice(0, 8)}`;
      const ok = await t.request('PATCH', `/api/v1/orgs/${b.id}`, { token: ownerB.token, body: { slug: free } });
      assert.equal(ok.status, 200, ok.text);
      assert.equal(ok.json.slug, free);
    });
  });

  describe('member list', () => {
    let org: { id: string; slug: string };
    let owner: { token: string; id: string; email: string };
    const people: { id: string; email: string; name: string; role: string; status: string }[] = [];

    before(async () => {
      ({ org, owner } = await t.activeOrganization(ops, 'Member List Org'));
      people.push({ id: owner.id, email: owner.email, name: 'Owner', role: 'OWNER', status: 'ACTIVE' });
      const specs: [string, string, string][] = [
        ['Zed Admin', 'ADMIN', 'ACTIVE'],
        ['Mia Member', 'MEMBER', 'ACTIVE'],
        ['Max Member', 'MEMBER', 'ACTIVE'],
        ['Rae Reader', 'READ_ONLY', 'ACTIVE'],
        ['Sam Suspended', 'MEMBER', 'SUSPENDED'],
        ['Ivy Invited', 'MEMBER', 'INVITED'],
      ];
      for (const [name, role, status] of specs) {
        const u = await t.signUp(name);
        await addMember(t.db, org.id, u.id, role, status);
        people.push({ id: u.id, email: u.email, name, role, status });
      }
    });

    test('limit=1 with the cursor walks every member exactly once', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      for (let i = 0; i < 20; i++) {
        const q: string = cursor ? `?limit=1&cursor=${encodeURIComponent(cursor)}` : '?limit=1';
        const res = await t.request('GET', `/api/v1/orgs/${org.id}/members${q}`, { token: owner.token });
        assert.equal(res.status, 200, res.text);
        assert.ok(res.json.items.length <= 1);
        seen.push(...res.json.items.map((m: any) => m.userId));
        cursor = res.json.nextCursor;
        if (!cursor) break;
      }
      assert.equal(cursor, null, 'the walk ended');
      assert.equal(new Set(seen).size, seen.length, 'no member twice');
      assert.deepEqual([...seen].sort(), people.map((p) => p.id).sort());
    });

    test('a full page has no next cursor; a larger page returns everyone', async () => {
      const res = await t.request('GET', `/api/v1/orgs/${org.id}/members?limit=100`, { token: owner.token });
      assert.equal(res.status, 200, res.text);
      assert.equal(res.json.items.length, people.length);
      assert.equal(res.json.nextCursor, null);
      const first = res.json.items.find((m: any) => m.userId === owner.id);
      assert.equal(first.email, owner.email);
      assert.equal(first.role, 'OWNER');
    });

    test('filters by role and by status', async () => {
      const byRole = await t.request('GET', `/api/v1/orgs/${org.id}/members?role=MEMBER`, { token: owner.token });
      assert.equal(byRole.status, 200, byRole.text);
      assert.deepEqual(
        byRole.json.items.map((m: any) => m.userId).sort(),
        people.filter((p) => p.role === 'MEMBER').map((p) => p.id).sort(),
      );
      const byStatus = await t.request('GET', `/api/v1/orgs/${org.id}/members?status=SUSPENDED`, { token: owner.token });
      assert.equal(byStatus.status, 200, byStatus.text);
      assert.deepEqual(byStatus.json.items.map((m: any) => m.userId), people.filter((p) => p.status === 'SUSPENDED').map((p) => p.id));
      const both = await t.request('GET', `/api/v1/orgs/${org.id}/members?role=MEMBER&status=ACTIVE`, { token: owner.token });
      assert.deepEqual(
        both.json.items.map((m: any) => m.userId).sort(),
        people.filter((p) => p.role === 'MEMBER' && p.status === 'ACTIVE').map((p) => p.id).sort(),
      );
      assertProblem(await t.request('GET', `/api/v1/orgs/${org.id}/members?status=BOGUS`, { token: owner.token }), 400, 'validation_failed');
    });

    test('q searches names and emails, case-insensitively, with LIKE wildcards taken literally', async () => {
      const res = await t.request('GET', `/api/v1/orgs/${org.id}/members?q=${encodeURIComponent('mEmBeR')}`, { token: owner.token });
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(
        res.json.items.map((m: any) => m.name).sort(),
        people.filter((p) => /member/i.test(p.name)).map((p) => p.name).sort(),
      );
      const sam = people.find((p) => p.name === 'Sam Suspended')!;
      const byEmail = await t.request('GET', `/api/v1/orgs/${org.id}/members?q=${encodeURIComponent(sam.email)}`, { token: owner.token });
      assert.deepEqual(byEmail.json.items.map((m: any) => m.userId), [sam.id]);
      const wildcard = await t.request('GET', `/api/v1/orgs/${org.id}/members?q=${encodeURIComponent('%')}`, { token: owner.token });
      assert.equal(wildcard.status, 200, wildcard.text);
      assert.deepEqual(wildcard.json.items, []);
    });

    test('a garbage or forged cursor answers 400, not 500', async () => {
      const forged = (tuple: unknown[]) => Buffer.from(JSON.stringify(tuple)).toString('base64url');
      const cursors = [
        'garbage',
        '!!!',
        Buffer.from('{"a":1}').toString('base64url'),
        forged(['x', 'not-a-uuid']),
        // Well-formed tuples whose key is not an instant: these used to reach SQL and fail as a 500.
        forged(['x', randomUUID()]),
        forged([1e20, randomUUID()]),
        forged(['x', randomUUID(), org.id]),
        forged([1e20, randomUUID(), org.id]),
        forged(['2020-02-30T00:00:00.000000Z', randomUUID(), org.id]),
        forged(['0000-01-01T00:00:00.000000Z', randomUUID(), org.id]),
        forged(['2020-01-01T00:00:00.000000Z', randomUUID(), org.id, 'extra']),
      ];
      for (const cursor of cursors) {
        const res = await t.request('GET', `/api/v1/orgs/${org.id}/members?cursor=${encodeURIComponent(cursor)}`, { token: owner.token });
        assertProblem(res, 400, 'validation_failed');
      }
    });

    test("a cursor from another organization's member list answers 400", async () => {
      const other = await t.activeOrganization(ops, 'Cursor Source Org');
      await addMember(t.db, other.org.id, (await t.signUp('Cursor Extra')).id);
      const page = await t.request('GET', `/api/v1/orgs/${other.org.id}/members?limit=1`, { token: other.owner.token });
      assert.equal(page.status, 200, page.text);
      const foreign = page.json.nextCursor;
      assert.ok(foreign, 'the other organization has a second page');
      // Control: the cursor works where it came from.
      const own = await t.request('GET', `/api/v1/orgs/${other.org.id}/members?limit=1&cursor=${encodeURIComponent(foreign)}`, {
        token: other.owner.token,
      });
      assert.equal(own.status, 200, own.text);
      const res = await t.request('GET', `/api/v1/orgs/${org.id}/members?limit=1&cursor=${encodeURIComponent(foreign)}`, {
        token: owner.token,
      });
      assertProblem(res, 400, 'validation_failed');
    });

    test('a MEMBER may list members; a non-member gets 404', async () => {
      const mia = people.find((p) => p.name === 'Mia Member')!;
      const token = await t.signIn(mia.email, 'correct-horse-battery');
      const res = await t.request('GET', `/api/v1/orgs/${org.id}/members`, { token });
      assert.equal(res.status, 200, res.text);
      const outsider = await t.signUp('Outsider');
      assertProblem(await t.request('GET', `/api/v1/orgs/${org.id}/members`, { token: outsider.token }), 404, 'not_found');
    });
  });

  describe('client-sent tenant ids are never used', () => {
    test('organizationId in a create body is refused with a field error and creates nothing', async () => {
      const { org } = await t.activeOrganization(ops, 'Body Target Org');
      const user = await t.signUp('Body Sender');
      const before = await count(t, 'select count(*)::int as n from organizations');
      const beforeMembers = await count(t, 'select count(*)::int as n from memberships where organization_id = $1', [org.id]);
      for (const field of ['organizationId', 'status', 'role', 'id']) {
        const res = await t.request('POST', '/api/v1/orgs', {
          token: user.token,
          body: { name: 'Smuggled Org', [field]: field === 'status' ? 'ACTIVE' : field === 'role' ? 'OWNER' : org.id },
        });
        assertProblem(res, 400, 'validation_failed');
        assert.ok(fieldPaths(res).includes(`body.${field}`), JSON.stringify(res.json.errors));
      }
      assert.equal(await count(t, 'select count(*)::int as n from organizations'), before);
      assert.equal(await count(t, 'select count(*)::int as n from memberships where organization_id = $1', [org.id]), beforeMembers);
    });

    test('organizationId or status in a PATCH body is refused and never applied', async () => {
      const { org: a, owner } = await t.activeOrganization(ops, 'Patch Smuggle A');
      const { org: b } = await t.activeOrganization(ops, 'Patch Smuggle B');
      for (const extra of [{ organizationId: b.id }, { status: 'SUSPENDED' }, { id: b.id }, { limits: { members: 9999 } }, { features: { x: true } }]) {
        const res = await t.request('PATCH', `/api/v1/orgs/${a.id}`, { token: owner.token, body: { name: 'Smuggled', ...extra } });
        assertProblem(res, 400, 'validation_failed');
        assert.ok(fieldPaths(res).includes(`body.${Object.keys(extra)[0]}`), JSON.stringify(res.json.errors));
      }
      const rows = await t.db.query<{ id: string; name: string; status: string; limits: unknown }>(
        'select id, name, status, limits from organizations where id in ($1, $2) order by name',
        [a.id, b.id],
      );
      assert.deepEqual(
        rows.map((r) => [r.name, r.status]),
        [
          ['Patch Smuggle A', 'ACTIVE'],
          ['Patch Smuggle B', 'ACTIVE'],
        ],
      );
    });

    test('x-organization-id / x-tenant-id headers naming B do not change a request for A', async () => {
      const { org: a, owner } = await t.activeOrganization(ops, 'Header Org A');
      const { org: b, owner: ownerB } = await t.activeOrganization(ops, 'Header Org B');
      // The caller is a member of both, so a header-based tenant switch would actually succeed if honoured.
      await addMember(t.db, b.id, owner.id, 'OWNER');
      const headers = { 'x-organization-id': b.id, 'x-tenant-id': b.id, 'x-org-id': b.id, 'x-organization': b.slug };

      const got = await t.request('GET', `/api/v1/orgs/${a.id}`, { token: owner.token, headers });
      assert.equal(got.status, 200, got.text);
      assert.equal(got.json.id, a.id);
      assert.equal(got.json.slug, a.slug);

      const members = await t.request('GET', `/api/v1/orgs/${a.slug}/members`, { token: owner.token, headers });
      assert.equal(members.status, 200, members.text);
      assert.deepEqual(members.json.items.map((m: any) => m.userId), [owner.id]);
      assert.ok(!members.text.includes(ownerB.email), "B's members never appear");

      const patched = await t.request('PATCH', `/api/v1/orgs/${a.id}`, { token: owner.token, headers, body: { name: 'Header A Renamed' } });
      assert.equal(patched.status, 200, patched.text);
      assert.equal(patched.json.id, a.id);
      const rows = await t.db.query<{ id: string; name: string }>('select id, name from organizations where id in ($1, $2)', [a.id, b.id]);
      const names = Object.fromEntries(rows.map((r) => [r.id, r.name]));
      assert.equal(names[a.id], 'Header A Renamed');
      assert.equal(names[b.id], 'Header Org B');
    });

    test('a header naming an organization the caller belongs to does not open one they do not', async () => {
      const { org: a, owner } = await t.activeOrganization(ops, 'Header Home Org');
      const { org: b } = await t.activeOrganization(ops, 'Header Foreign Org');
      const headers = { 'x-organization-id': a.id, 'x-tenant-id': a.id };
      assertProblem(await t.request('GET', `/api/v1/orgs/${b.id}`, { token: owner.token, headers }), 404, 'not_found');
      assertProblem(await t.request('GET', `/api/v1/orgs/${b.id}/members`, { token: owner.token, headers }), 404, 'not_found');
    });

    test('?organizationId=B on the member list is refused (strict query) and never returns B', async () => {
      const { org: a, owner } = await t.activeOrganization(ops, 'Query Org A');
      const { org: b, owner: ownerB } = await t.activeOrganization(ops, 'Query Org B');
      for (const param of ['organizationId', 'organization_id', 'orgId', 'tenantId']) {
        const res = await t.request('GET', `/api/v1/orgs/${a.id}/members?${param}=${b.id}`, { token: owner.token });
        assertProblem(res, 400, 'validation_failed');
        assert.ok(fieldPaths(res).includes(`query.${param}`), JSON.stringify(res.json.errors));
        assert.ok(!res.text.includes(ownerB.email));
      }
      // Control: without the parameter the list is A's.
      const ok = await t.request('GET', `/api/v1/orgs/${a.id}/members`, { token: owner.token });
      assert.equal(ok.status, 200, ok.text);
      assert.deepEqual(ok.json.items.map((m: any) => m.userId), [owner.id]);
    });
  });
});

describe('organizations (auto-approve)', () => {
  let t: TestSystem;
  before(async () => {
    t = await startTestSystem({ TENANTRY_AUTO_APPROVE: 'true' });
  });
  after(() => t.close());

  test('with TENANTRY_AUTO_APPROVE a new organization is ACTIVE immediately and usable', async () => {
    const owner = await t.signUp('Auto Owner');
    const created = await t.request('POST', '/api/v1/orgs', { token: owner.token, body: { name: 'Auto Org' } });
    assert.equal(created.status, 201, created.text);
    assert.equal(created.json.status, 'ACTIVE');
    const got = await t.request('GET', `/api/v1/orgs/${created.json.slug}`, { token: owner.token });
    assert.equal(got.status, 200, got.text);
    assert.equal(got.json.status, 'ACTIVE');
    const mine = await t.request('GET', '/api/v1/orgs', { token: owner.token });
    const entry = mine.json.items.find((o: any) => o.id === created.json.id);
    assert.equal(entry.role, 'OWNER');
    assert.equal(entry.status, 'ACTIVE');
    // Control: auto-approve does not open the organization to others.
    const other = await t.signUp('Auto Stranger');
    assertProblem(await t.request('GET', `/api/v1/orgs/${created.json.id}`, { token: other.token }), 404, 'not_found');
  });
});

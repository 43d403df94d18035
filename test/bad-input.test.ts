// Hostile and broken input on every write endpoint: malformed JSON, wrong content types, unknown fields,
// over-long strings, oversized bodies, bad ids and page sizes. Every refusal is a problem+json with a
// stable code and a request id, never a stack trace, never a 500, and never leaves anything half-written.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startTestSystem, type TestSystem } from './harness.ts';
import { fieldPaths } from './support/problems.ts';

type Res = { status: number; headers: Headers; json: any; text: string };

/** The contract every error response keeps. */
function assertProblem(res: Res, status: number | number[], code?: string) {
  const statuses = Array.isArray(status) ? status : [status];
  assert.ok(statuses.includes(res.status), `expected ${statuses.join('|')}, got ${res.status}: ${res.text.slice(0, 500)}`);
  assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/, res.text.slice(0, 200));
  assert.ok(res.json && typeof res.json === 'object', `a JSON body: ${res.text.slice(0, 200)}`);
  assert.equal(typeof res.json.code, 'string');
  if (code) assert.equal(res.json.code, code, res.text.slice(0, 500));
  assert.equal(res.json.status, res.status);
  assert.equal(typeof res.json.requestId, 'string');
  assert.ok(res.json.requestId.length > 0);
  assert.equal(res.headers.get('x-request-id'), res.json.requestId);
  assertNoLeak(res.text);
}

function assertNoLeak(text: string) {
  assert.doesNotMatch(text, /\bat [^\n"]*\(?[^\s"]+:\d+:\d+\)?/, 'no stack frames');
  assert.doesNotMatch(text, /\n\s+at /, 'no stack lines');
  assert.ok(!text.includes('Error:'), `no error class names: ${text.slice(0, 300)}`);
  assert.ok(!/node_modules|\/work\/|file:\/\//.test(text), 'no file paths');
  assert.ok(!/\b(select|insert|update)\b.+\b(from|into|set)\b/i.test(text), 'no SQL');
}

const long = (n: number) => 'x'.repeat(n);

describe('bad input', () => {
  let t: TestSystem;
  let ops: { id: string; email: string; token: string };

  before(async () => {
    t = await startTestSystem();
    ops = await t.operator();
  });
  after(() => t.close());

  /** Everything a failed write could have touched. */
  async function state(orgId?: string) {
    const [counts] = await t.db.query<Record<string, number>>(
      `select (select count(*)::int from organizations) as organizations,
              (select count(*)::int from memberships) as memberships,
              (select count(*)::int from users) as users,
              (select count(*)::int from accounts) as accounts,
              (select count(*)::int from organization_status_events) as events,
              (select count(*)::int from notifications) as notifications`,
    );
    const org = orgId
      ? (await t.db.query('select name, slug, status, status_reason, updated_at::text as updated_at from organizations where id = $1', [orgId]))[0]
      : null;
    const sessionsActive = await t.db.query('select id, active_organization_id from sessions order by id');
    return { counts: { ...counts }, org: org ? { ...org } : null, sessionsActive: sessionsActive.map((r) => ({ ...r })) };
  }

  /** Sends a body exactly as given, with the given content type (or none). */
  async function send(method: string, path: string, token: string, body: string | Uint8Array, contentType?: string): Promise<Res> {
    const headers: Record<string, string> = { origin: t.base, authorization: `Bearer ${token}` };
    if (contentType) headers['content-type'] = contentType;
    const res = await fetch(t.base + path, { method, headers, body: body as BodyInit });
    const text = await res.text();
    let json: any;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, json, text };
  }

  type Target = {
    method: string;
    path: string;
    token: string;
    orgId?: string;
    /** A body that succeeds (the positive control, sent last). */
    valid: Record<string, unknown>;
    validStatus: number;
    /** Bodies with one unknown field, and the field path the error must name. */
    unknown: [Record<string, unknown>, string][];
    /** Bodies with one over-long string. */
    tooLong: Record<string, unknown>[];
  };

  const endpoints: { name: string; prepare: () => Promise<Target> }[] = [
    {
      name: 'POST /api/v1/orgs',
      prepare: async () => {
        const user = await t.signUp('Creator');
        return {
          method: 'POST',
          path: '/api/v1/orgs',
          token: user.token,
          valid: { name: 'Valid Created Org' },
          validStatus: 201,
          unknown: [
            [{ name: 'Org', organizationId: randomUUID() }, 'body.organizationId'],
            [{ name: 'Org', status: 'ACTIVE' }, 'body.status'],
            [{ name: 'Org', limits: { members: 5 } }, 'body.limits'],
            [{ name: 'Org', address: { city: 'Accra', planet: 'Earth' } }, 'body.address.planet'],
          ],
          tooLong: [{ name: long(10_000) }, { name: 'Org', contactEmail: `${long(300)}@example.com` }, { name: 'Org', metadata: { k: long(10_000) } }],
        };
      },
    },
    {
      name: 'PATCH /api/v1/orgs/{org}',
      prepare: async () => {
        const { org, owner } = await t.activeOrganization(ops, 'Patch Target Org');
        return {
          method: 'PATCH',
          path: `/api/v1/orgs/${org.id}`,
          token: owner.token,
          orgId: org.id,
          valid: { name: 'Patched Validly' },
          validStatus: 200,
          unknown: [
            [{ name: 'Org', organizationId: randomUUID() }, 'body.organizationId'],
            [{ status: 'SUSPENDED' }, 'body.status'],
            [{ theme: { primaryColor: '#000000', font: 'Comic Sans' } }, 'body.theme.font'],
          ],
          tooLong: [{ name: long(10_000) }, { logoUrl: `https://example.com/${long(3000)}` }, { address: { line1: long(10_000) } }],
        };
      },
    },
    {
      name: 'PUT /api/v1/me/active-organization',
      prepare: async () => {
        const { org, owner } = await t.activeOrganization(ops, 'Active Target Org');
        return {
          method: 'PUT',
          path: '/api/v1/me/active-organization',
          token: owner.token,
          orgId: org.id,
          valid: { organization: org.slug },
          validStatus: 200,
          unknown: [
            [{ organization: org.slug, organizationId: org.id }, 'body.organizationId'],
            [{ organization: org.slug, role: 'OWNER' }, 'body.role'],
          ],
          tooLong: [{ organization: long(10_000) }],
        };
      },
    },
    {
      name: 'POST /api/v1/admin/organizations (wizard)',
      prepare: async () => {
        const email = `${t.unique('wizard-owner')}@example.com`;
        const owner = { mode: 'new', email, name: 'Wizard Owner' };
        return {
          method: 'POST',
          path: '/api/v1/admin/organizations',
          token: ops.token,
          valid: { owner, organization: { name: 'Wizard Valid Org' } },
          validStatus: 201,
          unknown: [
            [{ owner, organization: { name: 'Org' }, organizationId: randomUUID() }, 'body.organizationId'],
            [{ owner, organization: { name: 'Org', organizationId: randomUUID() } }, 'body.organization.organizationId'],
            [{ owner: { ...owner, role: 'admin' }, organization: { name: 'Org' } }, 'body.owner.role'],
          ],
          tooLong: [
            { owner, organization: { name: long(10_000) } },
            { owner: { ...owner, name: long(10_000) }, organization: { name: 'Org' } },
            { owner: { ...owner, password: long(10_000) }, organization: { name: 'Org' } },
          ],
        };
      },
    },
    {
      name: 'POST /api/v1/admin/organizations/{id}/reject',
      prepare: async () => {
        const user = await t.signUp('Reject Target Owner');
        const created = await t.request('POST', '/api/v1/orgs', { token: user.token, body: { name: 'Reject Target Org' } });
        assert.equal(created.status, 201, created.text);
        return {
          method: 'POST',
          path: `/api/v1/admin/organizations/${created.json.id}/reject`,
          token: ops.token,
          orgId: created.json.id,
          valid: { reason: 'incomplete application' },
          validStatus: 200,
          unknown: [
            [{ reason: 'ok', status: 'ACTIVE' }, 'body.status'],
            [{ reason: 'ok', organizationId: randomUUID() }, 'body.organizationId'],
          ],
          tooLong: [{ reason: long(10_000) }],
        };
      },
    },
    {
      name: 'POST /api/v1/admin/organizations/{id}/suspend',
      prepare: async () => {
        const { org } = await t.activeOrganization(ops, 'Suspend Target Org');
        return {
          method: 'POST',
          path: `/api/v1/admin/organizations/${org.id}/suspend`,
          token: ops.token,
          orgId: org.id,
          valid: { reason: 'abuse report' },
          validStatus: 200,
          unknown: [
            [{ reason: 'ok', until: '2030-01-01' }, 'body.until'],
            [{ reason: 'ok', organizationId: randomUUID() }, 'body.organizationId'],
          ],
          tooLong: [{ reason: long(10_000) }],
        };
      },
    },
  ];

  for (const endpoint of endpoints) {
    describe(endpoint.name, () => {
      let target: Target;
      before(async () => {
        target = await endpoint.prepare();
      });

      test('malformed JSON → 400 invalid_json, nothing written', async () => {
        const before = await state(target.orgId);
        for (const raw of ['{"name": ', '{name: "x"}', "{'name': 'x'}", '{"name": "x",}', 'nul', '{"a":1}}']) {
          const res = await send(target.method, target.path, target.token, raw, 'application/json');
          assertProblem(res, 400, 'invalid_json');
        }
        assert.deepEqual(await state(target.orgId), before);
      });

      test('a body that is not JSON → 415, nothing written', async () => {
        const before = await state(target.orgId);
        const asJson = JSON.stringify(target.valid);
        const cases: [string | Uint8Array, string | undefined][] = [
          [asJson, 'text/plain'],
          [asJson, 'text/plain;charset=UTF-8'],
          ['name=Form+Org&organization=x&reason=x', 'application/x-www-form-urlencoded'],
          [asJson, 'application/xml'],
          [new TextEncoder().encode(asJson), undefined],
        ];
        for (const [body, type] of cases) {
          const res = await send(target.method, target.path, target.token, body, type);
          assertProblem(res, 415, 'unsupported_media_type');
        }
        assert.deepEqual(await state(target.orgId), before);
      });

      test('JSON of the wrong shape (array, null, string, empty object where fields are required) → 400', async () => {
        const before = await state(target.orgId);
        for (const raw of ['[]', 'null', '"text"', '42']) {
          const res = await send(target.method, target.path, target.token, raw, 'application/json');
          assertProblem(res, 400);
          assert.ok(['validation_failed', 'invalid_json'].includes(res.json.code), res.text);
        }
        assert.deepEqual(await state(target.orgId), before);
      });

      test('unknown fields → 400 validation_failed naming each field, nothing applied', async () => {
        const before = await state(target.orgId);
        for (const [body, path] of target.unknown) {
          const res = await t.request(target.method, target.path, { token: target.token, body });
          assertProblem(res, 400, 'validation_failed');
          assert.ok(fieldPaths(res).includes(path), `${path} in ${JSON.stringify(res.json.errors)}`);
        }
        assert.deepEqual(await state(target.orgId), before);
      });

      test('over-long strings → 400 validation_failed, nothing written', async () => {
        const before = await state(target.orgId);
        for (const body of target.tooLong) {
          const res = await t.request(target.method, target.path, { token: target.token, body });
          assertProblem(res, 400, 'validation_failed');
          assert.ok(fieldPaths(res).length > 0, 'field errors listed');
          assert.ok(res.text.length < 5_000, 'the error does not echo the over-long value');
        }
        assert.deepEqual(await state(target.orgId), before);
      });

      test('a body over 1 MiB → 413, nothing written', async () => {
        const before = await state(target.orgId);
        const huge = JSON.stringify({ ...target.valid, padding: long(1024 * 1024 + 16) });
        const res = await send(target.method, target.path, target.token, huge, 'application/json');
        assertProblem(res, 413, 'payload_too_large');
        // The rest of the body is never read, so the connection must not be reused by the client.
        assert.equal(res.headers.get('connection'), 'close');
        assert.deepEqual(await state(target.orgId), before);
      });

      test('control: the valid body succeeds and the change is visible', async () => {
        const before = await state(target.orgId);
        const res = await t.request(target.method, target.path, { token: target.token, body: target.valid });
        assert.equal(res.status, target.validStatus, res.text);
        assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
        const changed = await state(target.orgId);
        assert.notDeepEqual(changed, before, 'the valid write changed the database (so the "nothing written" checks can fail)');
      });
    });
  }

  describe('partial failures leave nothing behind', () => {
    test('a wizard whose new owner is fine but whose slug is taken creates neither user nor organization', async () => {
      const { org } = await t.activeOrganization(ops, 'Slug Owner Org');
      const email = `${t.unique('half-written')}@example.com`;
      const before = await state();
      const res = await t.request('POST', '/api/v1/admin/organizations', {
        token: ops.token,
        body: { owner: { mode: 'new', email, name: 'Half Written' }, organization: { name: 'Clash', slug: org.slug } },
      });
      assertProblem(res, 409, 'slug_taken');
      assert.deepEqual(await state(), before);
      assert.equal((await t.db.query('select id from users where email = $1', [email])).length, 0);
    });

    test('a wizard naming an existing owner who does not exist → 400 and nothing written', async () => {
      const before = await state();
      const res = await t.request('POST', '/api/v1/admin/organizations', {
        token: ops.token,
        body: { owner: { mode: 'existing', userId: randomUUID() }, organization: { name: 'Orphan Org' } },
      });
      assertProblem(res, 400, 'validation_failed');
      assert.ok(fieldPaths(res).includes('body.owner.userId'));
      assert.deepEqual(await state(), before);
    });

    test('a wizard for an email already registered → 409 email_taken and nothing written', async () => {
      const existing = await t.signUp('Already Here');
      const before = await state();
      const res = await t.request('POST', '/api/v1/admin/organizations', {
        token: ops.token,
        body: { owner: { mode: 'new', email: existing.email, name: 'Dup' }, organization: { name: 'Dup Owner Org' } },
      });
      assertProblem(res, 409, 'email_taken');
      assert.deepEqual(await state(), before);
    });

    test('a dry-run wizard validates and writes nothing', async () => {
      const email = `${t.unique('dry-run')}@example.com`;
      const before = await state();
      const res = await t.request('POST', '/api/v1/admin/organizations', {
        token: ops.token,
        body: { owner: { mode: 'new', email, name: 'Dry Run' }, organization: { name: 'Dry Run Org' }, dryRun: true },
      });
      assert.equal(res.status, 200, res.text);
      assert.equal(res.json.dryRun, true);
      assert.deepEqual(await state(), before);
    });

    test('a create with a taken slug → 409 and no organization, membership or event row', async () => {
      const { org } = await t.activeOrganization(ops, 'Taken Slug Org');
      const user = await t.signUp('Late Comer');
      const before = await state();
      const res = await t.request('POST', '/api/v1/orgs', { token: user.token, body: { name: 'Late', slug: org.slug } });
      assertProblem(res, 409, 'slug_taken');
      assert.deepEqual(await state(), before);
    });
  });

  describe('ids in paths', () => {
    const badIds = ['not-a-uuid', '123', '00000000-0000-0000-0000-00000000000g', `${randomUUID()}x`, "1'%20or%20'1'='1", '%00'];

    test('non-UUID ids in operator paths → 400 or 404 problem+json, never 500', async () => {
      for (const id of badIds) {
        assertProblem(await t.request('GET', `/api/v1/admin/organizations/${id}`, { token: ops.token }), [400, 404]);
        for (const action of ['approve', 'reactivate', 'delete', 'restore', 'purge']) {
          assertProblem(await t.request('POST', `/api/v1/admin/organizations/${id}/${action}`, { token: ops.token }), [400, 404]);
        }
        for (const action of ['reject', 'suspend']) {
          assertProblem(
            await t.request('POST', `/api/v1/admin/organizations/${id}/${action}`, { token: ops.token, body: { reason: 'x' } }),
            [400, 404],
          );
        }
      }
    });

    test('an unknown but well-formed UUID in operator paths → 404', async () => {
      const id = randomUUID();
      assertProblem(await t.request('GET', `/api/v1/admin/organizations/${id}`, { token: ops.token }), 404, 'not_found');
      assertProblem(await t.request('POST', `/api/v1/admin/organizations/${id}/suspend`, { token: ops.token, body: { reason: 'x' } }), 404, 'not_found');
      assertProblem(await t.request('POST', `/api/v1/admin/organizations/${id}/approve`, { token: ops.token }), 404, 'not_found');
    });

    test('odd organization references in tenant paths → 404 (or 400), never 500', async () => {
      const user = await t.signUp('Path Prober');
      for (const ref of ['not-a-uuid', 'UPPER', long(65), '%00', "x'%20or%201=1--", '00000000-0000-0000-0000-00000000000g', '..%2F..%2Fadmin']) {
        assertProblem(await t.request('GET', `/api/v1/orgs/${ref}`, { token: user.token }), [400, 404]);
        assertProblem(await t.request('GET', `/api/v1/orgs/${ref}/members`, { token: user.token }), [400, 404]);
        assertProblem(await t.request('PATCH', `/api/v1/orgs/${ref}`, { token: user.token, body: { name: 'Nope' } }), [400, 404]);
      }
    });

    test('an unknown route under /api/v1 → 404 problem+json', async () => {
      const user = await t.signUp('Route Prober');
      assertProblem(await t.request('GET', '/api/v1/nope', { token: user.token }), 404, 'not_found');
    });
  });

  describe('page sizes and list queries', () => {
    let orgId: string;
    let ownerToken: string;
    before(async () => {
      const { org, owner } = await t.activeOrganization(ops, 'Paging Org');
      orgId = org.id;
      ownerToken = owner.token;
    });

    const badLimits = ['0', '1000', '101', 'abc', '-1', '1.5', '', '1e3'];

    test('out-of-range or non-numeric limit on the member list → 400', async () => {
      for (const limit of badLimits) {
        const res = await t.request('GET', `/api/v1/orgs/${orgId}/members?limit=${limit}`, { token: ownerToken });
        assertProblem(res, 400, 'validation_failed');
        assert.ok(fieldPaths(res).includes('query.limit'), `limit=${limit}: ${JSON.stringify(res.json.errors)}`);
      }
      // Controls: the boundaries are accepted.
      for (const limit of ['1', '100']) {
        assert.equal((await t.request('GET', `/api/v1/orgs/${orgId}/members?limit=${limit}`, { token: ownerToken })).status, 200);
      }
    });

    test('out-of-range or non-numeric limit on the operator lists → 400', async () => {
      for (const path of ['/api/v1/admin/organizations', '/api/v1/admin/users']) {
        for (const limit of badLimits) {
          const res = await t.request('GET', `${path}?limit=${limit}`, { token: ops.token });
          assertProblem(res, 400, 'validation_failed');
        }
        assert.equal((await t.request('GET', `${path}?limit=100`, { token: ops.token })).status, 200);
      }
    });

    test('garbage cursors and unknown query parameters → 400, not 500', async () => {
      const lists = [`/api/v1/orgs/${orgId}/members`, '/api/v1/admin/organizations', '/api/v1/admin/users'];
      for (const path of lists) {
        const token = path.startsWith('/api/v1/admin') ? ops.token : ownerToken;
        for (const cursor of ['garbage', Buffer.from('[1]').toString('base64url'), long(600)]) {
          assertProblem(await t.request('GET', `${path}?cursor=${encodeURIComponent(cursor)}`, { token }), 400, 'validation_failed');
        }
        assertProblem(await t.request('GET', `${path}?bogus=1`, { token }), 400, 'validation_failed');
        assertProblem(await t.request('GET', `${path}?q=${long(1000)}`, { token }), 400, 'validation_failed');
      }
    });
  });

  describe('identity endpoints', () => {
    test('an oversized sign-up body → 413 problem+json and no user', async () => {
      const before = await state();
      const email = `${t.unique('huge')}@example.com`;
      const res = await t.request('POST', '/api/auth/sign-up/email', {
        body: { name: long(1024 * 1024 + 16), email, password: 'correct-horse-battery' },
      });
      assertProblem(res, 413, 'payload_too_large');
      assert.deepEqual(await state(), before);
    });

    test('malformed JSON to sign-in is refused without a 500 or a stack trace', async () => {
      const res = await t.request('POST', '/api/auth/sign-in/email', { raw: '{"email": ', headers: { 'content-type': 'application/json' } });
      assert.ok(res.status >= 400 && res.status < 500, `got ${res.status}: ${res.text}`);
      assertNoLeak(res.text);
    });
  });
});

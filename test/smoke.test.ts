import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestSystem, type TestSystem } from './harness.ts';

describe('smoke', () => {
  let t: TestSystem;
  before(async () => {
    t = await startTestSystem();
  });
  after(() => t.close());

  test('sign up, create an organization, it is pending, operator approves, owner sees it', async () => {
    const owner = await t.signUp('Ada');
    const created = await t.request('POST', '/api/v1/orgs', { token: owner.token, body: { name: 'Ada Farms' } });
    assert.equal(created.status, 201, created.text);
    assert.equal(created.json.status, 'PENDING');
    const pending = await t.request('GET', `/api/v1/orgs/${created.json.slug}`, { token: owner.token });
    assert.equal(pending.status, 403);
    assert.equal(pending.json.code, 'organization_pending');
    const ops = await t.operator();
    const approved = await t.request('POST', `/api/v1/admin/organizations/${created.json.id}/approve`, { token: ops.token });
    assert.equal(approved.status, 200, approved.text);
    const got = await t.request('GET', `/api/v1/orgs/${created.json.slug}`, { token: owner.token });
    assert.equal(got.status, 200, got.text);
    const members = await t.request('GET', `/api/v1/orgs/${created.json.id}/members`, { token: owner.token });
    assert.equal(members.status, 200, members.text);
    assert.equal(members.json.items.length, 1);
    assert.equal(members.json.items[0].role, 'OWNER');
  });
});

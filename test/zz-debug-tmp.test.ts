import { test } from 'node:test';
import { startTestSystem } from './harness.ts';
test('dbg', async () => {
  const t = await startTestSystem();
  const ops = await t.operator();
  const { org, owner } = await t.activeOrganization(ops, 'Dbg Org');
  await t.request('PATCH', `/api/v1/orgs/${org.id}`, { token: owner.token, body: { contactEmail: 'a@example.com', address: { line1: 'x', country: 'PT' }, currency: 'EUR' } });
  (t.system.app as any).onError((err: any, c: any) => { console.log('ERR', err, err.cause); return c.text('x', 500); });
  const r = await t.request('POST', `/api/v1/admin/organizations/${org.id}/modules/billing/enable`, { token: ops.token });
  console.log(r.status, r.text);
  await t.close();
});

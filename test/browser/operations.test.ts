// The console's operations screens in a real browser (Debian's chromium driven by playwright-core)
// against a real server on a fresh database: the organization's audit log (diff, filters, CSV export),
// webhooks (secret shown once, test event delivered to a real receiver, the delivery log, an endpoint
// switched off by failures), the events feed, and the operator's email outbox and platform audit.
// The worker is driven by hand (tick), so nothing waits on a timer. Skipped (with the reason) where
// there is no chromium or the console is not built.
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { addMember, startTestSystem, type TestSystem } from '../harness.ts';
import { startReceiver, verifiedBy, type Receiver } from '../support/webhook-receiver.ts';
import { createLogger } from '../../src/server/runtime.ts';
import { startWorker, type Worker } from '../../src/server/worker/worker.ts';

const CHROMIUM = '/usr/bin/chromium';
const consoleBuilt = existsSync(fileURLToPath(new URL('../../dist/console/index.html', import.meta.url)));
const skip = !existsSync(CHROMIUM)
  ? `browser tests skipped: ${CHROMIUM} is missing (apt-get install chromium)`
  : !consoleBuilt
    ? 'browser tests skipped: dist/console is not built (npm run build:console)'
    : false;

const SHOTS = fileURLToPath(new URL('../../test-output/screenshots/', import.meta.url));
const PASSWORD = 'correct-horse-battery'; // what the harness's signUp uses
const FORMULA = '=SUM(A1)';

type User = { token: string; id: string; email: string; name: string };
type Org = { id: string; slug: string; name: string };

describe('the operations screens in a browser', { skip }, () => {
  let t: TestSystem;
  let browser: Browser;
  let ops: { id: string; email: string; token: string };
  let org: Org;
  let owner: User;
  let ownerPage: Page;
  let opsPage: Page;
  let worker: Worker;
  const receivers: Receiver[] = [];
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];

  async function shot(page: Page, name: string) {
    await page.evaluate(() => window.scrollTo(0, 0));
    // Let opening dialogs and expanding rows finish (spinners, which never end, are ignored).
    await page.waitForFunction(() =>
      document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Infinity),
    );
    await page.screenshot({ path: `${SHOTS}${name}.png`, fullPage: true });
  }
  const heading = (page: Page, name: string | RegExp) => page.getByRole('heading', { name }).first().waitFor();

  async function newPage(): Promise<Page> {
    const ctx = await browser.newContext({ viewport: { width: 1360, height: 900 }, baseURL: t.base });
    ctx.on('weberror', (e) => pageErrors.push(e.error().message));
    contexts.push(ctx);
    return ctx.newPage();
  }

  async function signIn(page: Page, email: string, password: string) {
    await page.goto('/sign-in');
    await page.getByLabel('Email').fill(email);
    await page.getByRole('textbox', { name: 'Password' }).fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
  }

  async function receiver(respond?: Parameters<typeof startReceiver>[0]) {
    const r = await startReceiver(respond);
    receivers.push(r);
    return r;
  }

  /** Security events are written off the request path: wait (bounded) until the row is there. */
  async function securityEventCount(): Promise<number> {
    return (await t.db.query('select id from security_events')).length;
  }

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    t = await startTestSystem();
    worker = startWorker(t.config, t.db, t.system.box, createLogger(t.config), { autoStart: false });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    ops = await t.operator();
    ({ org, owner } = await t.activeOrganization(ops, 'Ops Org'));
    // A team whose name is a spreadsheet formula, created by a client whose user agent is one too: the
    // export must neutralize both (the name sits inside the JSON `changes` cell, the agent is a cell of its own).
    const team = await t.request('POST', `/api/v1/orgs/${org.id}/teams`, { token: owner.token, body: { name: FORMULA }, headers: { 'user-agent': FORMULA } });
    assert.equal(team.status, 201, team.text);
    ownerPage = await newPage();
    await signIn(ownerPage, owner.email, PASSWORD);
    opsPage = await newPage();
    await signIn(opsPage, ops.email, 'operator-password-1');
  });

  afterEach(() => assert.deepEqual(pageErrors.splice(0), [], 'no uncaught errors in the pages'));

  after(async () => {
    await worker?.stop();
    for (const r of receivers) await r.close();
    await browser?.close();
    await t?.close();
  });

  test('an owner changes a setting and finds it in the audit log with its diff, then filters by action', async () => {
    await ownerPage.goto(`/o/${org.slug}/settings`);
    await ownerPage.getByLabel('Name').fill('Ops Org Renamed');
    await ownerPage.getByRole('button', { name: 'Save settings' }).click();
    await ownerPage.getByText('Settings saved').first().waitFor();

    await ownerPage.getByRole('link', { name: 'Audit log' }).click();
    await heading(ownerPage, 'Audit log');
    const settingsRow = ownerPage.getByRole('button', { name: 'Details of organization.settings_updated', exact: true });
    const teamRow = ownerPage.getByRole('button', { name: 'Details of team.created', exact: true });
    await settingsRow.waitFor();
    await teamRow.waitFor();

    await settingsRow.click();
    const details = ownerPage.getByRole('region', { name: 'Audit entry details' });
    const nameChange = details.getByRole('table', { name: 'Changes' }).getByRole('row').filter({ hasText: /^name/ });
    await nameChange.waitFor();
    const cells = await nameChange.getByRole('cell').allTextContents();
    assert.deepEqual(cells, ['name', 'Ops Org', 'Ops Org Renamed'], 'field, before, after');
    const [entry] = await t.db.query<{ request_id: string; ip: string | null; user_agent: string | null }>(
      "select request_id, ip, user_agent from audit_logs where organization_id = $1 and action = 'organization.settings_updated'",
      [org.id],
    );
    assert.ok(entry?.request_id, 'the entry has a request id');
    await details.getByText(entry.request_id, { exact: true }).waitFor();
    assert.match(entry.user_agent ?? '', /Chrome/, 'recorded from the browser');
    await details.getByText(entry.user_agent!, { exact: true }).waitFor();
    await shot(ownerPage, 'ops-01-audit-log-diff');

    // An exact action leaves only that action…
    await ownerPage.getByRole('combobox', { name: 'Action', exact: true }).fill('organization.settings_updated');
    await ownerPage.keyboard.press('Escape');
    await teamRow.waitFor({ state: 'detached' });
    assert.equal(await settingsRow.count(), 1);
    // …and a prefix ending in '.' every action under it.
    await ownerPage.getByRole('combobox', { name: 'Action', exact: true }).fill('team.');
    await ownerPage.keyboard.press('Escape');
    await settingsRow.waitFor({ state: 'detached' });
    await teamRow.waitFor();
    const shown = await ownerPage.locator('button[aria-label^="Details of "]').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
    assert.deepEqual(shown, ['Details of team.created']);
  });

  test('the CSV export downloads the filtered log with formula cells neutralized', async () => {
    // Still filtered on 'team.' from the previous test: the export follows the same filters.
    const [download] = await Promise.all([ownerPage.waitForEvent('download'), ownerPage.getByRole('link', { name: 'Export CSV' }).click()]);
    assert.equal(download.suggestedFilename(), `audit-${org.slug}.csv`);
    const csv = readFileSync((await download.path())!, 'utf8');
    const lines = csv.split('\r\n').filter(Boolean);
    assert.equal(lines[0], 'createdAt,actorType,actorId,actorEmail,action,targetType,targetId,changes,ip,userAgent,requestId,id');
    assert.equal(lines.length, 2, 'the header and the one team entry: the filter applied to the export');
    const row = lines[1]!;
    assert.ok(row.includes(',team.created,team,'), row);
    assert.ok(row.includes(`,'${FORMULA},`), 'the user-agent cell is prefixed with an apostrophe');
    assert.ok(row.includes(`"{""after"":{""name"":""${FORMULA}""}}"`), 'the team name is inside the quoted JSON cell');
    assert.doesNotMatch(csv, /(^|,)[=+@]/m, 'no cell starts with a formula character');
  });

  test('what each role sees: a MEMBER none of the operations screens, an auditor the log without export, the owner everything', async () => {
    const member = await t.signUp('Mia Member');
    await addMember(t.db, org.id, member.id, 'MEMBER');
    const role = await t.request('POST', `/api/v1/orgs/${org.id}/roles`, { token: owner.token, body: { key: 'auditor', name: 'Auditor', permissions: ['audit:read'] } });
    assert.equal(role.status, 201, role.text);
    const auditor = await t.signUp('Ada Auditor');
    await addMember(t.db, org.id, auditor.id, 'auditor');

    const memberPage = await newPage();
    await signIn(memberPage, member.email, PASSWORD);
    await memberPage.goto(`/o/${org.slug}`);
    await memberPage.getByRole('link', { name: 'Members' }).waitFor();
    for (const screen of ['Audit log', 'Webhooks', 'Events']) {
      assert.equal(await memberPage.getByRole('link', { name: screen }).count(), 0, `no ${screen} in a MEMBER's navbar`);
    }
    for (const path of ['audit', 'webhooks', 'events']) {
      await memberPage.goto(`/o/${org.slug}/${path}`);
      await heading(memberPage, 'Not available to you');
    }

    const auditorPage = await newPage();
    await signIn(auditorPage, auditor.email, PASSWORD);
    await auditorPage.goto(`/o/${org.slug}`);
    await auditorPage.getByRole('link', { name: 'Audit log' }).click();
    await auditorPage.getByRole('button', { name: 'Details of team.created', exact: true }).waitFor();
    assert.equal(await auditorPage.getByRole('link', { name: 'Export CSV' }).count(), 0, 'audit:read without audit:export: no export');
    assert.equal(await auditorPage.getByRole('link', { name: 'Webhooks' }).count(), 0);

    // Positive control: the owner has the export and every screen.
    await ownerPage.goto(`/o/${org.slug}/audit`);
    await ownerPage.getByRole('link', { name: 'Export CSV' }).waitFor();
    await ownerPage.getByRole('link', { name: 'Export NDJSON' }).waitFor();
    for (const screen of ['Audit log', 'Webhooks', 'Events']) assert.equal(await ownerPage.getByRole('link', { name: screen }).count(), 1);
    await memberPage.context().close();
    await auditorPage.context().close();
  });

  test('an owner creates a webhook endpoint, sees its secret once, sends a test event, and the delivery log shows it succeeded', async () => {
    await worker.tick(); // earlier events are dispatched now, before the endpoint exists
    const hook = await receiver();
    await ownerPage.goto(`/o/${org.slug}`);
    await ownerPage.getByRole('link', { name: 'Webhooks' }).click();
    await heading(ownerPage, 'Webhooks');
    await ownerPage.getByRole('button', { name: 'Add endpoint' }).click();
    const form = ownerPage.getByRole('dialog', { name: 'New webhook endpoint' });
    await form.getByLabel('URL').fill(hook.url);
    await form.getByLabel('Description').fill('Local test receiver');
    await form.getByRole('button', { name: 'Create endpoint' }).click();

    const dialog = ownerPage.getByRole('dialog', { name: 'Endpoint created: its signing secret' });
    await dialog.waitFor();
    await dialog.getByText('It is shown only this once').waitFor();
    const secret = ((await dialog.getByLabel('Signing secret').textContent()) ?? '').trim();
    assert.match(secret, /^whsec_[A-Za-z0-9+/]+={0,2}$/);
    await shot(ownerPage, 'ops-02-webhook-secret-once');
    await dialog.getByRole('button', { name: 'I have stored the secret' }).click();
    await dialog.waitFor({ state: 'detached' });
    assert.equal((await ownerPage.content()).includes(secret), false, 'the secret is gone from the page');
    await ownerPage.reload();
    await ownerPage.getByRole('link', { name: hook.url }).waitFor();
    assert.equal((await ownerPage.content()).includes(secret), false, 'and is not shown again');
    await shot(ownerPage, 'ops-03-webhooks-list');

    await ownerPage.getByRole('link', { name: hook.url }).click();
    await heading(ownerPage, hook.url);
    await ownerPage.getByRole('heading', { name: 'Delivery log' }).waitFor();
    await ownerPage.getByText('Nothing sent to this endpoint yet').waitFor();
    await ownerPage.getByRole('button', { name: 'Send test event' }).click();
    await ownerPage.getByRole('cell', { name: /webhook\.test/ }).waitFor();
    await ownerPage.getByText('pending', { exact: true }).waitFor();
    assert.equal(hook.received.length, 0, 'nothing is sent before the worker runs');

    await worker.tick();
    // The log polls while a delivery is pending: it turns to succeeded without a reload.
    await ownerPage.getByText('succeeded', { exact: true }).waitFor();
    await ownerPage.getByRole('cell', { name: '200', exact: true }).waitFor();
    await ownerPage.getByText(/^Delivered /).waitFor();
    assert.equal(hook.received.length, 1);
    const msg = hook.received[0]!;
    assert.equal(msg.json.type, 'webhook.test');
    assert.equal(msg.json.data.organizationId, org.id);
    assert.ok(verifiedBy(secret, msg), 'signed with the secret the dialog showed');
    await shot(ownerPage, 'ops-04-webhook-delivery-log');

    // Rotation shows the new secret once and says the old one keeps working for a day.
    await ownerPage.getByRole('button', { name: `Actions for ${hook.url}` }).click();
    await ownerPage.getByRole('menuitem', { name: 'Rotate secret' }).click();
    await ownerPage.getByRole('dialog', { name: 'Rotate the signing secret?' }).getByRole('button', { name: 'Rotate secret' }).click();
    const rotated = ownerPage.getByRole('dialog', { name: 'New signing secret' });
    await rotated.getByText(/previous secret stays valid for 24 hours/).waitFor();
    const second = ((await rotated.getByLabel('Signing secret').textContent()) ?? '').trim();
    assert.match(second, /^whsec_/);
    assert.notEqual(second, secret);
    await rotated.getByRole('button', { name: 'I have stored the secret' }).click();
    await rotated.waitFor({ state: 'detached' });
  });

  test('an endpoint switched off after failures shows why, and enabling it again clears that', async () => {
    const failing = await receiver(() => 500);
    const created = await t.request('POST', `/api/v1/orgs/${org.id}/webhooks`, { token: owner.token, body: { url: failing.url, description: 'Always 500' } });
    assert.equal(created.status, 201, created.text);
    const test = await t.request('POST', `/api/v1/orgs/${org.id}/webhooks/${created.json.id}/test`, { token: owner.token });
    assert.equal(test.status, 202, test.text);
    const strict = startWorker({ ...t.config, webhooks: { ...t.config.webhooks, maxAttempts: 1, disableAfterFailures: 1 } }, t.db, t.system.box, createLogger(t.config), { autoStart: false });
    await strict.tick();
    await strict.stop();
    assert.equal(failing.received.length, 1);

    await ownerPage.goto(`/o/${org.slug}/webhooks`);
    await ownerPage.getByText('Disabled after 1 consecutive failed deliveries').first().waitFor();
    await ownerPage.getByText('disabled by failures', { exact: true }).waitFor();
    await ownerPage.getByText(/1 endpoint was switched off after repeated failures/).waitFor();
    await ownerPage.getByRole('link', { name: failing.url }).click();
    const alert = ownerPage.getByRole('alert').filter({ hasText: 'Switched off by Tenantry' });
    await alert.waitFor();
    await ownerPage.getByText('failed', { exact: true }).waitFor();
    await ownerPage.getByRole('cell', { name: '500', exact: true }).waitFor();
    await ownerPage.getByText('HTTP 500').first().waitFor();
    await shot(ownerPage, 'ops-05-webhook-disabled-by-failures');

    await alert.getByRole('button', { name: 'Enable again' }).click();
    await alert.waitFor({ state: 'detached' });
    await ownerPage.getByText('enabled', { exact: true }).first().waitFor();
    const [row] = await t.db.query<{ enabled: boolean; disabled_reason: string | null; consecutive_failures: number }>(
      'select enabled, disabled_reason, consecutive_failures from webhook_endpoints where id = $1',
      [created.json.id],
    );
    assert.deepEqual({ ...row }, { enabled: true, disabled_reason: null, consecutive_failures: 0 });

    // Deleting asks first, then the endpoint and its log are gone.
    await ownerPage.getByRole('button', { name: `Actions for ${failing.url}` }).click();
    await ownerPage.getByRole('menuitem', { name: 'Delete' }).click();
    await ownerPage.getByRole('dialog', { name: 'Delete this endpoint?' }).getByRole('button', { name: 'Delete endpoint' }).click();
    await heading(ownerPage, 'Webhooks');
    await ownerPage.getByRole('link', { name: failing.url }).waitFor({ state: 'detached' });
    assert.equal((await t.db.query('select id from webhook_endpoints where id = $1', [created.json.id])).length, 0);
  });

  test('the events feed shows the newest first, TEAM_CREATED among them, filters by type and opens the payload', async () => {
    await ownerPage.goto(`/o/${org.slug}`);
    await ownerPage.getByRole('link', { name: 'Events' }).click();
    await heading(ownerPage, 'Events');
    await ownerPage.getByRole('button', { name: 'Payload of TEAM_CREATED', exact: true }).waitFor();
    const newest = (await t.db.query<{ type: string }>('select type from domain_events where organization_id = $1 order by id desc limit 25', [org.id])).map((r) => r.type);
    const shown = await ownerPage.locator('button[aria-label^="Payload of "]').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')!.slice('Payload of '.length)));
    assert.deepEqual(shown, newest, 'newest first, like the database');
    assert.ok(newest.includes('TENANT_CREATED') && newest.length > 2);

    await ownerPage.getByRole('combobox', { name: 'Event type' }).click();
    await ownerPage.getByRole('option', { name: 'TEAM_CREATED' }).click();
    await ownerPage.getByRole('button', { name: 'Payload of TENANT_CREATED', exact: true }).waitFor({ state: 'detached' });
    await ownerPage.getByRole('button', { name: 'Payload of TEAM_CREATED', exact: true }).click();
    const payload = ownerPage.getByLabel('Payload of TEAM_CREATED', { exact: true }).and(ownerPage.locator('pre'));
    await payload.waitFor();
    const [team] = await t.db.query<{ id: string }>('select id from teams where organization_id = $1', [org.id]);
    assert.deepEqual(JSON.parse((await payload.textContent()) ?? ''), { teamId: team!.id, name: FORMULA });
    await shot(ownerPage, 'ops-06-events-feed');
  });

  test('an operator finds the verification email of a user who just signed up in the outbox, link and all', async () => {
    const email = `new-user-${Date.now().toString(36)}@example.com`;
    const visitor = await newPage();
    await visitor.goto('/sign-up');
    await visitor.getByLabel('Name').fill('Nora Newcomer');
    await visitor.getByLabel('Email').fill(email);
    await visitor.getByRole('textbox', { name: 'Password' }).fill(PASSWORD);
    await visitor.getByRole('button', { name: 'Create account' }).click();
    await heading(visitor, 'Your organizations');

    await opsPage.goto('/admin');
    await opsPage.getByRole('link', { name: 'Email outbox' }).click();
    await heading(opsPage, 'Email outbox');
    await opsPage.getByLabel('Recipient').fill(email);
    const open = opsPage.getByRole('button', { name: `Open message Verify your email for Tenantry to ${email}` });
    await open.click();
    const drawer = opsPage.getByRole('dialog', { name: 'Verify your email for Tenantry' });
    await drawer.waitFor();
    const iframe = drawer.locator('iframe');
    assert.equal(await iframe.getAttribute('sandbox'), '', 'the HTML is sandboxed with no permissions');
    const link = opsPage.frameLocator('iframe[title="Email: Verify your email for Tenantry"]').getByRole('link', { name: 'Verify email' });
    const href = (await link.getAttribute('href')) ?? '';
    const [row] = await t.db.query<{ payload: { url: string } | string }>("select payload from notifications where kind = 'email_verification' and to_email = $1", [email]);
    const payload = typeof row?.payload === 'string' ? JSON.parse(row.payload) : row?.payload;
    assert.equal(href, payload.url, 'the rendered button carries the verification link');
    assert.ok(href.startsWith(`${t.base}/api/auth/verify-email?token=`), href);
    await shot(opsPage, 'ops-07-outbox-message');
    await drawer.getByRole('tab', { name: 'Plain text' }).click();
    assert.ok(((await drawer.getByLabel('Plain text body').textContent()) ?? '').includes(href));

    // The link works: the newcomer opens it and their address is verified.
    await visitor.goto(href);
    const [user] = await t.db.query<{ email_verified: boolean }>('select email_verified from users where email = $1', [email]);
    assert.equal(user?.email_verified, true);

    // Negative control: a non-operator gets no outbox.
    await ownerPage.goto('/admin/outbox');
    await heading(ownerPage, 'Not available to you');
    assert.equal(await ownerPage.getByRole('button', { name: /^Open message/ }).count(), 0);
    await visitor.context().close();
  });

  test('an operator sees an approval in the platform audit log, linked to its organization, and the refused requests', async () => {
    const pending = await t.request('POST', '/api/v1/orgs', { token: owner.token, body: { name: 'Approval Org' } });
    assert.equal(pending.status, 201, pending.text);
    const approved = await t.request('POST', `/api/v1/admin/organizations/${pending.json.id}/approve`, { token: ops.token });
    assert.equal(approved.status, 200, approved.text);
    // A refused request, for the security events tab.
    const before = await securityEventCount();
    const stranger = await t.signUp('Sam Stranger');
    const refused = await t.request('GET', `/api/v1/admin/notifications`, { token: stranger.token });
    assert.equal(refused.status, 403, refused.text);
    for (let i = 0; i < 100 && (await securityEventCount()) === before; i++) await new Promise((r) => setTimeout(r, 20));

    await opsPage.goto('/admin');
    await opsPage.getByRole('link', { name: 'Platform audit' }).click();
    await heading(opsPage, 'Platform audit');
    await opsPage.getByRole('combobox', { name: 'Organization' }).fill('Approval');
    await opsPage.getByRole('option', { name: /Approval Org/ }).click();
    const approval = opsPage.getByRole('button', { name: 'Details of organization.approve', exact: true });
    await approval.nth(1).waitFor({ state: 'detached' });
    await approval.waitFor();
    // Only this organization's entries: the first organization's approval is filtered out.
    assert.equal(await approval.count(), 1);
    const orgLink = opsPage.getByRole('link', { name: 'Approval Org', exact: true });
    assert.equal(await orgLink.getAttribute('href'), `/admin/organizations/${pending.json.id}`);
    await opsPage.getByRole('cell', { name: ops.email }).first().waitFor();
    await approval.click();
    const status = opsPage.getByRole('table', { name: 'Changes' }).getByRole('row').filter({ hasText: /^status/ });
    assert.deepEqual(await status.getByRole('cell').allTextContents(), ['status', 'PENDING', 'ACTIVE']);
    await shot(opsPage, 'ops-08-platform-audit');

    const [refusal] = await t.db.query<{ kind: string; method: string; route: string; user_id: string }>(
      'select kind, method, route, user_id from security_events order by id desc limit 1',
    );
    assert.equal(refusal?.kind, 'operator_required');
    assert.equal(refusal.user_id, stranger.id);
    await opsPage.getByRole('tab', { name: 'Security events' }).click();
    const refusalRow = opsPage.getByRole('row').filter({ hasText: stranger.id });
    await refusalRow.getByText('operator_required', { exact: true }).waitFor();
    await refusalRow.getByText(`${refusal.method} ${refusal.route}`, { exact: true }).waitFor();
    await shot(opsPage, 'ops-09-security-events');

    await opsPage.getByRole('tab', { name: 'Operator actions' }).click();
    await opsPage.getByRole('link', { name: 'Approval Org', exact: true }).click();
    await heading(opsPage, 'Approval Org');
  });
});

// The console in a real browser (Debian's chromium driven by playwright-core) against a real server on a
// fresh database. One story, in order: an owner signs up and waits for approval, an operator approves
// and creates another organization with the wizard, the owner invites a member, roles decide what the
// member sees, two tabs work in two organizations, and suspension locks everyone out with the reason.
// Skipped (with the reason) where there is no chromium or the console is not built.
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startTestSystem, type TestSystem } from '../harness.ts';

const CHROMIUM = '/usr/bin/chromium';
const consoleBuilt = existsSync(fileURLToPath(new URL('../../dist/console/index.html', import.meta.url)));
const skip = !existsSync(CHROMIUM)
  ? `browser tests skipped: ${CHROMIUM} is missing (apt-get install chromium)`
  : !consoleBuilt
    ? 'browser tests skipped: dist/console is not built (npm run build:console)'
    : false;

const SHOTS = fileURLToPath(new URL('../../test-output/screenshots/', import.meta.url));
const PASSWORD = 'correct-horse-battery';

describe('the console in a browser', { skip }, () => {
  let t: TestSystem;
  let browser: Browser;
  let ops: { id: string; email: string; token: string };
  const owner = { email: 'owner@example.com', name: 'Olivia Owner' };
  const member = { email: 'member@example.com', name: 'Max Member' };
  let ownerCtx: BrowserContext;
  let ownerPage: Page;
  let memberPage: Page;

  const pageErrors: string[] = [];

  async function shot(page: Page, name: string) {
    // Full-page shots of a scrolled page draw the fixed header mid-page: start from the top.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: `${SHOTS}${name}.png`, fullPage: true });
  }
  const visible = (page: Page, text: string | RegExp) => page.getByText(text).first().waitFor();
  const heading = (page: Page, name: string | RegExp) => page.getByRole('heading', { name }).first().waitFor();
  const password = (page: Page) => page.getByRole('textbox', { name: 'Password' });

  async function newPage(viewport = { width: 1280, height: 860 }): Promise<{ ctx: BrowserContext; page: Page }> {
    const ctx = await browser.newContext({ viewport, baseURL: t.base });
    ctx.on('weberror', (e) => pageErrors.push(e.error().message)); // every page of the context, later tabs too
    const page = await ctx.newPage();
    return { ctx, page };
  }

  async function signIn(page: Page, email: string, pass: string) {
    await page.goto('/sign-in');
    await page.getByLabel('Email').fill(email);
    await password(page).fill(pass);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
  }

  async function orgIdOf(slug: string): Promise<string> {
    const [row] = await t.db.query<{ id: string }>('select id from organizations where slug = $1', [slug]);
    assert.ok(row, `organization ${slug} exists`);
    return row.id;
  }

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    t = await startTestSystem();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    ops = await t.operator();
    ({ ctx: ownerCtx, page: ownerPage } = await newPage());
  });

  afterEach(() => assert.deepEqual(pageErrors.splice(0), [], 'no uncaught errors in the pages'));

  after(async () => {
    await browser?.close();
    await t?.close();
  });

  test('a visitor signs up, creates an organization and is told it awaits approval', async () => {
    await ownerPage.goto('/');
    await heading(ownerPage, 'Sign in');
    await shot(ownerPage, '01-sign-in');
    await ownerPage.getByRole('link', { name: 'Create an account' }).click();
    await ownerPage.getByLabel('Name').fill(owner.name);
    await ownerPage.getByLabel('Email').fill(owner.email);
    await password(ownerPage).fill(PASSWORD);
    await ownerPage.getByRole('button', { name: 'Create account' }).click();
    await heading(ownerPage, 'Your organizations');
    await visible(ownerPage, 'You are not in any organization yet');

    await ownerPage.getByRole('link', { name: 'Create organization' }).first().click();
    await ownerPage.getByLabel('Name').fill('Alpha Farms');
    await ownerPage.getByLabel('Slug').fill('alpha-farms');
    await ownerPage.getByRole('button', { name: 'Create organization' }).click();
    await ownerPage.waitForURL('**/o/alpha-farms');
    await heading(ownerPage, 'Waiting for approval');
    await shot(ownerPage, '02-pending-organization');
    // Nothing of the organization is navigable while it is pending.
    assert.equal(await ownerPage.getByRole('link', { name: 'Members' }).count(), 0);
  });

  test('an operator approves the pending organization from the directory, and the owner gets in', async () => {
    const { page } = await newPage();
    await signIn(page, ops.email, 'operator-password-1');
    await page.getByRole('link', { name: 'Operator console' }).click();
    await heading(page, 'Organizations');
    await page.getByRole('combobox', { name: 'Status' }).click();
    await page.getByRole('option', { name: 'pending' }).click();
    await page.getByRole('link', { name: 'Alpha Farms' }).waitFor();
    await shot(page, '03-operator-directory');
    await page.getByRole('link', { name: 'Alpha Farms' }).click();
    await heading(page, 'Alpha Farms');
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Approve' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.getByText('Lifecycle history').waitFor();
    await page.locator('.mantine-Badge-root', { hasText: 'active' }).first().waitFor();
    await shot(page, '04-operator-organization-detail');
    const [org] = await t.db.query<{ status: string }>('select status from organizations where slug = $1', ['alpha-farms']);
    assert.equal(org?.status, 'ACTIVE');

    await ownerPage.getByRole('button', { name: 'Check again' }).click();
    await heading(ownerPage, 'Overview');
    await ownerPage.getByRole('link', { name: 'Members' }).waitFor();
    await page.context().close();
  });

  test('the creation wizard sends a refused slug back to the details step, then creates the organization and its new owner', async () => {
    const { ctx, page } = await newPage();
    await signIn(page, ops.email, 'operator-password-1');
    await page.goto('/admin/organizations/new');
    await heading(page, 'New organization');
    await page.getByRole('radio', { name: 'A new user' }).click();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByLabel('Owner email').fill('bea@example.com');
    await page.getByLabel('Owner name').fill('Bea Builder');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByLabel('Organization name').fill('Beta Works');
    await page.getByLabel('Slug').fill('alpha-farms'); // taken: the dry run must refuse it
    await page.getByRole('button', { name: 'Next' }).click();
    await visible(page, 'This slug is taken');
    assert.equal(await page.getByLabel('Organization name').inputValue(), 'Beta Works', 'back on the details step, values kept');

    await page.getByLabel('Slug').fill('beta-works');
    await page.getByRole('button', { name: 'Next' }).click();
    await visible(page, 'Checked: the server accepts this');
    await shot(page, '05-wizard-review');
    assert.equal((await t.db.query('select 1 from organizations where slug = $1', ['beta-works'])).length, 0, 'the review wrote nothing');
    await page.getByRole('button', { name: 'Create organization' }).click();
    await visible(page, 'Beta Works was created');
    const rows = await t.db.query<{ status: string; role: string; email: string }>(
      `select o.status, m.role, u.email from organizations o join memberships m on m.organization_id = o.id join users u on u.id = m.user_id where o.slug = $1`,
      ['beta-works'],
    );
    assert.deepEqual([...rows], [{ status: 'ACTIVE', role: 'OWNER', email: 'bea@example.com' }]); // postgres.js returns an Array subclass
    await ctx.close();
  });

  test('the owner invites someone who signs up from the emailed link and accepts', async () => {
    await ownerPage.goto('/o/alpha-farms/invitations');
    await heading(ownerPage, 'Invitations');
    await ownerPage.getByRole('button', { name: 'Invite' }).click();
    const dialog = ownerPage.getByRole('dialog');
    await dialog.getByLabel('Email').fill(member.email);
    await dialog.getByRole('button', { name: 'Send invitation' }).click();
    await ownerPage.getByRole('cell', { name: member.email, exact: true }).waitFor();
    await shot(ownerPage, '06-invitations');

    const [mail] = await t.db.query<{ payload: { url: string } }>(
      `select payload from notifications where kind = 'invitation' and to_email = $1 order by created_at desc limit 1`,
      [member.email],
    );
    assert.ok(mail, 'the invitation email is in the outbox');
    const link = new URL(mail.payload.url);
    assert.equal(link.origin, t.base);
    assert.match(link.pathname, /^\/invitations\/[^/]+$/);

    ({ page: memberPage } = await newPage());
    await memberPage.goto(link.pathname);
    await heading(memberPage, 'Join Alpha Farms');
    await shot(memberPage, '07-accept-invitation-signed-out');
    await memberPage.getByRole('link', { name: 'Create account' }).click();
    assert.equal(await memberPage.getByLabel('Email').inputValue(), member.email, 'the invited address is filled in');
    await memberPage.getByLabel('Name').fill(member.name);
    await password(memberPage).fill(PASSWORD);
    await memberPage.getByRole('button', { name: 'Create account' }).click();
    await heading(memberPage, 'Join Alpha Farms');

    // Accepting needs a verified address; the test plays the part of the verification link.
    await t.db.query('update users set email_verified = true where email = $1', [member.email]);
    await memberPage.reload();
    await memberPage.getByRole('button', { name: 'Accept invitation' }).click();
    await memberPage.waitForURL('**/o/alpha-farms');
    await heading(memberPage, 'Overview');
    const [membership] = await t.db.query<{ role: string; status: string }>(
      `select m.role, m.status from memberships m join users u on u.id = m.user_id join organizations o on o.id = m.organization_id
        where u.email = $1 and o.slug = 'alpha-farms'`,
      [member.email],
    );
    assert.deepEqual(membership, { role: 'MEMBER', status: 'ACTIVE' });
  });

  test('a MEMBER sees the screens and buttons their role allows, and an owner sees the rest', async () => {
    await memberPage.goto('/o/alpha-farms/members');
    await memberPage.getByRole('cell', { name: new RegExp(owner.email) }).waitFor();
    await shot(memberPage, '08-members-as-member');
    assert.equal(await memberPage.getByRole('link', { name: 'Invitations' }).count(), 0, 'no invitations in the member navbar');
    assert.equal(await memberPage.getByRole('button', { name: /^Actions for/ }).count(), 0, 'no member actions');

    await memberPage.goto('/o/alpha-farms/invitations');
    await heading(memberPage, 'Not available to you');
    assert.equal(await memberPage.getByRole('button', { name: 'Invite' }).count(), 0);

    await memberPage.goto('/o/alpha-farms/settings');
    await visible(memberPage, 'your role does not let you change them');
    assert.equal(await memberPage.getByLabel('Name').isDisabled(), true, 'settings are read-only');
    assert.equal(await memberPage.getByRole('button', { name: 'Save settings' }).count(), 0);
    await shot(memberPage, '09-settings-read-only');

    // Positive control: the owner has all of it.
    await ownerPage.goto('/o/alpha-farms/members');
    await ownerPage.getByRole('button', { name: `Actions for ${member.name}` }).waitFor();
    await shot(ownerPage, '10-members-as-owner');
    assert.equal(await ownerPage.getByRole('link', { name: 'Invitations' }).count(), 1);
    await ownerPage.goto('/o/alpha-farms/settings');
    assert.equal(await ownerPage.getByLabel('Name').isDisabled(), false);
    await ownerPage.getByLabel('Primary color').fill('#0f766e');
    await ownerPage.getByRole('button', { name: 'Save settings' }).click();
    await visible(ownerPage, 'Settings saved');
    await shot(ownerPage, '11-settings-branded');
    const [saved] = await t.db.query<{ theme: { primaryColor?: string } }>('select theme from organizations where slug = $1', ['alpha-farms']);
    assert.equal(saved?.theme.primaryColor, '#0f766e');
  });

  test('the owner edits a custom role in the permission matrix', async () => {
    await ownerPage.goto('/o/alpha-farms/roles');
    await heading(ownerPage, 'Roles');
    await ownerPage.getByRole('button', { name: 'New role' }).click();
    const dialog = ownerPage.getByRole('dialog');
    await dialog.getByLabel('Key').fill('auditor');
    await dialog.getByLabel('Name').fill('Auditor');
    await dialog.getByRole('checkbox', { name: 'members:read' }).check();
    await dialog.getByRole('checkbox', { name: 'teams:read' }).check();
    await shot(ownerPage, '12-role-permission-matrix');
    await dialog.getByRole('button', { name: 'Save role' }).click();
    await ownerPage.getByRole('button', { name: 'Edit role Auditor' }).waitFor();
    const [role] = await t.db.query<{ permissions: string[] }>(
      `select r.permissions from roles r join organizations o on o.id = r.organization_id where o.slug = 'alpha-farms' and r.key = 'auditor'`,
    );
    assert.deepEqual([...(role?.permissions ?? [])].sort(), ['members:read', 'teams:read']);
  });

  test('switching organization in one tab leaves the other tab on the first, each showing its own members', async () => {
    await ownerPage.goto('/orgs/new');
    await ownerPage.getByLabel('Name').fill('Gamma Labs');
    await ownerPage.getByLabel('Slug').fill('gamma-labs');
    await ownerPage.getByRole('button', { name: 'Create organization' }).click();
    await heading(ownerPage, 'Waiting for approval');
    const approved = await t.request('POST', `/api/v1/admin/organizations/${await orgIdOf('gamma-labs')}/approve`, { token: ops.token });
    assert.equal(approved.status, 200, approved.text);

    const tabA = ownerPage;
    const tabB = await ownerCtx.newPage();
    await tabA.goto('/o/alpha-farms/members');
    await tabB.goto('/o/alpha-farms/members');
    await tabA.getByRole('cell', { name: new RegExp(member.email) }).waitFor();
    await tabB.getByRole('cell', { name: new RegExp(member.email) }).waitFor();

    // From the first render where the header names Gamma, nothing of Alpha may be on screen: record any
    // committed DOM state that breaks this while the switch happens.
    await tabA.evaluate((email) => {
      const w = window as unknown as { leaked: boolean };
      w.leaked = false;
      new MutationObserver(() => {
        const header = document.querySelector('[aria-label="Switch organization"]')?.textContent ?? '';
        if (header.includes('Gamma Labs') && document.querySelector('main')?.textContent?.includes(email)) w.leaked = true;
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    }, member.email);
    await tabA.getByRole('button', { name: 'Switch organization' }).click();
    await tabA.getByRole('menuitem', { name: /Gamma Labs/ }).click();
    await tabA.waitForURL('**/o/gamma-labs/members');
    await tabA.getByRole('cell', { name: new RegExp(member.email) }).waitFor({ state: 'detached' });
    await tabA.getByRole('cell', { name: new RegExp(owner.email) }).waitFor();
    assert.match((await tabA.getByRole('button', { name: 'Switch organization' }).textContent()) ?? '', /Gamma Labs$/);
    assert.equal(await tabA.evaluate(() => (window as unknown as { leaked: boolean }).leaked), false, 'Alpha\u2019s member never showed under Gamma');
    await shot(tabA, '13-switched-organization');

    await tabB.reload();
    await tabB.getByRole('cell', { name: new RegExp(member.email) }).waitFor();
    assert.match(tabB.url(), /\/o\/alpha-farms\/members$/);
    await tabB.close();
  });

  test('deleting an organization asks for its slug to be typed', async () => {
    const { ctx, page } = await newPage();
    await signIn(page, ops.email, 'operator-password-1');
    await page.goto(`/admin/organizations/${await orgIdOf('beta-works')}`);
    await heading(page, 'Beta Works');
    await page.getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog');
    const confirm = dialog.getByRole('button', { name: 'Delete' });
    assert.equal(await confirm.isDisabled(), true);
    await dialog.getByLabel('Organization slug').fill('beta-work');
    assert.equal(await confirm.isDisabled(), true, 'a near miss does not unlock it');
    await dialog.getByLabel('Organization slug').fill('beta-works');
    await shot(page, '14-delete-confirmation');
    await confirm.click();
    await page.getByRole('button', { name: 'Restore' }).waitFor();
    const [row] = await t.db.query<{ deleted: boolean }>('select deleted_at is not null as deleted from organizations where slug = $1', ['beta-works']);
    assert.equal(row?.deleted, true);
    await ctx.close();
  });

  test('when an operator suspends the organization, its members see the suspension screen with the reason', async () => {
    await memberPage.goto('/o/alpha-farms');
    await heading(memberPage, 'Overview');

    const { ctx, page } = await newPage();
    await signIn(page, ops.email, 'operator-password-1');
    await page.goto(`/admin/organizations/${await orgIdOf('alpha-farms')}`);
    await page.getByRole('button', { name: 'Suspend' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Reason').fill('Unpaid invoices since March');
    await dialog.getByRole('button', { name: 'Suspend' }).click();
    await page.getByRole('button', { name: 'Reactivate' }).waitFor();
    await ctx.close();

    await memberPage.reload();
    await heading(memberPage, 'This organization is suspended');
    await visible(memberPage, 'Reason: Unpaid invoices since March');
    await shot(memberPage, '15-suspended-organization');
    assert.equal(await memberPage.getByRole('link', { name: 'Members' }).count(), 0);
  });

  test('on a phone the navigation hides behind a burger, and dark mode can be switched on', async () => {
    const { ctx, page } = await newPage({ width: 390, height: 844 });
    await signIn(page, owner.email, PASSWORD);
    await page.goto('/o/gamma-labs/members');
    await page.getByRole('cell', { name: new RegExp(owner.email) }).waitFor();
    const navbar = await page.locator('.mantine-AppShell-navbar').boundingBox();
    assert.ok(navbar && navbar.x + navbar.width <= 0, 'the navbar starts off-screen');
    await page.getByRole('button', { name: 'Open navigation' }).click();
    await page.getByRole('link', { name: 'Teams' }).click(); // waits until it has slid into view
    await heading(page, 'Teams');
    await page.getByRole('button', { name: 'Switch to dark mode' }).click();
    assert.equal(await page.locator('html').getAttribute('data-mantine-color-scheme'), 'dark');
    await shot(page, '16-phone-dark-navigation');
    await ctx.close();
  });
});

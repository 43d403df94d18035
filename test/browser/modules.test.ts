// The module screens of the console in a real browser (Debian's chromium driven by playwright-core)
// against a real server on a fresh database: the modules page (requirements explained and fixed in
// settings), billing end to end (customer, invoice, lines with the API's totals, issue), a purchase
// order between two cooperative organizations in two browser contexts, and what a MEMBER sees.
// Skipped (with the reason) where there is no chromium or the console is not built.
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { addMember, startTestSystem, type TestSystem } from '../harness.ts';

const CHROMIUM = '/usr/bin/chromium';
const consoleBuilt = existsSync(fileURLToPath(new URL('../../dist/console/index.html', import.meta.url)));
const skip = !existsSync(CHROMIUM)
  ? `browser tests skipped: ${CHROMIUM} is missing (apt-get install chromium)`
  : !consoleBuilt
    ? 'browser tests skipped: dist/console is not built (npm run build:console)'
    : false;

const SHOTS = fileURLToPath(new URL('../../test-output/screenshots/', import.meta.url));
const PASSWORD = 'correct-horse-battery'; // the harness's sign-up password
const BILLING_SETTINGS = { contactEmail: 'billing@example.com', address: { line1: '1 Main Street', city: 'Lisbon', country: 'PT' }, currency: 'EUR' };

type User = { token: string; id: string; email: string; name: string };
type Org = { id: string; slug: string; name: string };

describe('module screens in a browser', { skip }, () => {
  let t: TestSystem;
  let browser: Browser;
  let ops: { id: string; email: string; token: string };
  const pageErrors: string[] = [];
  const contexts: BrowserContext[] = [];

  async function shot(page: Page, name: string) {
    // Full-page shots of a scrolled page draw the fixed header mid-page: start from the top.
    await page.evaluate(() => window.scrollTo(0, 0));
    // Toasts of earlier steps would cover the header's buttons: leave them out of the picture.
    const hide = await page.addStyleTag({ content: '.mantine-Notifications-root { display: none !important; }' });
    await page.screenshot({ path: `${SHOTS}${name}.png`, fullPage: true });
    await hide.evaluate((el) => (el as unknown as { remove(): void }).remove());
  }
  const heading = (page: Page, name: string | RegExp) => page.getByRole('heading', { name }).first().waitFor();
  const visible = (page: Page, text: string | RegExp) => page.getByText(text).first().waitFor();
  const navLink = (page: Page, name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });

  async function signedIn(user: User): Promise<Page> {
    // A verified address: the screenshots show the screens, not the "verify your email" banner.
    await t.db.query('update users set email_verified = true where id = $1', [user.id]);
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 860 }, baseURL: t.base });
    contexts.push(ctx);
    ctx.on('weberror', (e) => pageErrors.push(e.error().message));
    const page = await ctx.newPage();
    await page.goto('/sign-in');
    await page.getByLabel('Email').fill(user.email);
    await page.getByRole('textbox', { name: 'Password' }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
    return page;
  }

  async function api(method: string, path: string, token: string, body?: unknown, expected = method === 'POST' ? [200, 201] : [200]) {
    const res = await t.request(method, path, { token, body });
    assert.ok(expected.includes(res.status), `${method} ${path}: ${res.status} ${res.text}`);
    return res.json;
  }
  const enable = (org: Org, owner: User, moduleId: string) => api('POST', `/api/v1/orgs/${org.slug}/modules/${moduleId}/enable`, owner.token);

  async function moduleEnabled(orgId: string, moduleId: string): Promise<boolean> {
    const [row] = await t.db.query<{ enabled: boolean }>('select enabled from organization_modules where organization_id = $1 and module_id = $2', [orgId, moduleId]);
    return row?.enabled ?? false;
  }

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    t = await startTestSystem();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    ops = await t.operator();
  });

  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((c) => c.close()));
    assert.deepEqual(pageErrors.splice(0), [], 'no uncaught errors in the pages');
  });

  after(async () => {
    await browser?.close();
    await t?.close();
  });

  test('billing names the settings it needs, enables once they are set, and invoices a customer with the API\u2019s totals', async () => {
    const { org, owner } = await t.activeOrganization(ops, 'Ledger Works');
    const page = await signedIn(owner);
    await page.goto(`/o/${org.slug}/modules`);
    await heading(page, 'Modules');
    const billing = page.getByRole('region', { name: 'Billing' });
    await billing.getByText('Set a contact email for the organization').waitFor();
    await billing.getByText('Set a default currency').waitFor();
    assert.equal(await navLink(page, 'Invoices').count(), 0, 'no billing screens in the navbar while billing is disabled');

    // Trying anyway: the API's refusal is shown in words, and nothing is enabled.
    await billing.getByRole('button', { name: 'Enable Billing' }).click();
    const refusal = billing.getByRole('alert');
    await refusal.waitFor();
    assert.match((await refusal.textContent()) ?? '', /Billing was not enabled.*contact email/s);
    await shot(page, 'modules-01-requirements-explained');
    assert.equal(await moduleEnabled(org.id, 'billing'), false);

    // The link lands on the settings field that fixes it, focused.
    await billing.getByRole('link', { name: 'Set contact email in settings' }).click();
    await page.waitForURL(/\/settings\?from=modules#contactEmail$/);
    await page.waitForFunction(() => document.activeElement?.id === 'settings-contactEmail');
    await visible(page, 'Needed to enable a module');
    await page.getByLabel('Contact email').fill('accounts@ledger.example');
    await page.getByLabel('Address line 1').fill('7 Rua Augusta');
    await page.getByLabel('Country').fill('PT');
    await page.getByLabel('Default currency').fill('EUR');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await visible(page, 'Settings saved');
    await shot(page, 'modules-02-settings-from-modules');

    await page.getByRole('link', { name: 'go back to modules' }).click();
    await heading(page, 'Modules');
    await billing.getByRole('note').waitFor({ state: 'detached' }); // nothing is missing any more
    await billing.getByRole('button', { name: 'Enable Billing' }).click();
    await billing.getByRole('button', { name: 'Disable Billing' }).waitFor();
    await navLink(page, 'Invoices').waitFor();
    assert.equal(await moduleEnabled(org.id, 'billing'), true);
    await shot(page, 'modules-03-billing-enabled');

    // A customer: the API's field error shows next to the field, then the fixed form saves.
    await navLink(page, 'Customers').click();
    await heading(page, 'Customers');
    await visible(page, 'No customers yet');
    await page.getByRole('button', { name: 'New customer' }).click();
    const drawer = page.getByRole('dialog');
    await drawer.getByLabel('Name').fill('Harbour Bakery');
    await drawer.getByLabel('Email').fill('orders-at-harbour');
    await drawer.getByRole('button', { name: 'Create customer' }).click();
    await drawer.getByText('Invalid email address').waitFor();
    await drawer.getByLabel('Email').fill('orders@harbour.example');
    await drawer.getByRole('button', { name: 'Create customer' }).click();
    await page.getByRole('cell', { name: 'Harbour Bakery', exact: true }).waitFor();
    await drawer.waitFor({ state: 'detached' });
    await shot(page, 'modules-04-customers');

    // An invoice for it: creating opens the invoice.
    await navLink(page, 'Invoices').click();
    await heading(page, 'Invoices');
    await page.getByRole('button', { name: 'New invoice' }).click();
    await page.getByRole('dialog').getByRole('combobox', { name: 'Customer' }).click();
    await page.getByRole('option', { name: 'Harbour Bakery' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Create invoice' }).click();
    await heading(page, 'Invoice #1');

    const total = page.getByTestId('invoice-total');
    const addLine = async (description: string, quantity: string, unitPrice: string, taxRate: string, expectTotal: string) => {
      const form = page.getByRole('form', { name: 'Add a line' });
      await form.getByLabel('Description').fill(description);
      await form.getByLabel('Quantity').fill(quantity);
      await form.getByLabel('Unit price').fill(unitPrice);
      await form.getByLabel('Tax rate (%)').fill(taxRate);
      await form.getByRole('button', { name: 'Add line' }).click();
      await total.filter({ hasText: expectTotal }).waitFor();
      // The form clears itself after a successful add; typing the next line before that would be lost.
      const descriptionInput = await form.getByLabel('Description').elementHandle();
      await page.waitForFunction((el) => (el as unknown as HTMLInputElement | null)?.value === '', descriptionInput);
    };
    await addLine('Dimes', '3', '0.10', '17.5', '0.35 EUR'); // 0.30 + 0.0525 → 0.05
    assert.equal(await total.textContent(), '0.35 EUR');
    await addLine('Rolls', '2', '1.25', '20', '3.35 EUR'); // + 2.50 + 0.50
    assert.equal(await page.getByTestId('invoice-subtotal').textContent(), '2.80 EUR');
    assert.equal(await page.getByTestId('invoice-tax').textContent(), '0.55 EUR');
    // A line added by mistake and removed again: the total follows.
    await addLine('Mistake', '1', '9', '0', '12.35 EUR');
    await page.getByRole('button', { name: 'Remove line 3' }).click();
    await total.filter({ hasText: /^3\.35 EUR$/ }).waitFor();
    assert.equal(await page.getByRole('table', { name: 'Invoice lines' }).getByRole('row').count(), 3, 'a header and two lines');
    await shot(page, 'modules-05-invoice-detail-draft');

    await page.getByRole('button', { name: 'Issue invoice #1' }).click();
    await page.getByLabel('Invoice status').getByText('ISSUED').waitFor();
    assert.equal(await page.getByRole('form', { name: 'Add a line' }).count(), 0, 'an issued invoice takes no more lines');
    assert.equal(await page.getByRole('button', { name: 'Issue invoice #1' }).count(), 0);
    await page.getByRole('button', { name: 'Mark invoice #1 paid' }).waitFor();
    await shot(page, 'modules-06-invoice-issued');
    const [row] = await t.db.query<{ status: string; total_is_335: boolean }>(
      'select status, total = 3.35 as total_is_335 from billing_invoices where organization_id = $1 and number = 1',
      [org.id],
    );
    assert.deepEqual({ ...row }, { status: 'ISSUED', total_is_335: true });

    await navLink(page, 'Invoices').click();
    await page.getByRole('cell', { name: '3.35 EUR', exact: true }).waitFor();
    await shot(page, 'modules-07-invoices');
  });

  test('a buyer orders from the marketplace, the seller accepts and fulfils it in another browser, and the buyer sees it fulfilled', async () => {
    const seller = await t.activeOrganization(ops, 'Hillside Growers');
    const buyer = await t.activeOrganization(ops, 'Valley Mill');
    await enable(seller.org, seller.owner, 'cooperative');
    await enable(buyer.org, buyer.owner, 'cooperative');
    const coop = (o: { org: Org }, rest: string) => `/api/v1/orgs/${o.org.slug}/cooperative/${rest}`;
    const silo = await api('POST', coop(seller, 'warehouses'), seller.owner.token, { name: 'North Silo' });
    const maize = await api('POST', coop(seller, 'commodities'), seller.owner.token, { name: 'Maize', unit: 'kg' });
    await api('POST', coop(seller, 'inventory'), seller.owner.token, { warehouseId: silo.id, commodityId: maize.id, quantity: '100' });
    const listing = await api('POST', coop(seller, 'listings'), seller.owner.token, {
      warehouseId: silo.id, commodityId: maize.id, title: 'Yellow maize', quantityAvailable: '40', unitPrice: '0.50', currency: 'EUR',
    });
    await api('POST', coop(seller, `listings/${listing.id}/publish`), seller.owner.token);
    const depot = await api('POST', coop(buyer, 'warehouses'), buyer.owner.token, { name: 'Mill depot' });

    // The buyer orders in the browser.
    const buyerPage = await signedIn(buyer.owner);
    await buyerPage.goto(`/o/${buyer.org.slug}/modules`);
    await navLink(buyerPage, 'Marketplace').click();
    await heading(buyerPage, 'Marketplace');
    await buyerPage.getByRole('cell', { name: 'Yellow maize', exact: true }).waitFor();
    await shot(buyerPage, 'modules-08-marketplace');
    await buyerPage.getByRole('button', { name: 'Order Yellow maize' }).click();
    const dialog = buyerPage.getByRole('dialog');
    await dialog.getByLabel('Quantity (kg)').fill('10');
    await dialog.getByRole('combobox', { name: 'Deliver to' }).click();
    await buyerPage.getByRole('option', { name: 'Mill depot' }).click();
    await dialog.getByRole('button', { name: 'Place order' }).click();
    await buyerPage.waitForURL(/\/cooperative\/purchase-orders\?side=buyer$/);
    const buyerRow = buyerPage.getByRole('row', { name: /Maize/ });
    await buyerRow.getByText('REQUESTED').waitFor();
    // The buyer's side: cancel, never accept.
    await buyerRow.getByRole('button', { name: /^Cancel order/ }).waitFor();
    assert.equal(await buyerRow.getByRole('button', { name: /^Accept order/ }).count(), 0);
    await shot(buyerPage, 'modules-09-purchase-orders-buyer');

    // The seller, in a second browser context, accepts and fulfils it.
    const sellerPage = await signedIn(seller.owner);
    await sellerPage.goto(`/o/${seller.org.slug}/cooperative/purchase-orders`);
    await heading(sellerPage, 'Purchase orders');
    await visible(sellerPage, 'You have not ordered anything yet');
    await sellerPage.getByText('Received (selling)').click();
    const sellerRow = sellerPage.getByRole('row', { name: /Maize/ });
    await sellerRow.getByText('REQUESTED').waitFor();
    assert.equal(await sellerRow.getByRole('button', { name: /^Cancel order/ }).count(), 0, 'the seller does not cancel the buyer\u2019s order');
    await sellerRow.getByRole('button', { name: /^Reject order/ }).waitFor();
    await sellerRow.getByRole('button', { name: /^Accept order/ }).click();
    await sellerRow.getByText('ACCEPTED').waitFor();
    await sellerRow.getByRole('button', { name: /^Fulfil order/ }).click();
    await sellerPage.getByRole('dialog').getByRole('button', { name: 'Fulfil' }).click();
    await sellerRow.getByText('FULFILLED').waitFor();
    await shot(sellerPage, 'modules-10-purchase-orders-seller');

    await navLink(sellerPage, 'Inventory').click();
    await heading(sellerPage, 'Inventory');
    await sellerPage.getByRole('cell', { name: '90', exact: true }).waitFor(); // 100 − 10 moved to the buyer
    await shot(sellerPage, 'modules-11-inventory');
    await navLink(sellerPage, 'Listings').click();
    await sellerPage.getByRole('cell', { name: /^Yellow maize/ }).waitFor();
    await shot(sellerPage, 'modules-12-listings');

    await buyerPage.reload();
    await buyerPage.getByRole('row', { name: /Maize/ }).getByText('FULFILLED').waitFor();
    const [po] = await t.db.query<{ status: string }>('select status from cooperative_purchase_orders where organization_id = $1', [buyer.org.id]);
    assert.equal(po?.status, 'FULFILLED');
    const stock = await api('GET', coop(buyer, `inventory?warehouseId=${depot.id}`), buyer.owner.token);
    assert.deepEqual(stock.items.map((i: { quantity: string }) => Number(i.quantity)), [10], 'the goods arrived in the buyer\u2019s depot');
  });

  test('a MEMBER sees no enable/disable buttons and no create button their role lacks; the owner sees them', async () => {
    const { org, owner } = await t.activeOrganization(ops, 'Saint Anne School');
    await api('PATCH', `/api/v1/orgs/${org.slug}`, owner.token, BILLING_SETTINGS);
    await enable(org, owner, 'billing');
    await enable(org, owner, 'school');
    const customer = await api('POST', `/api/v1/orgs/${org.slug}/billing/customers`, owner.token, { name: 'Parents Association' });
    const due = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    const invoice = await api('POST', `/api/v1/orgs/${org.slug}/billing/invoices`, owner.token, { customerId: customer.id, dueDate: due });
    await api('POST', `/api/v1/orgs/${org.slug}/billing/invoices/${invoice.id}/lines`, owner.token, { description: 'Trip', quantity: '1', unitPrice: '12' });
    await api('POST', `/api/v1/orgs/${org.slug}/school/students`, owner.token, { studentNumber: 'S-001', firstName: 'Ada', lastName: 'Lovelace' });
    const member: User = await t.signUp('Mia Member');
    await addMember(t.db, org.id, member.id, 'MEMBER');

    const memberPage = await signedIn(member);
    await memberPage.goto(`/o/${org.slug}/modules`);
    await heading(memberPage, 'Modules');
    await memberPage.getByRole('region', { name: 'School' }).getByText('Enabled').waitFor();
    await visible(memberPage, 'An owner or administrator turns them on and off');
    assert.equal(await memberPage.getByRole('button', { name: /^(Enable|Disable) / }).count(), 0, 'no enable/disable for a MEMBER');
    await shot(memberPage, 'modules-13-modules-as-member');
    assert.equal(await navLink(memberPage, 'Projects').count(), 0, 'a disabled module is not in the navbar');

    // School: MEMBER reads students but may not create them.
    await navLink(memberPage, 'Students').click();
    await heading(memberPage, 'Students');
    await memberPage.getByRole('cell', { name: 'S-001' }).waitFor();
    assert.equal(await memberPage.getByRole('button', { name: 'New student' }).count(), 0);
    assert.equal(await memberPage.getByRole('button', { name: /^Deactivate student/ }).count(), 0);
    await shot(memberPage, 'modules-14-students-as-member');
    // Billing: MEMBER creates customers and invoices, but does not issue them.
    await navLink(memberPage, 'Invoices').click();
    await memberPage.getByRole('button', { name: 'Open invoice #1' }).waitFor();
    assert.equal(await memberPage.getByRole('button', { name: 'New invoice' }).count(), 1, 'MEMBER has invoices:create');
    assert.equal(await memberPage.getByRole('button', { name: 'Issue invoice #1' }).count(), 0, 'MEMBER lacks invoices:issue');
    // A disabled module's address explains itself.
    await memberPage.goto(`/o/${org.slug}/projects/projects`);
    await heading(memberPage, 'Projects is not enabled');

    // Positive control: the owner has every one of those buttons.
    const ownerPage = await signedIn(owner);
    await ownerPage.goto(`/o/${org.slug}/school/students`);
    await ownerPage.getByRole('cell', { name: 'S-001' }).waitFor();
    assert.equal(await ownerPage.getByRole('button', { name: 'New student' }).count(), 1);
    await ownerPage.getByRole('button', { name: 'Deactivate student Ada Lovelace' }).waitFor();
    await ownerPage.goto(`/o/${org.slug}/billing/invoices`);
    await ownerPage.getByRole('button', { name: 'Issue invoice #1' }).waitFor();
    await ownerPage.goto(`/o/${org.slug}/modules`);
    await ownerPage.getByRole('button', { name: 'Disable Billing' }).waitFor();
    await ownerPage.getByRole('button', { name: 'Enable Projects' }).click();
    await navLink(ownerPage, 'Projects').click();
    await heading(ownerPage, 'Projects');
    await ownerPage.getByRole('button', { name: 'New project' }).click();
    await ownerPage.getByRole('dialog').getByLabel('Name').fill('Harvest festival');
    await ownerPage.getByRole('dialog').getByRole('button', { name: 'Create project' }).click();
    await ownerPage.getByRole('button', { name: 'Start project Harvest festival' }).click();
    await ownerPage.getByRole('row', { name: /Harvest festival/ }).getByText('ACTIVE').waitFor();
    await shot(ownerPage, 'modules-15-projects');
    await ownerPage.getByRole('button', { name: 'Participants of Harvest festival' }).click();
    await heading(ownerPage, 'Participants');
    await ownerPage.getByRole('button', { name: 'New participant' }).click();
    const drawer = ownerPage.getByRole('dialog');
    await drawer.getByRole('combobox', { name: 'Project' }).click();
    await ownerPage.getByRole('option', { name: 'Harvest festival' }).click();
    await drawer.getByRole('radio', { name: 'An external person' }).check();
    await drawer.getByLabel('Name').fill('Grace Hopper');
    await drawer.getByRole('button', { name: 'Create participant' }).click();
    await ownerPage.getByRole('cell', { name: /^Grace Hopper/ }).waitFor();
    await shot(ownerPage, 'modules-16-participants');

    // And the student's guardians tab: link one.
    await api('POST', `/api/v1/orgs/${org.slug}/school/guardians`, owner.token, { name: 'Lord Byron', relationship: 'parent' });
    await ownerPage.goto(`/o/${org.slug}/school/students`);
    await ownerPage.getByRole('button', { name: 'Open student Ada Lovelace' }).click();
    await heading(ownerPage, 'Ada Lovelace');
    await ownerPage.getByRole('tab', { name: 'Guardians' }).click();
    await ownerPage.getByRole('combobox', { name: 'Link a guardian' }).click();
    await ownerPage.getByRole('option', { name: /Lord Byron/ }).click();
    await ownerPage.getByRole('button', { name: 'Link', exact: true }).click();
    await ownerPage.getByRole('button', { name: 'Unlink Lord Byron' }).waitFor();
    await shot(ownerPage, 'modules-17-student-guardians');
  });
});

// `tenantry demo`: a few organizations of different kinds with users and realistic records, created
// through the public API (in-process), so the demo exercises exactly what clients use. Idempotent: an
// organization that already exists is left as it is.
import { eq } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Config } from '../server/config.ts';
import type { Database } from '../server/db/client.ts';
import { createSystem } from '../server/runtime.ts';
import { ensureOperator } from '../server/auth/operators.ts';
import { users } from '../server/auth/schema.ts';
import { organizations } from '../server/platform/organizations/schema.ts';

export const DEMO_PASSWORD = 'demo-password-1';
const OPERATOR = 'operator@demo.tenantry.local';

type Api = <T = any>(method: string, path: string, token?: string, body?: unknown) => Promise<T>;

type DemoOrg = {
  slug: string;
  name: string;
  owner: { email: string; name: string };
  settings: Record<string, unknown>;
  modules: string[];
  seed: (api: Api, token: string, base: string) => Promise<void>;
};

const address = (line1: string, city: string, country: string) => ({ line1, city, country });

async function seedCooperativeSeller(api: Api, token: string, base: string) {
  const wh = await api('POST', `${base}/cooperative/warehouses`, token, { name: 'Tamale Central Store', location: 'Tamale', capacity: '50000' });
  const maize = await api('POST', `${base}/cooperative/commodities`, token, { name: 'Maize', unit: 'kg', category: 'Grain' });
  const soy = await api('POST', `${base}/cooperative/commodities`, token, { name: 'Soybeans', unit: 'kg', category: 'Legume' });
  for (const [name, phone, community] of [['Abena Mensah', '+233201234567', 'Savelugu'], ['Yaw Boateng', '+233241112223', 'Tolon'], ['Fatima Alhassan', '+233551239876', 'Kumbungu']] as const) {
    const farmer = await api('POST', `${base}/cooperative/farmers`, token, { name, phone, region: 'Northern', community });
    await api('POST', `${base}/cooperative/farms`, token, { farmerId: farmer.id, name: `${name.split(' ')[0]}'s field`, sizeHectares: '2.5', mainCrop: 'Maize', location: community });
  }
  const maizeStock = await api('POST', `${base}/cooperative/inventory`, token, { warehouseId: wh.id, commodityId: maize.id, quantity: '12000' });
  await api('POST', `${base}/cooperative/inventory`, token, { warehouseId: wh.id, commodityId: soy.id, quantity: '4000' });
  await api('POST', `${base}/cooperative/inventory/${maizeStock.id}/adjust`, token, { delta: '500', reason: 'Harvest delivery from Savelugu' });
  const listing = await api('POST', `${base}/cooperative/listings`, token, {
    warehouseId: wh.id, commodityId: maize.id, title: 'Dried white maize, grade A', quantityAvailable: '8000', unitPrice: '0.42', currency: 'USD',
  });
  await api('POST', `${base}/cooperative/listings/${listing.id}/publish`, token);
}

async function seedCooperativeBuyer(api: Api, token: string, base: string) {
  const wh = await api('POST', `${base}/cooperative/warehouses`, token, { name: 'Kumasi Depot', location: 'Kumasi', capacity: '20000' });
  const market = await api<{ items: { id: string; title: string }[] }>('GET', `${base}/cooperative/marketplace`, token);
  const maize = market.items.find((l) => l.title.startsWith('Dried white maize'));
  if (!maize) return;
  await api('POST', `${base}/cooperative/purchase-orders`, token, { listingId: maize.id, quantity: '1500', deliveryWarehouseId: wh.id });
  await api('POST', `${base}/cooperative/purchase-orders`, token, { listingId: maize.id, quantity: '750', deliveryWarehouseId: wh.id });
}

async function seedBilling(api: Api, token: string, base: string) {
  const acme = await api('POST', `${base}/billing/customers`, token, { name: 'Acme Retail GmbH', email: 'accounts@acme-retail.example', taxId: 'DE811907980' });
  const blue = await api('POST', `${base}/billing/customers`, token, { name: 'Blue Harbour Café', email: 'hello@blueharbour.example' });
  const plans: [string, [string, string, string, string][], ('issue' | 'pay')[]][] = [
    [acme.id, [['Office chairs', '12', '149.90', '19'], ['Assembly service', '3.5', '65', '19']], ['issue', 'pay']],
    [acme.id, [['Standing desks', '4', '499.00', '19']], ['issue']],
    [blue.id, [['Espresso machine maintenance', '1', '180', '7'], ['Descaling kit', '6', '12.49', '19']], []],
  ];
  for (const [customerId, lines, steps] of plans) {
    const invoice = await api('POST', `${base}/billing/invoices`, token, { customerId, dueDate: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10) });
    for (const [description, quantity, unitPrice, taxRate] of lines) {
      await api('POST', `${base}/billing/invoices/${invoice.id}/lines`, token, { description, quantity, unitPrice, taxRate });
    }
    for (const step of steps) await api('POST', `${base}/billing/invoices/${invoice.id}/${step}`, token);
  }
}

async function seedSchool(api: Api, token: string, base: string) {
  const kids = [['S-1001', 'Amara', 'Okafor', '7'], ['S-1002', 'Liam', 'Schmidt', '7'], ['S-1003', 'Sofia', 'Rossi', '8'], ['S-1004', 'Kenji', 'Tanaka', '8'], ['S-1005', 'Maya', 'Haddad', '9']] as const;
  for (const [studentNumber, firstName, lastName, grade] of kids) {
    const s = await api('POST', `${base}/school/students`, token, { studentNumber, firstName, lastName, grade, dateOfBirth: `201${grade === '7' ? 3 : grade === '8' ? 2 : 1}-04-1${studentNumber.slice(-1)}` });
    const g = await api('POST', `${base}/school/guardians`, token, { name: `Parent of ${firstName} ${lastName}`, email: `${firstName.toLowerCase()}.family@example.com`, relationship: 'parent' });
    await api('POST', `${base}/school/students/${s.id}/guardians`, token, { guardianId: g.id });
  }
}

async function seedProjects(api: Api, token: string, base: string) {
  const me = await api<{ membership: { id: string } }>('GET', `${base}/me`, token);
  const exchange = await api('POST', `${base}/projects/projects`, token, { name: 'Summer Youth Exchange 2027', description: 'Two weeks in Lisbon for 24 participants', startDate: '2027-07-05', endDate: '2027-07-19' });
  await api('POST', `${base}/projects/projects/${exchange.id}/activate`, token);
  await api('POST', `${base}/projects/participants`, token, { projectId: exchange.id, membershipId: me.membership.id, role: 'STAFF' });
  for (const [externalName, role] of [['Associação Jovem Lisboa', 'PARTNER'], ['Tomás Ferreira', 'PARTICIPANT'], ['Inês Ferreira', 'GUARDIAN']] as const) {
    await api('POST', `${base}/projects/participants`, token, { projectId: exchange.id, externalName, role });
  }
  await api('POST', `${base}/projects/projects`, token, { name: 'Digital Skills Workshops', description: 'Weekly evening workshops', startDate: '2027-02-01' });
}

const DEMO: DemoOrg[] = [
  {
    slug: 'green-valley-coop', name: 'Green Valley Farmers Cooperative', owner: { email: 'amina@greenvalley.demo', name: 'Amina Issah' },
    settings: { contactEmail: 'office@greenvalley.demo', address: address('12 Market Road', 'Tamale', 'GH'), currency: 'USD', timezone: 'Africa/Accra' },
    modules: ['cooperative'], seed: seedCooperativeSeller,
  },
  {
    slug: 'riverside-grain', name: 'Riverside Grain Traders', owner: { email: 'kwame@riverside.demo', name: 'Kwame Asante' },
    settings: { contactEmail: 'buying@riverside.demo', address: address('4 Harbour Street', 'Kumasi', 'GH'), currency: 'USD', timezone: 'Africa/Accra' },
    modules: ['cooperative'], seed: seedCooperativeBuyer,
  },
  {
    slug: 'northwind-supplies', name: 'Northwind Supplies', owner: { email: 'lena@northwind.demo', name: 'Lena Vogel' },
    settings: { contactEmail: 'billing@northwind.demo', address: address('Hafenstraße 8', 'Hamburg', 'DE'), currency: 'EUR', timezone: 'Europe/Berlin', language: 'de' },
    modules: ['billing'], seed: seedBilling,
  },
  {
    slug: 'st-marys-academy', name: "St. Mary's Academy", owner: { email: 'head@stmarys.demo', name: 'Grace Whitfield' },
    settings: { contactEmail: 'office@stmarys.demo', address: address('1 College Lane', 'Cork', 'IE'), currency: 'EUR', timezone: 'Europe/Dublin' },
    modules: ['school'], seed: seedSchool,
  },
  {
    slug: 'open-horizon-youth', name: 'Open Horizon Youth', owner: { email: 'sam@openhorizon.demo', name: 'Sam Lindqvist' },
    settings: { contactEmail: 'team@openhorizon.demo', address: address('Storgatan 3', 'Malmö', 'SE'), currency: 'SEK', timezone: 'Europe/Stockholm' },
    modules: ['projects'], seed: seedProjects,
  },
];

export async function runDemo(config: Config, db: Database, log: Logger): Promise<number> {
  const { app, baseUrl } = createSystem({ ...config, worker: { ...config.worker, inline: false } }, db, log);
  const origin = baseUrl; // Better Auth checks that requests come from the app's own origin
  const request = async (method: string, path: string, token?: string, body?: unknown) => {
    const res = await app.request(path, {
      method,
      headers: { origin, ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return res;
  };
  const api: Api = async (method, path, token, body) => {
    const res = await request(method, path, token, body);
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${text.slice(0, 300)}`);
    return text ? JSON.parse(text) : undefined;
  };
  const signIn = async (email: string) => {
    const res = await request('POST', '/api/auth/sign-in/email', undefined, { email, password: DEMO_PASSWORD });
    if (!res.ok) throw new Error(`sign-in of ${email} failed (${res.status}); was its password changed?`);
    return res.headers.get('set-auth-token')!;
  };

  await ensureOperator(db, { email: OPERATOR, password: DEMO_PASSWORD, name: 'Demo operator' });
  const ops = await signIn(OPERATOR);
  const created: string[] = [];
  for (const org of DEMO) {
    const [exists] = await db.owner.select({ id: organizations.id }).from(organizations).where(eq(organizations.slug, org.slug));
    if (exists) continue;
    const [user] = await db.owner.select({ id: users.id }).from(users).where(eq(users.email, org.owner.email));
    const owner = user ? { mode: 'existing', userId: user.id } : { mode: 'new', email: org.owner.email, name: org.owner.name, password: DEMO_PASSWORD };
    await api('POST', '/api/v1/admin/organizations', ops, { owner, organization: { name: org.name, slug: org.slug, ...org.settings } });
    await db.owner.update(users).set({ emailVerified: true }).where(eq(users.email, org.owner.email));
    const token = await signIn(org.owner.email);
    const base = `/api/v1/orgs/${org.slug}`;
    for (const m of org.modules) await api('POST', `${base}/modules/${m}/enable`, token);
    await org.seed(api, token, base);
    created.push(org.slug);
  }
  if (created.includes('riverside-grain')) {
    // The seller accepts and fulfils the buyer's first order: inventory moves between the two.
    const seller = await signIn('amina@greenvalley.demo');
    const orders = await api<{ items: { id: string; status: string }[] }>('GET', '/api/v1/orgs/green-valley-coop/cooperative/purchase-orders?side=seller', seller);
    const first = orders.items.filter((o) => o.status === 'REQUESTED').at(-1);
    if (first) {
      await api('POST', `/api/v1/orgs/green-valley-coop/cooperative/purchase-orders/${first.id}/accept`, seller);
      await api('POST', `/api/v1/orgs/green-valley-coop/cooperative/purchase-orders/${first.id}/fulfill`, seller);
    }
  }
  const lines = [
    created.length ? `Demo data created for: ${created.join(', ')}.` : 'Demo data already present; nothing to do.',
    '',
    `Sign in (password for every demo account: ${DEMO_PASSWORD}):`,
    `  operator            ${OPERATOR}`,
    ...DEMO.map((o) => `  ${o.slug.padEnd(20)}${o.owner.email}  (${o.name}; modules: ${o.modules.join(', ')})`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

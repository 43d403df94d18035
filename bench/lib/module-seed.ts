// Bulk seed for the module-table benchmark, with generate_series on the owner connection. Organization
// n is `bench-mod-org-<n>`, ACTIVE, meets billing's requirements and has the module enabled. Customers
// go in before invoices (invoices reference them through the composite FK (organization_id,
// customer_id)); organization and customer ids are md5-derived uuids, so an invoice names its customer
// without a join. As pg_restore does, the invoices' foreign keys are dropped for the bulk insert and
// added back (and so validated over every row) in the same transaction: per-row FK triggers are half
// the cost of the insert. Invoices are inserted in round-robin order over the organizations, so each one's rows
// are spread over the heap as they would be after months of use.
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Database } from '../../src/server/db/client.ts';

const md5uuid = (s: string) => {
  const h = createHash('md5').update(s).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};

/** The id of organization n (the same md5 the SQL below derives). */
export const moduleOrgId = (n: number) => md5uuid(`bench-mod-org-${n}`);

export async function seedModuleOrgs(db: Database, orgs: number): Promise<void> {
  await db.query(
    `insert into organizations (id, slug, name, status, contact_email, address, currency, created_at, updated_at)
     select md5('bench-mod-org-' || n)::uuid, 'bench-mod-org-' || n, 'Bench module org ' || n, 'ACTIVE', 'org' || n || '@bench.example',
            jsonb_build_object('line1', n || ' Bench Street', 'city', 'Benchville', 'country', 'DE'), 'EUR',
            now() - make_interval(hours => n), now()
     from generate_series(1, $1::int) n`,
    [orgs],
  );
  await db.query(
    `insert into roles (organization_id, id, key, name, builtin)
     select o.id, gen_random_uuid(), r.key, r.name, true
     from organizations o cross join (values ('OWNER', 'Owner'), ('ADMIN', 'Admin'), ('MEMBER', 'Member'), ('READ_ONLY', 'Read-only')) as r(key, name)
     where o.slug like 'bench-mod-org-%'`,
  );
  await db.query(
    `insert into organization_modules (organization_id, id, module_id, enabled, enabled_at)
     select id, gen_random_uuid(), 'billing', true, now() from organizations where slug like 'bench-mod-org-%'`,
  );
}

/**
 * `rows` invoices (and `customersPerOrg` customers each) for organizations first..last. Statuses are
 * mixed per organization: 20 % DRAFT, 30 % ISSUED, 40 % PAID, 10 % VOID; due dates spread over 2 years.
 */
export async function seedInvoices(
  db: Database,
  o: { first: number; last: number; rows: number; customersPerOrg: number },
  progress: (m: string) => void,
): Promise<void> {
  let t0 = performance.now();
  const step = (what: string) => {
    progress(`    ${what}: ${Math.round(performance.now() - t0)} ms`);
    t0 = performance.now();
  };
  await db.query(
    `insert into billing_customers (organization_id, id, name, email, created_at, updated_at)
     select md5('bench-mod-org-' || n)::uuid, md5('bench-mod-customer-' || n || '-' || k)::uuid, 'Customer ' || k,
            'customer' || k || '@org' || n || '.example', now(), now()
     from generate_series($1::int, $2::int) n cross join generate_series(1, $3::int) k`,
    [o.first, o.last, o.customersPerOrg],
  );
  step('customers');
  const fks = await db.query<{ name: string; def: string }>(
    `select conname as name, pg_get_constraintdef(oid) as def from pg_constraint where conrelid = 'billing_invoices'::regclass and contype = 'f'`,
  );
  if (!fks.some((f) => f.name === 'billing_invoices_customer_fk')) throw new Error('billing_invoices_customer_fk not found');
  const span = o.last - o.first + 1;
  const insert = sql`insert into billing_invoices (organization_id, id, number, customer_id, currency, status, issue_date, due_date,
                                   subtotal, tax_total, total, issued_at, paid_at, voided_at, created_at, updated_at)
     select org, gen_random_uuid(), i + 1, cust, 'EUR', st, case when st <> 'DRAFT' then due - 30 end, due,
            amt, tax, amt + tax,
            case when st <> 'DRAFT' then (due - 30)::timestamptz end, case when st = 'PAID' then (due - 5)::timestamptz end,
            case when st = 'VOID' then (due - 20)::timestamptz end, now() - make_interval(secs => ${o.rows}::int - g), now()
     from (
       select g, i, md5('bench-mod-org-' || n)::uuid as org,
              md5('bench-mod-customer-' || n || '-' || (i % ${o.customersPerOrg}::int + 1))::uuid as cust,
              (array['DRAFT','ISSUED','PAID','ISSUED','PAID','DRAFT','PAID','ISSUED','PAID','VOID'])[(i * 7 + n) % 10 + 1] as st,
              date '2025-01-01' + ((g::bigint * 7919) % 730)::int as due,
              ((g::bigint * 104729) % 1000000) / 100.0 as amt,
              round(((g::bigint * 104729) % 1000000) / 100.0 * 0.2, 2) as tax
       from (select g, ${o.first}::int + g % ${span}::int as n, g / ${span}::int as i
             from generate_series(0, ${o.rows - 1}::int) g) s
     ) x`;
  await db.ownerTransaction(async (tx) => {
    for (const f of fks) await tx.execute(sql`alter table billing_invoices drop constraint ${sql.identifier(f.name)}`);
    await tx.execute(insert);
    step('invoices');
    for (const f of fks) await tx.execute(sql`alter table billing_invoices add constraint ${sql.identifier(f.name)} ${sql.raw(f.def)}`);
  });
  step('foreign keys re-added and validated');
  // VACUUM as well as ANALYZE: it sets hint bits and the visibility map now, so neither the first reads
  // nor an autovacuum triggered by the bulk insert land inside a measured run.
  await db.query('vacuum (analyze) organizations, organization_modules, roles, billing_customers, billing_invoices');
  step('vacuum (analyze)');
}

// Billing (seed 002): customers, invoices with a per-organization number, and invoice lines.
// Amounts are NUMERIC in the database and decimal strings in the API: never floating point.
import { sql } from 'drizzle-orm';
import { check, date, foreignKey, index, integer, jsonb, numeric, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { tenantTable } from '../../tenancy/tenant-table.ts';
import { foreignKeyToOrganization } from '../../platform/organizations/schema.ts';

const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
};

export const customers = tenantTable(
  'billing_customers',
  {
    name: text('name').notNull(),
    email: text('email'),
    address: jsonb('address').$type<Record<string, string>>(),
    taxId: text('tax_id'),
    ...timestamps,
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
  },
  (t) => [index('billing_customers_org_name_idx').on(t.organizationId, t.name, t.id), foreignKeyToOrganization('billing_customers', t.organizationId)],
);

export const INVOICE_STATUSES = ['DRAFT', 'ISSUED', 'PAID', 'VOID'] as const;

export const invoices = tenantTable(
  'billing_invoices',
  {
    number: integer('number').notNull(),
    customerId: uuid('customer_id').notNull(),
    currency: text('currency').notNull(),
    status: text('status', { enum: INVOICE_STATUSES }).notNull().default('DRAFT'),
    issueDate: date('issue_date'),
    dueDate: date('due_date').notNull(),
    notes: text('notes'),
    subtotal: numeric('subtotal', { precision: 20, scale: 4 }).notNull().default('0'),
    taxTotal: numeric('tax_total', { precision: 20, scale: 4 }).notNull().default('0'),
    total: numeric('total', { precision: 20, scale: 4 }).notNull().default('0'),
    issuedAt: timestamp('issued_at', { withTimezone: true }),
    paidAt: timestamp('paid_at', { withTimezone: true }),
    voidedAt: timestamp('voided_at', { withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    unique('billing_invoices_org_number_unique').on(t.organizationId, t.number),
    index('billing_invoices_org_status_idx').on(t.organizationId, t.status, t.dueDate),
    index('billing_invoices_org_created_idx').on(t.organizationId, t.createdAt, t.id),
    check('billing_invoices_status_check', sql`${t.status} in ('DRAFT','ISSUED','PAID','VOID')`),
    foreignKeyToOrganization('billing_invoices', t.organizationId),
    foreignKey({ name: 'billing_invoices_customer_fk', columns: [t.organizationId, t.customerId], foreignColumns: [customers.organizationId, customers.id] }),
  ],
);

export const invoiceLines = tenantTable(
  'billing_invoice_lines',
  {
    invoiceId: uuid('invoice_id').notNull(),
    position: integer('position').notNull(),
    description: text('description').notNull(),
    quantity: numeric('quantity', { precision: 20, scale: 4 }).notNull(),
    unitPrice: numeric('unit_price', { precision: 20, scale: 4 }).notNull(),
    /** Percent, e.g. 17.5 for 17.5 %. */
    taxRate: numeric('tax_rate', { precision: 7, scale: 4 }).notNull().default('0'),
    lineSubtotal: numeric('line_subtotal', { precision: 20, scale: 4 }).notNull(),
    lineTax: numeric('line_tax', { precision: 20, scale: 4 }).notNull(),
    ...timestamps,
  },
  (t) => [
    index('billing_invoice_lines_invoice_idx').on(t.organizationId, t.invoiceId, t.position),
    check('billing_invoice_lines_quantity_check', sql`${t.quantity} > 0`),
    check('billing_invoice_lines_price_check', sql`${t.unitPrice} >= 0`),
    check('billing_invoice_lines_tax_check', sql`${t.taxRate} >= 0 and ${t.taxRate} <= 100`),
    foreignKeyToOrganization('billing_invoice_lines', t.organizationId),
    foreignKey({ name: 'billing_invoice_lines_invoice_fk', columns: [t.organizationId, t.invoiceId], foreignColumns: [invoices.organizationId, invoices.id] }).onDelete('cascade'),
  ],
);

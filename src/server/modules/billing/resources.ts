// Billing resources declared through the toolkit, plus invoice lines and the invoice lifecycle.
import { z } from '@hono/zod-openapi';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Database, Tx } from '../../db/client.ts';
import { rowsOf } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { requirePermission } from '../../tenancy/permissions.ts';
import { withTenant, type TenantContext } from '../../tenancy/with-tenant.ts';
import { recordChange } from '../../platform/audit/record.ts';
import { organizations } from '../../platform/organizations/schema.ts';
import { iso } from '../../platform/organizations/view.ts';
import { AddressSchema } from '../../platform/organizations/schemas.ts';
import { defineResource } from '../toolkit/resource.ts';
import { DECIMAL, invoiceTotals, lineAmounts, money, plain } from './money.ts';
import { customers, INVOICE_STATUSES, invoiceLines, invoices } from './schema.ts';

const currencies = new Set(Intl.supportedValuesOf('currency'));
const Currency = z.string().regex(/^[A-Z]{3}$/).refine((c) => currencies.has(c), 'unknown currency');
const Decimal = (max?: string) => z.string().regex(DECIMAL, 'a decimal number like 12.50 (up to 4 decimals)').refine((v) => !max || Number(v) <= Number(max), `at most ${max}`);
// z.iso.date() accepts year 0000, which PostgreSQL refuses (a 500 at the cast): refuse it here.
const IsoDay = z.iso.date().refine((d) => !d.startsWith('0000'), 'year 0 does not exist');

// ---- customers --------------------------------------------------------------------------------

const Customer = z
  .object({ id: z.uuid(), name: z.string(), email: z.string().nullable(), address: AddressSchema.nullable(), taxId: z.string().nullable(), createdAt: z.string(), updatedAt: z.string() })
  .openapi('BillingCustomer');
const CustomerInput = z
  .object({ name: z.string().trim().min(1).max(200), email: z.email().max(254).nullable().optional(), address: AddressSchema.nullable().optional(), taxId: z.string().max(50).nullable().optional() })
  .strict();

export const customerResource = defineResource({
  module: 'billing',
  name: 'customers',
  permission: 'customers',
  targetType: 'customer',
  table: customers,
  view: Customer,
  toView: (r) => ({
    id: r.id as string,
    name: r.name as string,
    email: (r.email as string | null) ?? null,
    address: (r.address as z.infer<typeof AddressSchema> | null) ?? null,
    taxId: (r.taxId as string | null) ?? null,
    createdAt: iso(r.createdAt as Date)!,
    updatedAt: iso(r.updatedAt as Date)!,
  }),
  create: CustomerInput,
  update: CustomerInput.partial().strict(),
  search: [customers.name, customers.email],
  sort: { name: customers.name, createdAt: customers.createdAt },
  defaultSort: { field: 'name', order: 'asc' },
  softDelete: true,
  hooks: {
    beforeDelete: async (tx, _ctx, existing) => {
      const [open] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(invoices)
        .where(and(eq(invoices.customerId, existing.id as string), sql`${invoices.status} in ('DRAFT','ISSUED')`));
      if (Number(open?.n) > 0) throw new AppError('conflict', 'The customer has draft or issued invoices');
    },
  },
});

// ---- invoices ---------------------------------------------------------------------------------

const Invoice = z
  .object({
    id: z.uuid(),
    number: z.number().int(),
    customerId: z.uuid(),
    currency: z.string(),
    status: z.enum(INVOICE_STATUSES),
    issueDate: z.string().nullable(),
    dueDate: z.string(),
    notes: z.string().nullable(),
    subtotal: z.string().openapi({ example: '100.00' }),
    taxTotal: z.string(),
    total: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('BillingInvoice');

const invoiceView = (r: Record<string, unknown>): z.infer<typeof Invoice> => {
  const currency = r.currency as string;
  return {
    id: r.id as string,
    number: r.number as number,
    customerId: r.customerId as string,
    currency,
    status: r.status as (typeof INVOICE_STATUSES)[number],
    issueDate: (r.issueDate as string | null) ?? null,
    dueDate: r.dueDate as string,
    notes: (r.notes as string | null) ?? null,
    subtotal: money(r.subtotal as string, currency),
    taxTotal: money(r.taxTotal as string, currency),
    total: money(r.total as string, currency),
    createdAt: iso(r.createdAt as Date)!,
    updatedAt: iso(r.updatedAt as Date)!,
  };
};

const InvoiceCreate = z
  .object({ customerId: z.uuid(), currency: Currency.optional(), dueDate: IsoDay, notes: z.string().max(2000).nullable().optional() })
  .strict();
const InvoiceUpdate = z.object({ customerId: z.uuid(), dueDate: IsoDay, notes: z.string().max(2000).nullable(), currency: Currency }).partial().strict();

function assertDraft(row: Record<string, unknown>) {
  if (row.status !== 'DRAFT') throw new AppError('invalid_transition', `Only DRAFT invoices can be edited; this one is ${row.status}`);
}

async function assertCustomer(tx: Tx, customerId: string) {
  const [c] = await tx.select({ id: customers.id }).from(customers).where(and(eq(customers.id, customerId), sql`${customers.deletedAt} is null`));
  if (!c) throw new AppError('validation_failed', 'Unknown customer', { errors: [{ path: 'body.customerId', message: 'no such customer' }] });
}

export const invoiceResource = defineResource({
  module: 'billing',
  name: 'invoices',
  permission: 'invoices',
  targetType: 'invoice',
  table: invoices,
  view: Invoice,
  toView: invoiceView,
  create: InvoiceCreate,
  update: InvoiceUpdate,
  filters: {
    status: { schema: z.enum(INVOICE_STATUSES), where: (v: string) => eq(invoices.status, v as 'DRAFT') },
    customerId: { schema: z.uuid(), where: (v: string) => eq(invoices.customerId, v) },
    currency: { schema: Currency, where: (v: string) => eq(invoices.currency, v) },
    dueBefore: { schema: IsoDay, where: (v: string) => sql`${invoices.dueDate} <= ${v}::date` },
  },
  search: [invoices.notes],
  sort: { number: invoices.number, dueDate: invoices.dueDate, createdAt: invoices.createdAt, total: invoices.total },
  defaultSort: { field: 'number', order: 'desc' },
  events: { created: 'INVOICE_CREATED' },
  hooks: {
    beforeCreate: async (tx, ctx, input) => {
      await assertCustomer(tx, input.customerId);
      const [org] = await tx.select({ currency: organizations.currency }).from(organizations);
      const currency = input.currency ?? org?.currency;
      if (!currency) throw new AppError('validation_failed', 'No currency', { errors: [{ path: 'body.currency', message: 'set one, or a default currency in settings' }] });
      // Numbers are per organization and gap-free: one allocation at a time per organization.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext('billing:invoice-number'), hashtext(${ctx.orgId}))`);
      const [next] = rowsOf<{ n: number }>(await tx.execute(sql`select coalesce(max(number), 0) + 1 as n from billing_invoices`));
      return { customerId: input.customerId, currency, dueDate: input.dueDate, notes: input.notes ?? null, number: Number(next!.n) };
    },
    beforeUpdate: async (tx, _ctx, existing, patch) => {
      assertDraft(existing);
      if (patch.customerId) await assertCustomer(tx, patch.customerId);
      if (patch.currency && patch.currency !== existing.currency) {
        // Lines are rounded to the currency's minor unit: recompute them for the new currency.
        await recomputeTotals(tx, existing.id as string, patch.currency);
      }
      return patch;
    },
    beforeDelete: async (_tx, _ctx, existing) => assertDraft(existing),
  },
});

// ---- invoice lines --------------------------------------------------------------------------

export const Line = z
  .object({
    id: z.uuid(),
    invoiceId: z.uuid(),
    position: z.number().int(),
    description: z.string(),
    quantity: z.string(),
    unitPrice: z.string(),
    taxRate: z.string(),
    lineSubtotal: z.string(),
    lineTax: z.string(),
  })
  .openapi('BillingInvoiceLine');
const lineFields = {
  description: z.string().trim().min(1).max(500),
  quantity: Decimal().refine((v) => /[1-9]/.test(v), 'must be greater than 0'),
  unitPrice: Decimal(),
  taxRate: Decimal('100'),
};
export const LineInput = z.object({ ...lineFields, taxRate: lineFields.taxRate.default('0') }).strict();
/** A line change: no defaults, or `.partial()` would fill taxRate '0' into every update that omits it. */
export const LinePatch = z.object(lineFields).partial().strict();

const lineView = (l: typeof invoiceLines.$inferSelect, currency: string): z.infer<typeof Line> => ({
  id: l.id,
  invoiceId: l.invoiceId,
  position: l.position,
  description: l.description,
  quantity: plain(l.quantity),
  unitPrice: plain(l.unitPrice),
  taxRate: plain(l.taxRate),
  lineSubtotal: money(l.lineSubtotal, currency),
  lineTax: money(l.lineTax, currency),
});

async function recomputeTotals(tx: Tx, invoiceId: string, currency: string) {
  const lines = await tx.select().from(invoiceLines).where(eq(invoiceLines.invoiceId, invoiceId));
  const amounts = lines.map((l) => ({ id: l.id, ...lineAmounts({ quantity: l.quantity, unitPrice: l.unitPrice, taxRate: l.taxRate }, currency) }));
  for (const a of amounts) {
    await tx.update(invoiceLines).set({ lineSubtotal: a.lineSubtotal, lineTax: a.lineTax }).where(eq(invoiceLines.id, a.id));
  }
  await tx.update(invoices).set({ ...invoiceTotals(amounts, currency), updatedAt: new Date() }).where(eq(invoices.id, invoiceId));
}

export async function listLines(db: Database, ctx: TenantContext, invoiceId: string) {
  requirePermission(ctx.permissions, 'invoices:read');
  return withTenant(db, ctx, async (tx) => {
    const invoice = await invoiceResource.load(tx, invoiceId);
    const lines = await tx.select().from(invoiceLines).where(eq(invoiceLines.invoiceId, invoiceId)).orderBy(asc(invoiceLines.position));
    return { invoice: invoiceView(invoice), items: lines.map((l) => lineView(l, invoice.currency as string)) };
  });
}

type LineChange = { kind: 'add'; input: z.infer<typeof LineInput> } | { kind: 'update'; lineId: string; input: Partial<z.infer<typeof LineInput>> } | { kind: 'remove'; lineId: string };

/** Every line change runs with the invoice locked and DRAFT, and recomputes the totals in the same transaction. */
export async function changeLines(db: Database, ctx: TenantContext, invoiceId: string, change: LineChange) {
  requirePermission(ctx.permissions, 'invoices:update');
  return withTenant(db, ctx, async (tx) => {
    const invoice = await invoiceResource.load(tx, invoiceId, true);
    assertDraft(invoice);
    const currency = invoice.currency as string;
    if (change.kind === 'add') {
      const [pos] = rowsOf<{ n: number }>(await tx.execute(sql`select coalesce(max(position), 0) + 1 as n from billing_invoice_lines where invoice_id = ${invoiceId}`));
      await tx.insert(invoiceLines).values({ organizationId: ctx.orgId, invoiceId, position: Number(pos!.n), ...change.input, ...lineAmounts(change.input, currency) });
    } else {
      const [line] = await tx.select().from(invoiceLines).where(and(eq(invoiceLines.id, change.lineId), eq(invoiceLines.invoiceId, invoiceId)));
      if (!line) throw new AppError('not_found', 'Line not found');
      if (change.kind === 'remove') await tx.delete(invoiceLines).where(eq(invoiceLines.id, line.id));
      else {
        const merged = { quantity: change.input.quantity ?? line.quantity, unitPrice: change.input.unitPrice ?? line.unitPrice, taxRate: change.input.taxRate ?? line.taxRate };
        await tx.update(invoiceLines).set({ ...change.input, ...lineAmounts(merged, currency), updatedAt: new Date() }).where(eq(invoiceLines.id, line.id));
      }
    }
    await recomputeTotals(tx, invoiceId, currency);
    await recordChange(tx, ctx.orgId, { action: `invoice.line_${change.kind === 'add' ? 'added' : change.kind === 'update' ? 'updated' : 'removed'}`, targetType: 'invoice', targetId: invoiceId });
    const [updated] = await tx.select().from(invoices).where(eq(invoices.id, invoiceId));
    const lines = await tx.select().from(invoiceLines).where(eq(invoiceLines.invoiceId, invoiceId)).orderBy(asc(invoiceLines.position));
    return { invoice: invoiceView(updated!), items: lines.map((l) => lineView(l, currency)) };
  });
}

const TRANSITIONS = {
  issue: { from: ['DRAFT'], to: 'ISSUED', event: 'INVOICE_ISSUED', stamp: 'issuedAt' },
  pay: { from: ['ISSUED'], to: 'PAID', event: 'INVOICE_PAID', stamp: 'paidAt' },
  void: { from: ['DRAFT', 'ISSUED'], to: 'VOID', event: 'INVOICE_VOIDED', stamp: 'voidedAt' },
} as const;

export async function transitionInvoice(db: Database, ctx: TenantContext, invoiceId: string, action: keyof typeof TRANSITIONS) {
  requirePermission(ctx.permissions, `invoices:${action}`);
  const t = TRANSITIONS[action];
  return withTenant(db, ctx, async (tx) => {
    const invoice = await invoiceResource.load(tx, invoiceId, true);
    if (!(t.from as readonly string[]).includes(invoice.status as string)) {
      throw new AppError('invalid_transition', `Cannot ${action} an invoice that is ${invoice.status}`);
    }
    if (action === 'issue') {
      const [n] = await tx.select({ n: sql<number>`count(*)::int` }).from(invoiceLines).where(eq(invoiceLines.invoiceId, invoiceId));
      if (!Number(n?.n)) throw new AppError('unprocessable', 'An invoice needs at least one line before it is issued');
    }
    const [row] = await tx
      .update(invoices)
      .set({ status: t.to, [t.stamp]: new Date(), ...(action === 'issue' ? { issueDate: sql`current_date` } : {}), updatedAt: new Date() })
      .where(eq(invoices.id, invoiceId))
      .returning();
    await recordChange(
      tx,
      ctx.orgId,
      { action: `invoice.${t.to.toLowerCase()}`, targetType: 'invoice', targetId: invoiceId, changes: { before: { status: invoice.status }, after: { status: t.to } } },
      { type: t.event, payload: { invoiceId, number: row!.number, total: row!.total, currency: row!.currency } },
    );
    return invoiceView(row!);
  });
}


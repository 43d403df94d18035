// Billing's rows, and an invoice with its lines. Lines change only in DRAFT; every change answers the
// invoice with recomputed totals, which replaces the cached detail at once (the list refreshes too).
import { queryOptions, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api';
import { orgKey } from '../../lib/org';
import { resourcePath, useModuleMutation, type ReferenceSource } from '../../components/resource';

export type Address = { line1?: string; line2?: string; city?: string; region?: string; postalCode?: string; country?: string };
export type Customer = { id: string; name: string; email: string | null; address: Address; taxId: string | null; createdAt: string; updatedAt: string };
export type InvoiceStatus = 'DRAFT' | 'ISSUED' | 'PAID' | 'VOID';
export type Invoice = {
  id: string;
  number: number;
  customerId: string;
  currency: string;
  status: InvoiceStatus;
  issueDate: string | null;
  dueDate: string;
  notes: string | null;
  subtotal: string;
  taxTotal: string;
  total: string;
  createdAt: string;
  updatedAt: string;
};
export type InvoiceLine = {
  id: string;
  invoiceId: string;
  position: number;
  description: string;
  quantity: string;
  unitPrice: string;
  taxRate: string;
  lineSubtotal: string;
  lineTax: string;
};
export type InvoiceWithLines = { invoice: Invoice; items: InvoiceLine[] };
export type LineInput = { description: string; quantity: string; unitPrice: string; taxRate?: string };

export const customerRef: ReferenceSource = { module: 'billing', resource: 'customers', label: (c: Customer) => c.name };
export const invoiceLabel = (i: Pick<Invoice, 'number'>) => `#${i.number}`;

export const invoiceQuery = (slug: string, id: string) =>
  queryOptions({
    queryKey: orgKey(slug, 'billing', 'invoices', 'detail', id),
    queryFn: ({ signal }) => api.get<InvoiceWithLines>(resourcePath(slug, 'billing', 'invoices', `/${id}/lines`), { signal }),
  });

/** Add (no lineId), change or remove (remove: true) a line of a DRAFT invoice. */
export function useLineMutation(invoiceId: string) {
  const queryClient = useQueryClient();
  const mutation = useModuleMutation('billing', (input: { lineId?: string; remove?: boolean; body?: Partial<LineInput> }, slug) => {
    const path = (rest: string) => resourcePath(slug, 'billing', 'invoices', `/${invoiceId}/lines${rest}`);
    const done = (r: InvoiceWithLines) => {
      queryClient.setQueryData(invoiceQuery(slug, invoiceId).queryKey, r);
      return r;
    };
    if (input.remove) return api.delete<InvoiceWithLines>(path(`/${input.lineId}`)).then(done);
    if (input.lineId) return api.patch<InvoiceWithLines>(path(`/${input.lineId}`), input.body).then(done);
    return api.post<InvoiceWithLines>(path(''), input.body).then(done);
  });
  return mutation;
}

// The billing module: customers, invoices with lines, exact decimal totals, DRAFT → ISSUED → PAID | VOID.
import type { ModuleDefinition } from '../types.ts';
import { billingRoutes } from './routes.ts';

export const billing: ModuleDefinition = {
  id: 'billing',
  name: 'Billing',
  description: 'Customers and invoices with line items, taxes and exact multi-currency totals.',
  requirements: [
    { key: 'contact_email', description: 'Set a contact email for the organization', settingsField: 'contactEmail', met: (o) => !!o.contactEmail },
    { key: 'address', description: 'Set the organization address (street and country)', settingsField: 'address', met: (o) => !!o.address?.line1 && !!o.address?.country },
    { key: 'currency', description: 'Set a default currency', settingsField: 'currency', met: (o) => !!o.currency },
  ],
  permissions: {
    customers: { actions: ['read', 'create', 'update', 'delete'], member: ['read', 'create', 'update'], readOnly: ['read'] },
    invoices: { actions: ['read', 'create', 'update', 'delete', 'issue', 'pay', 'void'], member: ['read', 'create', 'update'], readOnly: ['read'] },
  },
  eventTypes: ['INVOICE_CREATED', 'INVOICE_ISSUED', 'INVOICE_PAID', 'INVOICE_VOIDED'],
  tables: ['billing_customers', 'billing_invoices', 'billing_invoice_lines'],
  routes: billingRoutes,
};

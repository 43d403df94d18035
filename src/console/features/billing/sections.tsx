// Billing's screens for the section registry (app/sections.tsx): shown and routable while the module
// is enabled (ModuleGate) and my role reads the resource.
import { IconAddressBook, IconFileInvoice } from '@tabler/icons-react';
import type { Section } from '../../app/sections';
import { gatedBy } from '../../components/ModuleGate';
import { CustomersPage } from './CustomersPage';
import { InvoiceDetailPage } from './InvoiceDetailPage';
import { InvoicesPage } from './InvoicesPage';

const gated = gatedBy('billing');

export const billingSections: Section[] = [
  { module: 'billing', path: 'billing/invoices', element: gated(<InvoicesPage />), nav: { label: 'Invoices', icon: IconFileInvoice }, permission: 'invoices:read' },
  { module: 'billing', path: 'billing/invoices/:id', element: gated(<InvoiceDetailPage />), permission: 'invoices:read' },
  { module: 'billing', path: 'billing/customers', element: gated(<CustomersPage />), nav: { label: 'Customers', icon: IconAddressBook }, permission: 'customers:read' },
];

import { Text } from '@mantine/core';
import { useNavigate } from 'react-router';
import { formatDate, money, RefName, ResourcePage, RowActionButton, StateBadge, type ResourceSpec } from '../../components/resource';
import { useOrg } from '../../lib/org-context';
import { customerRef, invoiceLabel, type Invoice } from './api';

const STATUSES = ['DRAFT', 'ISSUED', 'PAID', 'VOID'];

const inDays = (days: number) => {
  const d = new Date(Date.now() + days * 86_400_000);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

/** Issue, pay and void, each where the status and my role allow it (list and detail page alike). */
export function InvoiceActions({ record: i, variant = 'subtle', size = 'compact-sm' }: { record: Invoice; variant?: 'subtle' | 'filled' | 'light'; size?: 'compact-sm' | 'sm' }) {
  const { can } = useOrg();
  const common = { module: 'billing', resource: 'invoices', id: i.id, size } as const;
  const name = `invoice ${invoiceLabel(i)}`;
  return (
    <>
      {i.status === 'DRAFT' && can('invoices:issue') && (
        <RowActionButton {...common} variant={variant} action="issue" label="Issue" ariaLabel={`Issue ${name}`} done={`Invoice ${invoiceLabel(i)} issued`} />
      )}
      {i.status === 'ISSUED' && can('invoices:pay') && (
        <RowActionButton {...common} variant={variant} color="green" action="pay" label="Mark paid" ariaLabel={`Mark ${name} paid`} done={`Invoice ${invoiceLabel(i)} paid`} />
      )}
      {(i.status === 'DRAFT' || i.status === 'ISSUED') && can('invoices:void') && (
        <RowActionButton
          {...common}
          variant={variant === 'filled' ? 'light' : variant}
          color="red"
          action="void"
          label="Void"
          ariaLabel={`Void ${name}`}
          confirm="A void invoice stays on record and can no longer be issued or paid."
          done={`Invoice ${invoiceLabel(i)} voided`}
        />
      )}
    </>
  );
}

export const invoicesSpec: ResourceSpec<Invoice> = {
  module: 'billing',
  resource: 'invoices',
  permission: 'invoices',
  title: 'Invoices',
  singular: 'invoice',
  description: 'Drafts get lines; issued invoices are paid or voided.',
  label: invoiceLabel,
  columns: [
    { accessor: 'number', title: 'Number', render: (i) => <Text size="sm" fw={500}>{invoiceLabel(i)}</Text> },
    { accessor: 'customerId', title: 'Customer', render: (i) => <RefName source={customerRef} id={i.customerId} /> },
    { accessor: 'status', render: (i) => <StateBadge state={i.status} /> },
    { accessor: 'dueDate', title: 'Due', render: (i) => formatDate(i.dueDate) },
    { accessor: 'total', textAlign: 'right', render: (i) => money(i.total, i.currency) },
    { accessor: 'createdAt', title: 'Created', visibleMediaQuery: '(min-width: 62em)', render: (i) => formatDate(i.createdAt) },
  ],
  sortable: ['number', 'dueDate', 'total', 'createdAt'],
  defaultSort: { field: 'number', order: 'desc' },
  search: 'Search notes',
  filters: [
    { name: 'status', label: 'Status', kind: 'select', options: STATUSES.map((s) => ({ value: s, label: s.toLowerCase() })), placeholder: 'Any status' },
    { name: 'customerId', label: 'Customer', kind: 'reference', reference: customerRef, placeholder: 'Any customer' },
    { name: 'dueBefore', label: 'Due before', kind: 'date' },
  ],
  fields: [
    { name: 'customerId', label: 'Customer', kind: 'reference', reference: customerRef, required: true },
    { name: 'dueDate', label: 'Due date', kind: 'date', required: true, defaultValue: inDays(30) },
    { name: 'currency', label: 'Currency', description: "Leave empty for the organization's default", maxLength: 3, upperCase: true, placeholder: 'e.g. EUR' },
    { name: 'notes', label: 'Notes', kind: 'textarea', nullable: true, maxLength: 2000 },
  ],
  canEdit: (i) => i.status === 'DRAFT',
  canDelete: (i) => i.status === 'DRAFT',
  rowHref: (i) => `billing/invoices/${i.id}`,
  RowActions: InvoiceActions,
};

export function InvoicesPage() {
  const { slug } = useOrg();
  const navigate = useNavigate();
  return <ResourcePage spec={invoicesSpec} onCreated={(i) => navigate(`/o/${slug}/billing/invoices/${i.id}`)} />;
}

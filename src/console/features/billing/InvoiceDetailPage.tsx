import { useEffect, useState } from 'react';
import { Alert, Anchor, Button, Card, Group, Modal, SimpleGrid, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery } from '@tanstack/react-query';
import { IconArrowLeft, IconPlus } from '@tabler/icons-react';
import { DataTable } from 'mantine-datatable';
import { Link, useParams } from 'react-router';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { formatDate, money, RefName, StateBadge } from '../../components/resource';
import { fieldErrorsOf } from '../../lib/form-errors';
import { useOrg } from '../../lib/org-context';
import { errorMessage, notifyError, notifySuccess } from '../../lib/notify';
import { customerRef, invoiceLabel, invoiceQuery, useLineMutation, type Invoice, type InvoiceLine, type LineInput } from './api';
import { InvoiceActions } from './InvoicesPage';

const emptyLine: LineInput = { description: '', quantity: '1', unitPrice: '', taxRate: '0' };
const trimmed = (v: LineInput): LineInput => ({
  description: v.description.trim(),
  quantity: v.quantity.trim(),
  unitPrice: v.unitPrice.trim(),
  taxRate: (v.taxRate ?? '').trim() || '0',
});

/** The four inputs of a line; `compact` lays them out in one row under the lines table. */
function LineForm({ invoiceId, line, onDone, label }: { invoiceId: string; line?: InvoiceLine; onDone?: () => void; label: string }) {
  const save = useLineMutation(invoiceId);
  const form = useForm<LineInput>({ mode: 'controlled', initialValues: emptyLine });
  useEffect(() => {
    const v = line ? { description: line.description, quantity: line.quantity, unitPrice: line.unitPrice, taxRate: line.taxRate } : emptyLine;
    form.setValues(v);
    form.setInitialValues(v);
    form.clearErrors();
    save.reset();
  }, [line?.id]);

  const submit = form.onSubmit((values) =>
    save.mutate(
      { lineId: line?.id, body: trimmed(values) },
      {
        onSuccess: () => {
          notifySuccess(line ? 'Line saved' : 'Line added');
          if (!line) form.setValues(emptyLine);
          onDone?.();
        },
        onError: (e) => form.setErrors(fieldErrorsOf(e)),
      },
    ),
  );
  const general = save.error && !Object.keys(fieldErrorsOf(save.error)).length ? errorMessage(save.error) : null;
  return (
    <form onSubmit={submit} aria-label={label} noValidate>
      <Stack gap="xs">
        {general && <Alert color="red" role="alert">{general}</Alert>}
        <SimpleGrid cols={{ base: 1, sm: line ? 1 : 4 }} spacing="xs">
          <TextInput label="Description" maxLength={500} {...form.getInputProps('description')} />
          <TextInput label="Quantity" inputMode="decimal" required {...form.getInputProps('quantity')} />
          <TextInput label="Unit price" inputMode="decimal" required {...form.getInputProps('unitPrice')} />
          <TextInput label="Tax rate (%)" inputMode="decimal" {...form.getInputProps('taxRate')} />
        </SimpleGrid>
        <Group justify="flex-end" gap="xs">
          {line && <Button variant="default" onClick={onDone}>Cancel</Button>}
          <Button type="submit" loading={save.isPending} leftSection={line ? undefined : <IconPlus size={16} />}>
            {line ? 'Save line' : 'Add line'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function Totals({ invoice }: { invoice: Invoice }) {
  const row = (label: string, value: string, strong = false) => (
    <Table.Tr>
      <Table.Th scope="row" fw={strong ? 700 : 500}>{label}</Table.Th>
      <Table.Td ta="right" fw={strong ? 700 : undefined} data-testid={`invoice-${label.toLowerCase()}`}>{money(value, invoice.currency)}</Table.Td>
    </Table.Tr>
  );
  return (
    <Table maw={320} ml="auto" aria-label="Invoice totals" withRowBorders={false}>
      <Table.Tbody>
        {row('Subtotal', invoice.subtotal)}
        {row('Tax', invoice.taxTotal)}
        {row('Total', invoice.total, true)}
      </Table.Tbody>
    </Table>
  );
}

/** One invoice: its header, its lines (editable while DRAFT, totals from the API after each change) and its transitions. */
export function InvoiceDetailPage() {
  const { slug, can } = useOrg();
  const { id = '' } = useParams();
  const detail = useQuery(invoiceQuery(slug, id));
  const remove = useLineMutation(id);
  const [editing, setEditing] = useState<InvoiceLine | null>(null);

  if (detail.isPending) return <Loading label="Loading invoice" />;
  if (detail.isError) return <QueryError error={detail.error} onRetry={() => detail.refetch()} />;
  const { invoice, items } = detail.data;
  const editable = invoice.status === 'DRAFT' && can('invoices:update');

  return (
    <>
      <Anchor component={Link} to={`/o/${slug}/billing/invoices`} size="sm">
        <Group gap={4}><IconArrowLeft size={14} /> Invoices</Group>
      </Anchor>
      <PageHeader
        title={`Invoice ${invoiceLabel(invoice)}`}
        description={<><RefName source={customerRef} id={invoice.customerId} /> · {invoice.currency}</>}
        actions={<InvoiceActions record={invoice} variant="filled" size="sm" />}
      />
      <Card withBorder mb="md">
        <SimpleGrid cols={{ base: 2, sm: 4 }}>
          <Stack gap={2}>
            <Text size="xs" c="dimmed">Status</Text>
            <div aria-label="Invoice status"><StateBadge state={invoice.status} size="md" /></div>
          </Stack>
          <Stack gap={2}>
            <Text size="xs" c="dimmed">Issued</Text>
            <Text size="sm">{invoice.issueDate ? formatDate(invoice.issueDate) : 'Not yet'}</Text>
          </Stack>
          <Stack gap={2}>
            <Text size="xs" c="dimmed">Due</Text>
            <Text size="sm">{formatDate(invoice.dueDate)}</Text>
          </Stack>
          <Stack gap={2}>
            <Text size="xs" c="dimmed">Total</Text>
            <Text size="sm" fw={700}>{money(invoice.total, invoice.currency)}</Text>
          </Stack>
        </SimpleGrid>
        {invoice.notes && <Text size="sm" mt="sm" c="dimmed">{invoice.notes}</Text>}
      </Card>

      <Title order={3} size="h4" mb="xs">Lines</Title>
      <DataTable<InvoiceLine>
        aria-label="Invoice lines"
        withTableBorder
        borderRadius="md"
        minHeight={items.length ? undefined : 120}
        fetching={detail.isFetching && !detail.isRefetching}
        records={items}
        noRecordsText={editable ? 'No lines yet: add the first below' : 'No lines'}
        columns={[
          { accessor: 'position', title: '#', width: 40 },
          { accessor: 'description', render: (l) => l.description || <Text span c="dimmed">—</Text> },
          { accessor: 'quantity', textAlign: 'right' },
          { accessor: 'unitPrice', title: 'Unit price', textAlign: 'right' },
          { accessor: 'taxRate', title: 'Tax', textAlign: 'right', render: (l) => `${l.taxRate} %` },
          { accessor: 'lineSubtotal', title: 'Amount', textAlign: 'right', render: (l) => money(l.lineSubtotal, invoice.currency) },
          { accessor: 'lineTax', title: 'Tax amount', textAlign: 'right', visibleMediaQuery: '(min-width: 48em)', render: (l) => money(l.lineTax, invoice.currency) },
          {
            accessor: 'actions',
            title: <VisuallyHidden>Actions</VisuallyHidden>,
            textAlign: 'right',
            hidden: !editable,
            render: (l) => (
              <Group gap={4} justify="flex-end" wrap="nowrap">
                <Button size="compact-sm" variant="subtle" onClick={() => setEditing(l)} aria-label={`Edit line ${l.position}`}>Edit</Button>
                <Button
                  size="compact-sm"
                  variant="subtle"
                  color="red"
                  aria-label={`Remove line ${l.position}`}
                  onClick={() => remove.mutate({ lineId: l.id, remove: true }, { onSuccess: () => notifySuccess('Line removed'), onError: (e) => notifyError(e) })}
                >
                  Remove
                </Button>
              </Group>
            ),
          },
        ]}
      />
      <Totals invoice={invoice} />
      {editable && (
        <Card withBorder mt="md">
          <Text fw={600} size="sm" mb="xs">Add a line</Text>
          <LineForm invoiceId={invoice.id} label="Add a line" />
        </Card>
      )}
      {invoice.status === 'DRAFT' && !items.length && can('invoices:issue') && (
        <Text size="sm" c="dimmed" mt="sm">An invoice needs at least one line before it can be issued.</Text>
      )}
      <Modal opened={!!editing} onClose={() => setEditing(null)} title={editing ? `Line ${editing.position}` : ''}>
        {editing && <LineForm invoiceId={invoice.id} line={editing} label={`Edit line ${editing.position}`} onDone={() => setEditing(null)} />}
      </Modal>
    </>
  );
}

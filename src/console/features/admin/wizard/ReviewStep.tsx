import { Alert, Loader, Group, Table, Text } from '@mantine/core';
import { IconCircleCheck } from '@tabler/icons-react';
import { errorMessage } from '../../../lib/notify';
import type { AdminUser, WizardResult } from '../api';
import type { WizardValues } from './values';

type Props = { values: WizardValues; owner: AdminUser | null; check: { pending: boolean; result: WizardResult | undefined; error: unknown } };

/** What will be created, and the server's dry run of exactly that call. */
export function ReviewStep({ values, owner, check }: Props) {
  const o = values.organization;
  const rows: [string, string][] = [
    ['Owner', values.mode === 'existing' ? `${owner?.name ?? ''} <${owner?.email ?? values.owner.userId}>` : `${values.owner.name} <${values.owner.email}> (new user)`],
    ['Organization', o.name],
    ['Slug', check.result?.organization.slug ?? (o.slug || 'derived from the name')],
    ['Contact email', o.contactEmail || '—'],
    ['Language · timezone · currency', `${o.language} · ${o.timezone || 'server default'} · ${o.currency || '—'}`],
    ['Join approval', o.joinApproval ? 'required' : 'not required'],
    ['Starts as', values.initialStatus],
  ];
  return (
    <>
      <Table withTableBorder aria-label="Review">
        <Table.Tbody>
          {rows.map(([k, v]) => (
            <Table.Tr key={k}>
              <Table.Th scope="row" w="40%">{k}</Table.Th>
              <Table.Td>{v}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {check.pending ? (
        <Group mt="md" gap="xs" role="status"><Loader size="xs" /><Text size="sm">Checking with the server…</Text></Group>
      ) : check.error ? (
        <Alert mt="md" color="red" role="alert" title="The server would refuse this">{errorMessage(check.error)}</Alert>
      ) : check.result ? (
        <Alert mt="md" color="green" icon={<IconCircleCheck />} role="status">Checked: the server accepts this. Nothing is created until you confirm.</Alert>
      ) : null}
    </>
  );
}

import { Checkbox, Table, Text, Tooltip } from '@mantine/core';
import type { PermissionRow } from '../../lib/org-catalog';

type Props = {
  table: PermissionRow[];
  value: string[];
  onChange: (next: string[]) => void;
  /** Permissions I hold: nobody grants what they do not hold, so the others are disabled. */
  grantable: (permission: string) => boolean;
  readOnly?: boolean;
  error?: string;
};

/** Resources × actions, one checkbox per permission the modules declare (blank where an action does not apply). */
export function PermissionMatrix({ table, value, onChange, grantable, readOnly, error }: Props) {
  const actions = [...new Set(table.flatMap((r) => r.actions))];
  const selected = new Set(value);
  const toggle = (p: string, on: boolean) => onChange(on ? [...value, p] : value.filter((v) => v !== p));

  return (
    <div>
      <Table.ScrollContainer minWidth={640}>
        <Table striped withTableBorder aria-label="Permission matrix">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Resource</Table.Th>
              {actions.map((a) => (
                <Table.Th key={a} scope="col" ta="center">{a.replace('_', ' ')}</Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {table.map((row) => (
              <Table.Tr key={row.resource}>
                <Table.Th scope="row">{row.resource}</Table.Th>
                {actions.map((a) => {
                  const p = `${row.resource}:${a}`;
                  if (!row.actions.includes(a)) return <Table.Td key={a} />;
                  const allowed = grantable(p);
                  const box = (
                    <Checkbox
                      aria-label={p}
                      checked={selected.has(p)}
                      disabled={readOnly || !allowed}
                      onChange={(e) => toggle(p, e.currentTarget.checked)}
                      styles={{ body: { justifyContent: 'center' } }}
                    />
                  );
                  return (
                    <Table.Td key={a} ta="center">
                      {allowed || readOnly ? box : <Tooltip label="You do not hold this permission"><span>{box}</span></Tooltip>}
                    </Table.Td>
                  );
                })}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {error && <Text c="red" size="sm" mt={4} role="alert">{error}</Text>}
    </div>
  );
}

import { Code, Table, Text } from '@mantine/core';

// An audit entry's `changes` ({ before?, after? }) as a field-by-field table: what each field was, what
// it became, changed fields first and marked. Anything of another shape is shown as JSON, untouched.

type Row = { field: string; before: unknown; after: unknown; changed: boolean };
const ABSENT = Symbol('absent');

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Rows of a before/after pair, or null when `changes` is not of that shape. */
export function diffRows(changes: unknown): Row[] | null {
  if (!isObject(changes) || !Object.keys(changes).every((k) => k === 'before' || k === 'after')) return null;
  const before = changes.before ?? {};
  const after = changes.after ?? {};
  if (!isObject(before) || !isObject(after)) return null;
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  const rows = fields.map((field) => {
    const b = field in before ? before[field] : ABSENT;
    const a = field in after ? after[field] : ABSENT;
    // A field absent on one side and null on the other did not change (e.g. "no reason" before and after).
    const same = JSON.stringify(b === ABSENT ? null : b) === JSON.stringify(a === ABSENT ? null : a);
    return { field, before: b, after: a, changed: !same };
  });
  return rows.sort((x, y) => Number(y.changed) - Number(x.changed));
}

function Value({ value, tone }: { value: unknown; tone: 'before' | 'after' }) {
  if (value === ABSENT) return <Text size="sm" c="dimmed">—</Text>;
  if (value === null || value === '') return <Text size="sm" c="dimmed" fs="italic">{value === null ? 'empty' : '""'}</Text>;
  const text = typeof value === 'string' ? value : JSON.stringify(value, null, 2);
  return (
    <Code block={text.includes('\n')} color={tone === 'before' ? 'red.1' : 'green.1'} c="dark" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
      {text}
    </Code>
  );
}

export function ChangesDiff({ changes }: { changes: unknown }) {
  if (changes === null || changes === undefined) return <Text size="sm" c="dimmed">No field changes recorded.</Text>;
  const rows = diffRows(changes);
  if (!rows) return <Code block>{JSON.stringify(changes, null, 2)}</Code>;
  if (rows.length === 0) return <Text size="sm" c="dimmed">No field changes recorded.</Text>;
  return (
    <Table aria-label="Changes" withTableBorder withColumnBorders layout="fixed" verticalSpacing={6}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th w="22%">Field</Table.Th>
          <Table.Th>Before</Table.Th>
          <Table.Th>After</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((r) => (
          <Table.Tr key={r.field} opacity={r.changed ? 1 : 0.6}>
            <Table.Td>
              <Text size="sm" fw={r.changed ? 600 : 400}>{r.field}</Text>
              {!r.changed && <Text size="xs" c="dimmed">unchanged</Text>}
            </Table.Td>
            <Table.Td><Value value={r.before} tone="before" /></Table.Td>
            <Table.Td><Value value={r.after} tone="after" /></Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

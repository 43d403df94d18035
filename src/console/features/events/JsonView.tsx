import { Fragment, type ReactNode } from 'react';
import { ActionIcon, Code, CopyButton, Group, Text, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';

// A read-only JSON viewer: indented, with keys, strings, numbers and literals told apart by color, and
// a copy button for the whole document. Values are rendered as text nodes, never as HTML.

const color = { key: 'blue.7', string: 'green.8', number: 'orange.8', literal: 'grape.7', punct: 'dimmed' } as const;

function render(value: unknown, indent: number): ReactNode {
  const pad = '  '.repeat(indent + 1);
  const end = '  '.repeat(indent);
  if (value === null || typeof value === 'boolean') return <Text span c={color.literal} inherit>{String(value)}</Text>;
  if (typeof value === 'number') return <Text span c={color.number} inherit>{value}</Text>;
  if (typeof value === 'string') return <Text span c={color.string} inherit>{JSON.stringify(value)}</Text>;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return (
      <>
        {'[\n'}
        {value.map((v, i) => (
          <Fragment key={i}>
            {pad}
            {render(v, indent + 1)}
            {i < value.length - 1 ? ',\n' : '\n'}
          </Fragment>
        ))}
        {end}]
      </>
    );
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return '{}';
    return (
      <>
        {'{\n'}
        {entries.map(([k, v], i) => (
          <Fragment key={k}>
            {pad}
            <Text span c={color.key} inherit>{JSON.stringify(k)}</Text>
            {': '}
            {render(v, indent + 1)}
            {i < entries.length - 1 ? ',\n' : '\n'}
          </Fragment>
        ))}
        {end}
        {'}'}
      </>
    );
  }
  return String(value);
}

export function JsonView({ value, label = 'JSON' }: { value: unknown; label?: string }) {
  const text = JSON.stringify(value, null, 2);
  return (
    <div style={{ position: 'relative' }}>
      <Code block aria-label={label} style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>{render(value, 0)}</Code>
      <Group pos="absolute" top={6} right={6}>
        <CopyButton value={text}>
          {({ copied, copy }) => (
            <Tooltip label={copied ? 'Copied' : 'Copy JSON'} withArrow>
              <ActionIcon variant="default" size="sm" onClick={copy} aria-label={`Copy ${label}`}>
                {copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
              </ActionIcon>
            </Tooltip>
          )}
        </CopyButton>
      </Group>
    </div>
  );
}

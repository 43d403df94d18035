import type { ReactNode } from 'react';
import { Center, EmptyState, Paper } from '@mantine/core';

/** A whole-screen state (organization pending, suspended, not found…): says what happened and what next. */
export function FullPageMessage(props: { icon: ReactNode; color?: string; title: string; children?: ReactNode; actions?: ReactNode }) {
  return (
    <Center mih="60vh" p="md">
      <Paper withBorder p="xl" radius="lg" maw={560} w="100%" role="region" aria-label={props.title}>
        <EmptyState variant="light" color={props.color} size="lg" icon={props.icon}>
          <EmptyState.Title order={2}>{props.title}</EmptyState.Title>
          {/* A div, not the default <p>: callers pass paragraphs of their own. */}
          {props.children && <EmptyState.Description component="div">{props.children}</EmptyState.Description>}
          {props.actions && <EmptyState.Actions>{props.actions}</EmptyState.Actions>}
        </EmptyState>
      </Paper>
    </Center>
  );
}

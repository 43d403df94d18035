import { useState, type ReactNode } from 'react';
import { Button } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { PageHeader } from '../PageHeader';
import { useOrg } from '../../lib/org-context';
import type { ListParams } from './api';
import { ResourceForm } from './ResourceForm';
import { ResourceTable } from './ResourceTable';
import type { ResourceSpec, Row } from './types';

/**
 * One module resource as a screen: header with the create button (when my role may create), the list,
 * and the create/edit drawer. Module folders pass a spec; pages with more (a side switch, a detail
 * page after creating) wrap it.
 */
export function ResourcePage<T extends Row>({ spec, extraQuery, toolbar, headerActions, onCreated, children }: {
  spec: ResourceSpec<T>;
  extraQuery?: ListParams;
  toolbar?: ReactNode;
  headerActions?: ReactNode;
  /** After a row was created (e.g. open its detail page). */
  onCreated?: (row: T) => void;
  /** Below the list (the module's own dialogs). */
  children?: ReactNode;
}) {
  const { can } = useOrg();
  const [editing, setEditing] = useState<T | null | undefined>(undefined);
  const creatable = !!spec.fields && can(`${spec.permission}:create`);
  return (
    <>
      <PageHeader
        title={spec.title}
        description={spec.description}
        actions={
          (creatable || headerActions) && (
            <>
              {headerActions}
              {creatable && <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing(null)}>New {spec.singular}</Button>}
            </>
          )
        }
      />
      <ResourceTable spec={spec} extraQuery={extraQuery} toolbar={toolbar} onEdit={setEditing} />
      {spec.fields && (
        <ResourceForm spec={spec} record={editing} onClose={() => setEditing(undefined)} onSaved={(row, created) => created && onCreated?.(row)} />
      )}
      {children}
    </>
  );
}

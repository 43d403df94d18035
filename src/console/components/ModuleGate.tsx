import type { ReactNode } from 'react';
import { Button } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { IconPuzzle } from '@tabler/icons-react';
import { Link } from 'react-router';
import { modulesQuery } from '../lib/modules';
import { useOrg } from '../lib/org-context';
import { FullPageMessage } from './FullPageMessage';
import { Loading } from './Loading';

/**
 * In front of a module's screens: while the module is disabled for this organization, say so (and
 * where to enable it) instead of a table of 403s. Without modules:read the screen renders and the API
 * answers for itself.
 */
export function ModuleGate({ module, children }: { module: string; children: ReactNode }) {
  const { slug, can } = useOrg();
  const modules = useQuery({ ...modulesQuery(slug), enabled: can('modules:read') });
  if (!can('modules:read') || modules.isError) return <>{children}</>;
  if (modules.isPending) return <Loading label="Checking modules" />;
  const m = modules.data.find((x) => x.id === module);
  if (m?.enabled) return <>{children}</>;
  return (
    <FullPageMessage
      icon={<IconPuzzle />}
      color="gray"
      title={`${m?.name ?? module} is not enabled`}
      actions={<Button component={Link} to={`/o/${slug}/modules`}>Go to modules</Button>}
    >
      {can('modules:manage')
        ? 'Enable the module for this organization to use these screens. Data entered before it was disabled is kept.'
        : 'An owner or administrator of this organization can enable it.'}
    </FullPageMessage>
  );
}

/** `gatedBy('billing')(<Page />)`: a section element behind its module's gate. */
export const gatedBy = (module: string) => (element: ReactNode) => <ModuleGate module={module}>{element}</ModuleGate>;

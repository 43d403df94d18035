// Enabling and disabling modules. The list itself is lib/modules' modulesQuery (the navbar and the
// module gate read it too); a change refreshes it and everything cached for that module.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, orgPath } from '../../lib/api';
import { modulesKey } from '../../lib/modules';
import { orgKey } from '../../lib/org';

export type ToggleResult = { id: string; enabled: boolean; changed: boolean };

export function useToggleModule(slug: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, enable }: { id: string; enable: boolean }) =>
      api.post<ToggleResult>(orgPath(slug, `/modules/${encodeURIComponent(id)}/${enable ? 'enable' : 'disable'}`)),
    onSuccess: (r) =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: modulesKey(slug) }),
        queryClient.invalidateQueries({ queryKey: orgKey(slug, r.id) }),
      ]),
  });
}

/** Where a module's screens start (the modules page links there once it is enabled). */
export const MODULE_HOME: Record<string, string> = {
  billing: 'billing/invoices',
  cooperative: 'cooperative/marketplace',
  school: 'school/students',
  projects: 'projects/projects',
};

/** Settings page address that focuses the field fixing a requirement. */
export const settingsLink = (slug: string, field: string) => `/o/${slug}/settings?from=modules#${encodeURIComponent(field)}`;

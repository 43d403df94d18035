// Custom roles. The list and the permission table come from lib/org-catalog's rolesQuery (role pickers
// elsewhere share it); changes here refresh it, members (reassignment) and my own permissions.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, orgPath } from '../../lib/api';
import { orgKey } from '../../lib/org';
import type { Role } from '../../lib/org-catalog';

export type RoleInput = { key: string; name: string; description: string | null; permissions: string[] };

function useRoleMutation<I, R>(slug: string, fn: (input: I) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () =>
      Promise.all(['roles', 'members', 'me'].map((part) => queryClient.invalidateQueries({ queryKey: orgKey(slug, part) }))),
  });
}

export const useCreateRole = (slug: string) => useRoleMutation(slug, (input: RoleInput) => api.post<Role>(orgPath(slug, '/roles'), input));

export const useUpdateRole = (slug: string) =>
  useRoleMutation(slug, ({ key, ...rest }: RoleInput) => api.patch<Role>(orgPath(slug, `/roles/${encodeURIComponent(key)}`), rest));

export const useDeleteRole = (slug: string) =>
  useRoleMutation(slug, ({ key, reassignTo }: { key: string; reassignTo: string | null }) =>
    api.delete<{ deleted: string; reassigned: number }>(orgPath(slug, `/roles/${encodeURIComponent(key)}`), { query: { reassignTo } }),
  );

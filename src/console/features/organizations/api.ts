// Self-service organizations: create one (it starts PENDING unless the server auto-approves) and leave one.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, orgPath } from '../../lib/api';
import { myOrganizationsQuery, orgKey, type Organization } from '../../lib/org';

export type CreateOrganizationInput = { name: string; slug?: string; contactEmail?: string | null };

export function useCreateOrganization() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateOrganizationInput) => api.post<Organization>('/api/v1/orgs', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: myOrganizationsQuery.queryKey }),
  });
}

export function useLeaveOrganization(slug: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<{ left: true }>(orgPath(slug, '/leave')),
    onSuccess: async () => {
      queryClient.removeQueries({ queryKey: orgKey(slug) });
      await queryClient.invalidateQueries({ queryKey: myOrganizationsQuery.queryKey });
    },
  });
}

// Organization settings (PATCH /orgs/{org}). The answer is the new organization: it replaces the cached
// one (branding applies at once) and the switcher list is refreshed (name, logo and slug show there).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, orgPath } from '../../lib/api';
import { modulesKey } from '../../lib/modules';
import { myOrganizationsQuery, organizationQuery, type Organization } from '../../lib/org';
import type { SettingsPatch } from './settings-values';

export function useUpdateOrganization(slug: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (patch: SettingsPatch) => api.patch<Organization>(orgPath(slug, ''), patch),
    onSuccess: async (org) => {
      queryClient.setQueryData(organizationQuery(org.slug).queryKey, org);
      await queryClient.invalidateQueries({ queryKey: myOrganizationsQuery.queryKey });
      // Module requirements are settings: the modules page must not show ones just fixed.
      await queryClient.invalidateQueries({ queryKey: modulesKey(org.slug), refetchType: 'all' });
    },
  });
}

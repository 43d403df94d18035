// The organization's modules and their state (GET /orgs/{org}/modules), cached under
// ['org', slug, 'modules']. The navbar shows a module's screens only while it is enabled, the module
// gate in front of those screens reads the same answer, and enabling/disabling invalidates it.
import { queryOptions } from '@tanstack/react-query';
import { api, orgPath } from './api';
import { orgKey } from './org';

export type ModuleRequirement = { key: string; description: string; settingsField: string };

export type OrgModule = {
  id: string;
  name: string;
  description: string;
  enabled: boolean;
  dependencies: string[];
  missingDependencies: string[];
  unmetRequirements: ModuleRequirement[];
  resources: string[];
};

export const modulesKey = (slug: string) => orgKey(slug, 'modules');

export const modulesQuery = (slug: string) =>
  queryOptions({
    queryKey: modulesKey(slug),
    queryFn: ({ signal }) => api.get<{ items: OrgModule[] }>(orgPath(slug, '/modules'), { signal }).then((r) => r.items),
  });

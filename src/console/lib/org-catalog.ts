// Reference data that several org screens pick from (role and team selects, member pickers). Kept here
// so features do not import each other; the roles and teams features invalidate these same keys.
import { queryOptions } from '@tanstack/react-query';
import { api, orgPath, type Page } from './api';
import { orgKey, type Member } from './org';

export type Role = {
  key: string;
  name: string;
  description: string | null;
  builtin: boolean;
  permissions: string[];
  memberCount: number;
  createdAt: string;
};
export type PermissionRow = { resource: string; actions: string[] };
export type Team = { id: string; name: string; description: string | null; memberCount: number; createdAt: string };

export const rolesQuery = (slug: string) =>
  queryOptions({
    queryKey: orgKey(slug, 'roles'),
    queryFn: ({ signal }) => api.get<{ items: Role[]; permissionTable: PermissionRow[] }>(orgPath(slug, '/roles'), { signal }),
  });

export const teamsQuery = (slug: string) =>
  queryOptions({
    queryKey: orgKey(slug, 'teams'),
    queryFn: ({ signal }) => api.get<{ items: Team[] }>(orgPath(slug, '/teams'), { signal }).then((r) => r.items),
  });

/** Active members matching `q`, for pickers (first page is enough to choose from while typing). */
export const memberOptionsQuery = (slug: string, q: string) =>
  queryOptions({
    queryKey: orgKey(slug, 'members', 'options', q),
    queryFn: ({ signal }) =>
      api.get<Page<Member>>(orgPath(slug, '/members'), { signal, query: { status: 'ACTIVE', q, limit: 20 } }).then((r) => r.items),
  });

export const roleLabel = (roles: Role[] | undefined, key: string) => roles?.find((r) => r.key === key)?.name ?? key;

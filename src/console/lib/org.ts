// Organization-scoped data shared by every screen under /o/:slug. All org-scoped query keys start with
// ['org', slug] so switching organizations can cancel and drop exactly one organization's cache.
import { queryOptions, type QueryClient } from '@tanstack/react-query';
import { api, orgPath } from './api';

export const orgKey = (slug: string, ...rest: unknown[]) => ['org', slug, ...rest] as const;

export type OrgStatus = 'PENDING' | 'ACTIVE' | 'REJECTED' | 'SUSPENDED';

export type MyOrganization = {
  id: string;
  slug: string;
  name: string;
  status: OrgStatus;
  statusReason: string | null;
  logoUrl: string | null;
  role: string;
  membershipStatus: string;
};

export type Address = { line1?: string; line2?: string; city?: string; region?: string; postalCode?: string; country?: string };
export type Theme = { primaryColor?: string; accentColor?: string };

export type Organization = {
  id: string;
  slug: string;
  name: string;
  status: OrgStatus;
  statusReason: string | null;
  contactEmail: string | null;
  address: Address | null;
  language: string;
  timezone: string;
  currency: string | null;
  logoUrl: string | null;
  theme: Theme;
  joinApproval: boolean;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
};

export type Member = { id: string; userId: string; name: string; email: string; role: string; status: string; createdAt: string };

export type MyMembership = {
  organization: { id: string; slug: string; name: string; status: string };
  membership: Member;
  role: string;
  permissions: string[];
};

/** My organizations across tenants: not org-scoped, it feeds the switcher and the status screens. */
export const myOrganizationsQuery = queryOptions({
  queryKey: ['my-organizations'],
  queryFn: ({ signal }) => api.get<{ items: MyOrganization[] }>('/api/v1/orgs', { signal }).then((r) => r.items),
});

export const organizationQuery = (slug: string) =>
  queryOptions({
    queryKey: orgKey(slug, 'organization'),
    queryFn: ({ signal }) => api.get<Organization>(orgPath(slug), { signal }),
  });

/** My membership and effective permissions here: what the console shows follows this. */
export const membershipQuery = (slug: string) =>
  queryOptions({
    queryKey: orgKey(slug, 'me'),
    queryFn: ({ signal }) => api.get<MyMembership>(orgPath(slug, '/me'), { signal }),
  });

/**
 * Forget one organization: abort its in-flight requests and drop its cached answers, so nothing of it
 * can flash on the next organization's screens (called when the user switches or leaves /o/:slug).
 */
export async function forgetOrganization(queryClient: QueryClient, slug: string) {
  await queryClient.cancelQueries({ queryKey: orgKey(slug) });
  queryClient.removeQueries({ queryKey: orgKey(slug) });
}

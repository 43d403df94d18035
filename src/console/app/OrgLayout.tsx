// Everything under /o/:slug. The membership query (GET /orgs/{slug}/me) is the gate: until it answers
// nothing of the organization renders; a pending/rejected/suspended organization or a missing
// membership gets its full-page screen. The organization's branding applies while inside it.
// Leaving the organization drops its cache: see use-forget-previous-org.ts.
import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Outlet, useParams } from 'react-router';
import { Loading } from '../components/Loading';
import { OrgStatusScreen } from '../features/organizations/OrgStatusScreen';
import { membershipQuery, organizationQuery } from '../lib/org';
import { OrgContext } from '../lib/org-context';
import { useBranding } from './branding';

export function OrgLayout() {
  const { slug = '' } = useParams();
  const membership = useQuery(membershipQuery(slug));
  const permissions = membership.data?.permissions;
  const can = useMemo(() => {
    const held = new Set(permissions ?? []);
    return (p: string) => held.has(p);
  }, [permissions]);
  const organization = useQuery({ ...organizationQuery(slug), enabled: can('organization:read') });
  useBranding(organization.data?.theme);

  if (membership.isPending) return <Loading label="Opening organization" />;
  if (membership.isError) return <OrgStatusScreen slug={slug} error={membership.error} />;

  return (
    <OrgContext.Provider value={{ slug, membership: membership.data, can }}>
      {/* Keyed by slug: filters, pages and open dialogs of one organization never carry into another. */}
      <Outlet key={slug} />
    </OrgContext.Provider>
  );
}

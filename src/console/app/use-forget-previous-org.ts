// When the organization in the URL changes (switcher, back button, a typed URL) or the user leaves
// /o/ altogether, the previous organization's in-flight requests are aborted and its cache dropped, so
// another organization's screens can never show its data. Watching the transition from the shell
// (which stays mounted) rather than cleaning up on unmount keeps this a no-op for the current one.
import { useEffect, useRef } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { forgetOrganization } from '../lib/org';
import { useCurrentOrgSlug } from '../lib/use-current-org-slug';

export function useForgetPreviousOrganization() {
  const queryClient = useQueryClient();
  const { slug } = useCurrentOrgSlug();
  const previous = useRef(slug);
  useEffect(() => {
    if (previous.current && previous.current !== slug) void forgetOrganization(queryClient, previous.current);
    previous.current = slug;
  }, [queryClient, slug]);
}

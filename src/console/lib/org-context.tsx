// The organization a screen under /o/:slug works in, provided once by the app's organization layout
// after the membership gate passed. Features read it instead of parsing the URL or refetching.
import { createContext, useContext } from 'react';
import type { MyMembership } from './org';

export type OrgContextValue = {
  slug: string;
  membership: MyMembership;
  /** Whether my role here grants `resource:action`: screens and buttons follow it (the API enforces it). */
  can: (permission: string) => boolean;
};

export const OrgContext = createContext<OrgContextValue | null>(null);

export function useOrg(): OrgContextValue {
  const value = useContext(OrgContext);
  if (!value) throw new Error('useOrg() outside an organization route');
  return value;
}

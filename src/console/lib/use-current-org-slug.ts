// The organization in the URL, readable from outside the /o/:slug route (header, navbar), plus the
// section after it so switching organizations can land on the same screen.
import { useMatch } from 'react-router';

export function useCurrentOrgSlug(): { slug: string | undefined; section: string } {
  const match = useMatch('/o/:slug/*');
  const rest = match?.params['*'] ?? '';
  return { slug: match?.params.slug, section: rest.split('/')[0] ?? '' };
}

// The QueryClient and its global reactions: client errors are not retried (a 403 stays a 403), an
// expired session sends the user back to sign-in, and an organization that changed status under us
// (suspended mid-session) re-runs the membership gate so its full-page screen appears.
import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { isApiError } from '../lib/api';
import { myOrganizationsQuery } from '../lib/org';
import { sessionQuery } from '../lib/session';

function react(client: () => QueryClient, error: unknown, key?: readonly unknown[]) {
  if (!isApiError(error)) return;
  if (error.status === 401 && key?.[0] !== 'session') void client().invalidateQueries({ queryKey: sessionQuery.queryKey });
  if (error.code.startsWith('organization_')) {
    void client().invalidateQueries({ queryKey: myOrganizationsQuery.queryKey });
    // The gate query itself is what shows the screen; re-running it from its own error would loop.
    if (key?.[0] === 'org' && key[2] === 'me') return;
    void client().invalidateQueries({ predicate: (q) => q.queryKey[0] === 'org' && q.queryKey[2] === 'me' });
  }
}

export function createQueryClient(): QueryClient {
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError: (error, query) => react(() => client, error, query.queryKey) }),
    mutationCache: new MutationCache({ onError: (error) => react(() => client, error) }),
    defaultOptions: {
      queries: {
        staleTime: 15_000,
        retry: (count, error) => !(isApiError(error) && error.status < 500) && count < 2,
      },
    },
  });
  return client;
}

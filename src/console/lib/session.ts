// Who is signed in. Shared by the route guards, the header and the public invitation page, so it lives
// here rather than in a feature. A 401 is an answer ("nobody"), not an error.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, isApiError } from './api';

export type SessionUser = { id: string; email: string; name: string; emailVerified: boolean; isOperator: boolean };

export const sessionQuery = queryOptions({
  queryKey: ['session'],
  queryFn: async ({ signal }): Promise<SessionUser | null> => {
    try {
      return await api.get<SessionUser>('/api/v1/me', { signal });
    } catch (e) {
      if (isApiError(e) && e.status === 401) return null;
      throw e;
    }
  },
  staleTime: 60_000,
});

export const useSession = () => useQuery(sessionQuery);

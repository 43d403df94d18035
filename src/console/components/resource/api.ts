// Module resources over the one API client. Every key starts with ['org', slug, module], and every
// change invalidates the whole module: an inventory adjustment shows in listings, a new customer in
// the invoice form's picker, an accepted order in the stock.
import { keepPreviousData, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api, isApiError, orgPath, type Page } from '../../lib/api';
import { modulesKey } from '../../lib/modules';
import { orgKey } from '../../lib/org';
import { useOrg } from '../../lib/org-context';
import type { ReferenceSource } from './types';

export type ListParams = Record<string, string | number | undefined>;

export const resourcePath = (slug: string, module: string, resource: string, rest = '') =>
  orgPath(slug, `/${module}/${resource}${rest}`);

export const resourceListQuery = <T>(slug: string, module: string, resource: string, params: ListParams) =>
  queryOptions({
    queryKey: orgKey(slug, module, resource, 'list', params),
    queryFn: ({ signal }) => api.get<Page<T>>(resourcePath(slug, module, resource), { signal, query: { limit: 25, ...params } }),
    // Paging, sorting and filtering keep the previous rows on screen (dimmed) instead of flashing empty.
    placeholderData: keepPreviousData,
  });

/** The first 100 rows of a referenced resource, for pickers and for naming ids in columns. */
export const referenceQuery = (slug: string, source: ReferenceSource) =>
  queryOptions({
    queryKey: orgKey(slug, source.module, source.resource, 'options', source.query ?? {}),
    queryFn: ({ signal }) =>
      api.get<Page<Record<string, unknown> & { id: string }>>(resourcePath(slug, source.module, source.resource), {
        signal,
        query: { limit: 100, ...source.query },
      }).then((r) => r.items),
  });

/** A change in `module`: on success everything cached for the module is refetched. */
export function useModuleMutation<I, R>(module: string, fn: (input: I, slug: string) => Promise<R>) {
  const { slug } = useOrg();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: I) => fn(input, slug),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: orgKey(slug, module) }),
    onError: (e) => {
      // Disabled under us (another tab, an operator): the gate re-reads the module list and says so.
      if (isApiError(e) && e.code === 'module_not_enabled') void queryClient.invalidateQueries({ queryKey: modulesKey(slug) });
    },
  });
}

/** POST to a custom endpoint of a row: `/{module}/{resource}/{id}/{action}`. */
export function useRowAction<R = unknown>(module: string, resource: string) {
  return useModuleMutation(module, ({ id, action, body }: { id: string; action: string; body?: unknown }, slug) =>
    api.post<R>(resourcePath(slug, module, resource, `/${id}/${action}`), body),
  );
}

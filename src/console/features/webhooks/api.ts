// Webhook endpoints of the current organization, their delivery logs, and the changes to them. Keys live
// under ['org', slug, 'webhooks']; every change refreshes that whole subtree (list, endpoint, deliveries).
import { keepPreviousData, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api, orgPath, type Page } from '../../lib/api';
import { orgKey } from '../../lib/org';

export type Endpoint = {
  id: string;
  url: string;
  description: string | null;
  /** ['*'] = every event type. */
  eventTypes: string[];
  enabled: boolean;
  /** Set when the platform switched the endpoint off after repeated failures. */
  disabledReason: string | null;
  consecutiveFailures: number;
  createdAt: string;
  updatedAt: string;
};
export type EndpointWithSecret = Endpoint & { secret: string };
export type RotatedEndpoint = EndpointWithSecret & { previousSecretValidUntil: string };
export type EndpointInput = { url: string; description: string | null; eventTypes: string[]; enabled: boolean };

export type DeliveryStatus = 'PENDING' | 'SUCCEEDED' | 'FAILED';
export type Delivery = {
  id: string;
  endpointId: string;
  messageId: string;
  eventType: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: string | null;
  lastStatusCode: number | null;
  lastError: string | null;
  lastDurationMs: number | null;
  createdAt: string;
  deliveredAt: string | null;
};

export const ALL_EVENTS = '*';

const webhooksKey = (slug: string, ...rest: unknown[]) => orgKey(slug, 'webhooks', ...rest);

export const endpointsQuery = (slug: string) =>
  queryOptions({
    queryKey: webhooksKey(slug, 'list'),
    queryFn: ({ signal }) => api.get<{ items: Endpoint[]; eventTypes: string[] }>(orgPath(slug, '/webhooks'), { signal }),
  });

export const endpointQuery = (slug: string, id: string) =>
  queryOptions({
    queryKey: webhooksKey(slug, 'endpoint', id),
    queryFn: ({ signal }) => api.get<Endpoint>(orgPath(slug, `/webhooks/${id}`), { signal }),
  });

/** While a delivery on screen is still pending, the log polls so it turns SUCCEEDED/FAILED by itself. */
export const PENDING_POLL_MS = 2000;

export const deliveriesQuery = (slug: string, id: string, cursor: string | undefined) =>
  queryOptions({
    queryKey: webhooksKey(slug, 'endpoint', id, 'deliveries', cursor),
    queryFn: ({ signal }) => api.get<Page<Delivery>>(orgPath(slug, `/webhooks/${id}/deliveries`), { signal, query: { cursor, limit: 25 } }),
    placeholderData: keepPreviousData,
    refetchInterval: (query) => (query.state.data?.items.some((d) => d.status === 'PENDING') ? PENDING_POLL_MS : false),
  });

// The refresh is not awaited: the caller's own onSuccess (show the secret, navigate away after a delete)
// runs at once, even when the refreshed list then unmounts the row that started the mutation.
function useWebhookMutation<I, R>(slug: string, fn: (input: I) => Promise<R>, before?: (input: I) => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: (_data, input) => {
      before?.(input);
      void queryClient.invalidateQueries({ queryKey: webhooksKey(slug) });
    },
  });
}

export const useCreateEndpoint = (slug: string) =>
  useWebhookMutation(slug, (input: EndpointInput) => api.post<EndpointWithSecret>(orgPath(slug, '/webhooks'), input));
export const useUpdateEndpoint = (slug: string) =>
  useWebhookMutation(slug, ({ id, ...patch }: Partial<EndpointInput> & { id: string }) => api.patch<Endpoint>(orgPath(slug, `/webhooks/${id}`), patch));
export function useDeleteEndpoint(slug: string) {
  const queryClient = useQueryClient();
  // The deleted endpoint's own queries are dropped, not refetched into a 404.
  return useWebhookMutation(
    slug,
    (id: string) => api.delete<{ deleted: string }>(orgPath(slug, `/webhooks/${id}`)),
    (id) => queryClient.removeQueries({ queryKey: webhooksKey(slug, 'endpoint', id) }),
  );
}
export const useRotateSecret = (slug: string) =>
  useWebhookMutation(slug, (id: string) => api.post<RotatedEndpoint>(orgPath(slug, `/webhooks/${id}/rotate-secret`)));
export const useSendTestEvent = (slug: string) =>
  useWebhookMutation(slug, (id: string) => api.post<Delivery>(orgPath(slug, `/webhooks/${id}/test`)));

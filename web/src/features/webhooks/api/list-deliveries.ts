import { queryOptions, useQuery } from '@tanstack/react-query';
import { unwrap } from '@brandgen/client';
import { api } from '../../../api/client.ts';
import { deliveriesKey } from './keys.ts';
import type { WebhookDelivery } from './types.ts';

/** While a delivery waits for an attempt, the list is read again this often, so its outcome appears on its own. */
const PENDING_REFRESH_MS = 2_000;

/** GET /api/webhooks/{id}/deliveries: the endpoint's last 50 deliveries, newest first. */
export const deliveriesQueryOptions = (endpointId: string) =>
  queryOptions({
    queryKey: deliveriesKey(endpointId),
    queryFn: async ({ signal }): Promise<WebhookDelivery[]> =>
      (await unwrap(api.GET('/api/webhooks/{id}/deliveries', { params: { path: { id: endpointId } }, signal }))).deliveries,
    refetchInterval: (query) => (query.state.data?.some((delivery) => delivery.status === 'pending') ? PENDING_REFRESH_MS : false),
  });

export function useDeliveries(endpointId: string) {
  return useQuery(deliveriesQueryOptions(endpointId));
}

import { queryOptions, useQuery } from '@tanstack/react-query';
import { request } from '../../../api/client.ts';
import { webhooksKey } from './keys.ts';
import type { WebhookEndpoint } from './types.ts';

/** GET /api/webhooks: the user's endpoints, without their secrets. */
export const webhooksQueryOptions = () =>
  queryOptions({
    queryKey: webhooksKey,
    queryFn: async ({ signal }) => (await request<{ webhooks: WebhookEndpoint[] }>('/api/webhooks', { signal })).webhooks,
  });

export function useWebhooks() {
  return useQuery(webhooksQueryOptions());
}

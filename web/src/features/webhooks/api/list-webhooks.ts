import { queryOptions, useQuery } from '@tanstack/react-query';
import { unwrap } from '@brandgen/client';
import { api } from '../../../api/client.ts';
import { webhooksKey } from './keys.ts';
import type { WebhookEndpoint } from './types.ts';

/** GET /api/webhooks: the user's endpoints, without their secrets. */
export const webhooksQueryOptions = () =>
  queryOptions({
    queryKey: webhooksKey,
    queryFn: async ({ signal }): Promise<WebhookEndpoint[]> => (await unwrap(api.GET('/api/webhooks', { signal }))).webhooks,
  });

export function useWebhooks() {
  return useQuery(webhooksQueryOptions());
}

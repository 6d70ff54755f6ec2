import { mutationOptions, useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { request } from '../../../api/client.ts';
import { webhooksKey } from './keys.ts';
import type { WebhookEndpoint, WebhookEventType } from './types.ts';

/** PUT /api/webhooks/{id}: used here to turn an endpoint off and on again (after a 410 Gone, say). */
export const updateWebhookMutationOptions = (client: QueryClient) =>
  mutationOptions({
    mutationFn: ({ endpoint, enabled }: { endpoint: WebhookEndpoint; enabled: boolean }) =>
      request<WebhookEndpoint>(`/api/webhooks/${encodeURIComponent(endpoint.id)}`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          url: endpoint.url,
          events: endpoint.events as WebhookEventType[],
          description: endpoint.description,
          all_users: endpoint.all_users,
          enabled,
        }),
      }),
    onSuccess: () => client.invalidateQueries({ queryKey: webhooksKey }),
  });

export function useUpdateWebhook() {
  return useMutation(updateWebhookMutationOptions(useQueryClient()));
}

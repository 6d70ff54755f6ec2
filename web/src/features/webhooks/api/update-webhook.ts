import { mutationOptions, useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { unwrap } from '@brandgen/client';
import { api } from '../../../api/client.ts';
import { webhooksKey } from './keys.ts';
import type { WebhookEndpoint, WebhookEventType } from './types.ts';

/** PUT /api/webhooks/{id}: used here to turn an endpoint off and on again (after a 410 Gone, say). */
export const updateWebhookMutationOptions = (client: QueryClient) =>
  mutationOptions({
    mutationFn: ({ endpoint, enabled }: { endpoint: WebhookEndpoint; enabled: boolean }): Promise<WebhookEndpoint> =>
      unwrap(
        api.PUT('/api/webhooks/{id}', {
          params: { path: { id: endpoint.id } },
          body: {
            url: endpoint.url,
            events: endpoint.events as WebhookEventType[],
            description: endpoint.description,
            all_users: endpoint.all_users,
            enabled,
          },
        }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: webhooksKey }),
  });

export function useUpdateWebhook() {
  return useMutation(updateWebhookMutationOptions(useQueryClient()));
}

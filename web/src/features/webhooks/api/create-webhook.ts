import { mutationOptions, useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { request } from '../../../api/client.ts';
import { webhooksKey } from './keys.ts';
import type { CreatedWebhookEndpoint, WebhookInput } from './types.ts';

/** POST /api/webhooks: registers an endpoint; the answer carries its signing secret, the only time it is shown. */
export const createWebhookMutationOptions = (client: QueryClient) =>
  mutationOptions({
    mutationFn: (input: WebhookInput) =>
      request<CreatedWebhookEndpoint>('/api/webhooks', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(input),
      }),
    onSuccess: () => client.invalidateQueries({ queryKey: webhooksKey }),
  });

export function useCreateWebhook() {
  return useMutation(createWebhookMutationOptions(useQueryClient()));
}

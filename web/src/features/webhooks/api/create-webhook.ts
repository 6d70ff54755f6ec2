import { mutationOptions, useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { unwrap } from '@brandgen/client';
import { api } from '../../../api/client.ts';
import { webhooksKey } from './keys.ts';
import type { CreatedWebhookEndpoint, WebhookInput } from './types.ts';

/** POST /api/webhooks: registers an endpoint; the answer carries its signing secret, the only time it is shown. */
export const createWebhookMutationOptions = (client: QueryClient) =>
  mutationOptions({
    mutationFn: (input: WebhookInput): Promise<CreatedWebhookEndpoint> => unwrap(api.POST('/api/webhooks', { body: input })),
    onSuccess: () => client.invalidateQueries({ queryKey: webhooksKey }),
  });

export function useCreateWebhook() {
  return useMutation(createWebhookMutationOptions(useQueryClient()));
}

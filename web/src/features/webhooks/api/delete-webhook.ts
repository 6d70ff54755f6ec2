import { mutationOptions, useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { unwrap } from '@brandgen/client';
import { api } from '../../../api/client.ts';
import { webhooksKey } from './keys.ts';

/** DELETE /api/webhooks/{id}: the endpoint and its deliveries. */
export const deleteWebhookMutationOptions = (client: QueryClient) =>
  mutationOptions({
    mutationFn: async (endpointId: string): Promise<void> => {
      await unwrap(api.DELETE('/api/webhooks/{id}', { params: { path: { id: endpointId } } }));
    },
    onSuccess: () => client.invalidateQueries({ queryKey: webhooksKey }),
  });

export function useDeleteWebhook() {
  return useMutation(deleteWebhookMutationOptions(useQueryClient()));
}

import { mutationOptions, useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { request } from '../../../api/client.ts';
import { webhooksKey } from './keys.ts';

/** DELETE /api/webhooks/{id}: the endpoint and its deliveries. */
export const deleteWebhookMutationOptions = (client: QueryClient) =>
  mutationOptions({
    mutationFn: (endpointId: string) => request<void>(`/api/webhooks/${encodeURIComponent(endpointId)}`, { method: 'DELETE' }),
    onSuccess: () => client.invalidateQueries({ queryKey: webhooksKey }),
  });

export function useDeleteWebhook() {
  return useMutation(deleteWebhookMutationOptions(useQueryClient()));
}

import { mutationOptions, useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { unwrap } from '@brandgen/client';
import { api } from '../../../api/client.ts';
import { deliveriesKey } from './keys.ts';
import type { WebhookDelivery } from './types.ts';

/** POST /api/webhooks/{id}/test: queues a webhook.test event to this endpoint. */
export const sendTestEventMutationOptions = (client: QueryClient) =>
  mutationOptions({
    mutationFn: (endpointId: string): Promise<WebhookDelivery> =>
      unwrap(api.POST('/api/webhooks/{id}/test', { params: { path: { id: endpointId } } })),
    onSuccess: (_delivery, endpointId) => client.invalidateQueries({ queryKey: deliveriesKey(endpointId) }),
  });

export function useSendTestEvent() {
  return useMutation(sendTestEventMutationOptions(useQueryClient()));
}

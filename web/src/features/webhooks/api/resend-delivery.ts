import { mutationOptions, useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { unwrap } from '@brandgen/client';
import { api } from '../../../api/client.ts';
import { deliveriesKey } from './keys.ts';
import type { WebhookDelivery } from './types.ts';

/** POST /api/webhooks/{id}/deliveries/{delivery}/resend: sends it again now, under the same webhook-id. */
export const resendDeliveryMutationOptions = (client: QueryClient) =>
  mutationOptions({
    mutationFn: ({ endpointId, deliveryId }: { endpointId: string; deliveryId: string }): Promise<WebhookDelivery> =>
      unwrap(api.POST('/api/webhooks/{id}/deliveries/{delivery}/resend', { params: { path: { id: endpointId, delivery: deliveryId } } })),
    onSuccess: (_delivery, { endpointId }) => client.invalidateQueries({ queryKey: deliveriesKey(endpointId) }),
  });

export function useResendDelivery() {
  return useMutation(resendDeliveryMutationOptions(useQueryClient()));
}

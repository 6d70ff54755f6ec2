import { unwrap } from '@brandgen/client';
import { mutationOptions, useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client.ts';
import { batchQueryOptions } from './get-batch.ts';
import { batchesQueryOptions } from './list-batches.ts';

/** POST /api/batches/{id}/cancel: the jobs not yet started stop; the list shows them cancelled. */
export const cancelBatchMutationOptions = (client: QueryClient, id: string) =>
  mutationOptions({
    mutationFn: () => unwrap(api.POST('/api/batches/{id}/cancel', { params: { path: { id } } })),
    onSuccess: (batch) => {
      client.setQueryData(batchQueryOptions(id).queryKey, batch);
      void client.invalidateQueries({ queryKey: batchesQueryOptions().queryKey });
    },
  });

export function useCancelBatch(id: string) {
  return useMutation(cancelBatchMutationOptions(useQueryClient(), id));
}

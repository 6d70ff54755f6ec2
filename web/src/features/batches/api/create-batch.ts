import { unwrap, type BatchInput } from '@brandgen/client';
import { mutationOptions, useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client.ts';
import { batchesQueryOptions } from './list-batches.ts';

/** POST /api/batches: the new batch heads the list as soon as it is made. */
export const createBatchMutationOptions = (client: QueryClient) =>
  mutationOptions({
    mutationFn: (input: BatchInput) => unwrap(api.POST('/api/batches', { body: input })),
    onSuccess: () => client.invalidateQueries({ queryKey: batchesQueryOptions().queryKey }),
  });

export function useCreateBatch() {
  return useMutation(createBatchMutationOptions(useQueryClient()));
}

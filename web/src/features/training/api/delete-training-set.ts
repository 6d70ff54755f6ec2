import { unwrap } from '@brandgen/client';
import { mutationOptions, useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client.ts';
import { trainingSetsQueryOptions } from './list-training-sets.ts';

/** DELETE /api/brands/{id}/training-sets/{set}: the set and its pictures go; the list forgets it at once. */
export const deleteTrainingSetMutationOptions = (client: QueryClient) =>
  mutationOptions({
    mutationFn: async ({ brandId, setId }: { brandId: string; setId: string }): Promise<void> => {
      await unwrap(api.DELETE('/api/brands/{id}/training-sets/{setId}', { params: { path: { id: brandId, setId } } }));
    },
    onSuccess: async (_, { brandId, setId }) => {
      const { queryKey } = trainingSetsQueryOptions(brandId);
      client.setQueryData(queryKey, (current) => current?.filter((set) => set.id !== setId));
      await client.invalidateQueries({ queryKey });
    },
  });

export function useDeleteTrainingSet() {
  return useMutation(deleteTrainingSetMutationOptions(useQueryClient()));
}

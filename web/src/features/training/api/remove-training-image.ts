import { unwrap, type TrainingSet } from '@brandgen/client';
import { mutationOptions, useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client.ts';
import { storeTrainingSet } from './training-set-cache.ts';

/** DELETE /api/brands/{id}/training-sets/{set}/images/{image}: answers with the set as it is now. */
export const removeTrainingImageMutationOptions = (client: QueryClient) =>
  mutationOptions({
    mutationFn: ({ brandId, setId, imageId }: { brandId: string; setId: string; imageId: string }): Promise<TrainingSet> =>
      unwrap(api.DELETE('/api/brands/{id}/training-sets/{setId}/images/{imageId}', { params: { path: { id: brandId, setId, imageId } } })),
    onSuccess: (set) => storeTrainingSet(client, set),
  });

export function useRemoveTrainingImage() {
  return useMutation(removeTrainingImageMutationOptions(useQueryClient()));
}

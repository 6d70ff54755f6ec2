import { unwrap, type TrainingSet } from '@brandgen/client';
import { mutationOptions, useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client.ts';
import { storeTrainingSet } from './training-set-cache.ts';

export interface TrainingSetChanges {
  brandId: string;
  setId: string;
  triggerWord: string;
  kind: 'style' | 'subject';
  /** Image id → caption; an empty caption becomes the trigger word. */
  captions: Record<string, string>;
}

/**
 * PUT /api/brands/{id}/training-sets/{set}: the trigger word, kind and captions in one request, so the server applies
 * all of them or, when one is refused, none.
 */
export const updateTrainingSetMutationOptions = (client: QueryClient) =>
  mutationOptions({
    mutationFn: ({ brandId, setId, triggerWord, kind, captions }: TrainingSetChanges): Promise<TrainingSet> =>
      unwrap(
        api.PUT('/api/brands/{id}/training-sets/{setId}', {
          params: { path: { id: brandId, setId } },
          body: { trigger_word: triggerWord, kind, captions },
        }),
      ),
    onSuccess: (set) => storeTrainingSet(client, set),
  });

export function useUpdateTrainingSet() {
  return useMutation(updateTrainingSetMutationOptions(useQueryClient()));
}

import { unwrap, type TrainingSet } from '@brandgen/client';
import { mutationOptions, useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client.ts';
import { trainingSetsQueryOptions } from './list-training-sets.ts';
import { multipart, picturesForm } from './training-set-cache.ts';

export interface NewTrainingSet {
  brandId: string;
  triggerWord: string;
  kind: 'style' | 'subject';
  pictures: { file: File; caption: string }[];
}

/** POST /api/brands/{id}/training-sets: the pictures as a multipart form, captions in the same order. */
export const createTrainingSetMutationOptions = (client: QueryClient) =>
  mutationOptions({
    mutationFn: ({ brandId, triggerWord, kind, pictures }: NewTrainingSet): Promise<TrainingSet> =>
      unwrap(
        api.POST('/api/brands/{id}/training-sets', {
          params: { path: { id: brandId } },
          body: picturesForm(pictures, { trigger_word: triggerWord, kind }) as never,
          ...multipart,
        }),
      ),
    onSuccess: (set) => client.invalidateQueries({ queryKey: trainingSetsQueryOptions(set.brand_id).queryKey }),
  });

export function useCreateTrainingSet() {
  return useMutation(createTrainingSetMutationOptions(useQueryClient()));
}

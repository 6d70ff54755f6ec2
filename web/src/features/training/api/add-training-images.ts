import { unwrap, type TrainingSet } from '@brandgen/client';
import { mutationOptions, useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client.ts';
import { multipart, picturesForm, storeTrainingSet } from './training-set-cache.ts';

export interface NewTrainingImages {
  brandId: string;
  setId: string;
  files: File[];
}

/**
 * POST /api/brands/{id}/training-sets/{set}/images: all the files or none (the server checks every one before it
 * keeps any). Their captions start as the trigger word, like at creation.
 */
export const addTrainingImagesMutationOptions = (client: QueryClient) =>
  mutationOptions({
    mutationFn: ({ brandId, setId, files }: NewTrainingImages): Promise<TrainingSet> =>
      unwrap(
        api.POST('/api/brands/{id}/training-sets/{setId}/images', {
          params: { path: { id: brandId, setId } },
          body: picturesForm(files.map((file) => ({ file, caption: '' }))) as never,
          ...multipart,
        }),
      ),
    onSuccess: (set) => storeTrainingSet(client, set),
  });

export function useAddTrainingImages() {
  return useMutation(addTrainingImagesMutationOptions(useQueryClient()));
}

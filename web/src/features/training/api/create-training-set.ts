import { unwrap, type TrainingSet } from '@brandgen/client';
import { mutationOptions, useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client.ts';
import { trainingSetsKey } from './keys.ts';

export interface NewTrainingSet {
  brandId: string;
  triggerWord: string;
  kind: 'style' | 'subject';
  pictures: { file: File; caption: string }[];
}

/** POST /api/brands/{id}/training-sets: the pictures as a multipart form, captions in the same order. */
export const createTrainingSetMutationOptions = (client: QueryClient) =>
  mutationOptions({
    mutationFn: ({ brandId, triggerWord, kind, pictures }: NewTrainingSet): Promise<TrainingSet> => {
      const form = new FormData();
      form.append('trigger_word', triggerWord);
      form.append('kind', kind);
      form.append('captions', JSON.stringify(pictures.map((picture) => picture.caption)));
      for (const picture of pictures) form.append('images', picture.file, picture.file.name);
      return unwrap(
        api.POST('/api/brands/{id}/training-sets', {
          params: { path: { id: brandId } },
          // The document describes the form in words: the browser writes the multipart body and its boundary.
          body: form as never,
          bodySerializer: (body: unknown) => body as FormData,
        }),
      );
    },
    onSuccess: (set) => client.invalidateQueries({ queryKey: trainingSetsKey(set.brand_id) }),
  });

export function useCreateTrainingSet() {
  return useMutation(createTrainingSetMutationOptions(useQueryClient()));
}

import { unwrap, type Training, type TrainingStart } from '@brandgen/client';
import { mutationOptions, useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client.ts';
import { trainingsKey } from './keys.ts';

/** POST /api/brands/{id}/trainings: answers 202 with the training, queued, and its estimated cost. */
export const startTrainingMutationOptions = (client: QueryClient) =>
  mutationOptions({
    mutationFn: ({ brandId, body }: { brandId: string; body: TrainingStart }): Promise<Training> =>
      unwrap(api.POST('/api/brands/{id}/trainings', { params: { path: { id: brandId } }, body })),
    onSuccess: (training) => client.invalidateQueries({ queryKey: trainingsKey(training.brand_id) }),
  });

export function useStartTraining() {
  return useMutation(startTrainingMutationOptions(useQueryClient()));
}

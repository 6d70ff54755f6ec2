import { unwrap, type Training } from '@brandgen/client';
import { mutationOptions, useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client.ts';
import { trainingsKey } from './keys.ts';

/** POST /api/trainings/{id}/cancel: nothing is attached; the set stays. */
export const cancelTrainingMutationOptions = (client: QueryClient) =>
  mutationOptions({
    mutationFn: (trainingId: string): Promise<Training> =>
      unwrap(api.POST('/api/trainings/{id}/cancel', { params: { path: { id: trainingId } } })),
    onSuccess: (training) => client.invalidateQueries({ queryKey: trainingsKey(training.brand_id) }),
  });

export function useCancelTraining() {
  return useMutation(cancelTrainingMutationOptions(useQueryClient()));
}

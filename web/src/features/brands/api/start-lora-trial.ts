import { unwrap, type LoraTrial } from '@brandgen/client';
import { mutationOptions, useMutation } from '@tanstack/react-query';
import { api } from '../../../api/client.ts';

/** POST /api/brands/{id}/loras/{loraId}/trials: the same prompt and seeds with the LoRA and without, as two jobs. */
export const startLoraTrialMutationOptions = () =>
  mutationOptions({
    mutationFn: ({ brandId, loraId, prompt }: { brandId: string; loraId: string; prompt: string }): Promise<LoraTrial> =>
      unwrap(api.POST('/api/brands/{id}/loras/{loraId}/trials', { params: { path: { id: brandId, loraId } }, body: { prompt } })),
  });

export function useStartLoraTrial() {
  return useMutation(startLoraTrialMutationOptions());
}

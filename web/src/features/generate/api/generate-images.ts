import { unwrap, type GenerateInput } from '@brandgen/client';
import { mutationOptions, useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client.ts';
import { rememberStartedJob } from './get-job.ts';

/** POST /api/generate: a new set of four from a prompt; `onStarted` gets the new job's id once its card can show. */
export const generateImagesMutationOptions = (queryClient: QueryClient, onStarted: (jobId: string) => void) =>
  mutationOptions({
    mutationFn: (input: GenerateInput) => unwrap(api.POST('/api/generate', { body: input })),
    onSuccess: (created, input) => {
      rememberStartedJob(queryClient, { jobId: created.job_id, prompt: input.prompt, model: input.model, sourceJobId: null });
      onStarted(created.job_id);
    },
  });

export function useGenerateImages(onStarted: (jobId: string) => void) {
  return useMutation(generateImagesMutationOptions(useQueryClient(), onStarted));
}

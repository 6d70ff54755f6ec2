import { unwrap } from '@brandgen/client';
import { mutationOptions, useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client.ts';
import { jobQueryOptions, rememberStartedJob } from './get-job.ts';

/** POST /api/jobs/{id}/more: four new variations of an earlier set's prompt; `onStarted` gets the new job's id. */
export const generateMoreMutationOptions = (queryClient: QueryClient, onStarted: (jobId: string) => void) =>
  mutationOptions({
    mutationFn: (sourceJobId: string) => unwrap(api.POST('/api/jobs/{id}/more', { params: { path: { id: sourceJobId } } })),
    onSuccess: (created, sourceJobId) => {
      const source = queryClient.getQueryData(jobQueryOptions(queryClient, sourceJobId).queryKey);
      rememberStartedJob(queryClient, { jobId: created.job_id, prompt: source?.prompt ?? '', model: source?.model, sourceJobId });
      onStarted(created.job_id);
    },
  });

export function useGenerateMore(onStarted: (jobId: string) => void) {
  return useMutation(generateMoreMutationOptions(useQueryClient(), onStarted));
}

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { createJob, createMoreJob } from '../api/client.ts';
import { placeholderJob, type Job } from '../api/job-state.ts';
import { jobKey, modelsKey } from '../api/query-keys.ts';
import type { GenerateInput, ModelCatalog } from '@brandgen/client';

/** Starting a new job, from a prompt or as "more" of an earlier one; `onStarted` gets the new job's id. */
export function useStartJob(onStarted: (jobId: string) => void) {
  const queryClient = useQueryClient();

  const remember = (jobId: string, prompt: string, model: string | undefined, sourceJobId: string | null) => {
    const defaultModel = queryClient.getQueryData<ModelCatalog>(modelsKey)?.models.find((entry) => entry.default)?.id;
    queryClient.setQueryData<Job>(
      jobKey(jobId),
      (existing) => existing ?? placeholderJob({ id: jobId, prompt, model: model ?? defaultModel ?? '…', sourceJobId }),
    );
    onStarted(jobId);
  };

  const generate = useMutation({
    mutationFn: (input: GenerateInput) => createJob(input),
    onSuccess: (created, input) => remember(created.job_id, input.prompt, input.model, null),
  });

  const more = useMutation({
    mutationFn: (sourceJobId: string) => createMoreJob(sourceJobId),
    onSuccess: (created, sourceJobId) => {
      const source = queryClient.getQueryData<Job>(jobKey(sourceJobId));
      remember(created.job_id, source?.prompt ?? '', source?.model, sourceJobId);
    },
  });

  return { generate, more };
}

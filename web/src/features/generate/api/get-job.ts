import { unwrap } from '@brandgen/client';
import { queryOptions, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { api } from '../../../api/client.ts';
import { libraryKey } from '../../library/api/list-images.ts';
import { modelCatalogQueryOptions } from '../../models/api/get-model-catalog.ts';
import { isFiled, pickNewer, placeholderJob, type Job } from '../job-state.ts';
import { followJob } from './follow-job.ts';

/** One place for a job's cache entry, so SSE, polling and components agree on where a job lives. */
const jobKey = (jobId: string) => ['job', jobId] as const;

/**
 * GET /api/jobs/{id}, merged with what the cache holds rather than overwriting it: a live event may have landed while
 * the request was in flight. Live updates write the cache directly, so a cached job never goes stale by age.
 */
export function jobQueryOptions(queryClient: QueryClient, jobId: string) {
  return queryOptions<Job>({
    queryKey: jobKey(jobId),
    queryFn: async ({ signal }) =>
      pickNewer(
        queryClient.getQueryData<Job>(jobKey(jobId)),
        await unwrap(api.GET('/api/jobs/{id}', { params: { path: { id: jobId } }, signal })),
      ),
    staleTime: Infinity,
  });
}

/**
 * Files a just-accepted job under its key before the server's first event, so its card appears the moment the
 * request succeeds; the model is the catalog's default when none was chosen.
 */
export function rememberStartedJob(
  queryClient: QueryClient,
  started: { jobId: string; prompt: string; model: string | undefined; sourceJobId: string | null },
): void {
  const defaultModel = queryClient.getQueryData(modelCatalogQueryOptions().queryKey)?.models.find((entry) => entry.default)?.id;
  queryClient.setQueryData(
    jobQueryOptions(queryClient, started.jobId).queryKey,
    (existing) =>
      existing ??
      placeholderJob({
        id: started.jobId,
        prompt: started.prompt,
        model: started.model ?? defaultModel ?? '…',
        sourceJobId: started.sourceJobId,
      }),
  );
}

/**
 * A job from the cache (fetched if missing). Only reads: the card showing the job keeps it current via
 * useLiveJob, so other readers such as the status line never open a second stream.
 */
export function useJob(jobId: string | null) {
  const queryClient = useQueryClient();
  return useQuery({ ...jobQueryOptions(queryClient, jobId ?? ''), enabled: jobId !== null });
}

/**
 * useJob, plus live updates (SSE, falling back to polling) until the job is filed, a moment after it finishes. Its
 * filing puts its images, with their brand-fit scores, in the library, so the library's lists are refreshed then.
 */
export function useLiveJob(jobId: string) {
  const queryClient = useQueryClient();
  const query = useJob(jobId);
  const hasJob = query.data !== undefined;
  const filed = query.data !== undefined && isFiled(query.data);

  useEffect(() => {
    if (!hasJob || filed) return;
    const { queryKey } = jobQueryOptions(queryClient, jobId);
    return followJob({
      jobId,
      read: () => queryClient.getQueryData(queryKey),
      update: (change) => queryClient.setQueryData(queryKey, change),
      onFiled: () => void queryClient.invalidateQueries({ queryKey: libraryKey }),
    });
  }, [jobId, hasJob, filed, queryClient]);

  return query;
}

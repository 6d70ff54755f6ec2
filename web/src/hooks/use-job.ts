import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { getJob } from '../api/client.ts';
import { followJob } from '../api/job-events.ts';
import { isFinished, pickNewer, type Job } from '../api/job-state.ts';
import { jobKey } from '../api/query-keys.ts';

/**
 * A job from the cache (fetched if missing). Only reads: the card showing the job keeps it current via
 * useLiveJob, so other readers such as the status line never open a second stream.
 */
export function useJob(jobId: string | null) {
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: jobKey(jobId ?? ''),
    enabled: jobId !== null,
    // Merge rather than overwrite: a live event may have landed while this request was in flight.
    queryFn: async ({ signal }) => pickNewer(queryClient.getQueryData<Job>(jobKey(jobId ?? '')), await getJob(jobId ?? '', signal)),
    // Live updates write the cache directly, so a cached job never goes stale by age.
    staleTime: Infinity,
  });
}

/** useJob, plus live updates (SSE, falling back to polling) while the job is unfinished. */
export function useLiveJob(jobId: string) {
  const queryClient = useQueryClient();
  const query = useJob(jobId);
  const hasJob = query.data !== undefined;
  const finished = query.data !== undefined && isFinished(query.data);

  useEffect(() => {
    if (!hasJob || finished) return;
    return followJob({
      jobId,
      read: () => queryClient.getQueryData<Job>(jobKey(jobId)),
      update: (change) => queryClient.setQueryData<Job>(jobKey(jobId), change),
    });
  }, [jobId, hasJob, finished, queryClient]);

  return query;
}

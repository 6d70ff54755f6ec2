import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { listJobs } from '../api/client.ts';
import { pickNewer, type Job } from '../api/job-state.ts';
import { jobHistoryKey, jobKey } from '../api/query-keys.ts';

export const HISTORY_PAGE_SIZE = 20;

interface HistoryPage {
  jobIds: string[];
  nextCursor: string | null;
}

/**
 * Earlier jobs, newest first, page by page. Pages hold only ids: each job lives in its own cache entry so
 * that live updates have exactly one place to write.
 */
export function useJobHistory() {
  const queryClient = useQueryClient();
  return useInfiniteQuery({
    queryKey: jobHistoryKey,
    initialPageParam: null as string | null,
    queryFn: async ({ pageParam, signal }): Promise<HistoryPage> => {
      const page = await listJobs({ limit: HISTORY_PAGE_SIZE, cursor: pageParam }, signal);
      for (const job of page.jobs) {
        queryClient.setQueryData<Job>(jobKey(job.id), (existing) => pickNewer(existing, job));
      }
      return { jobIds: page.jobs.map((job) => job.id), nextCursor: page.next_cursor };
    },
    getNextPageParam: (lastPage) => lastPage.nextCursor ?? undefined,
    staleTime: Infinity,
  });
}

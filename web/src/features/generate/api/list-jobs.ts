import { unwrap } from '@brandgen/client';
import { infiniteQueryOptions, useInfiniteQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client.ts';
import { pickNewer } from '../job-state.ts';
import { jobQueryOptions } from './get-job.ts';
import { jobHistoryKey } from './keys.ts';

export const HISTORY_PAGE_SIZE = 20;

interface HistoryPage {
  jobIds: string[];
  nextCursor: string | null;
}

/**
 * GET /api/jobs: earlier jobs, newest first, page by page. Pages hold only ids: each job lives in its own cache entry
 * so that live updates have exactly one place to write.
 */
export function jobHistoryQueryOptions(queryClient: QueryClient) {
  return infiniteQueryOptions({
    queryKey: jobHistoryKey,
    initialPageParam: null as string | null,
    queryFn: async ({ pageParam, signal }): Promise<HistoryPage> => {
      const query = { limit: HISTORY_PAGE_SIZE, ...(pageParam !== null && { cursor: pageParam }) };
      const page = await unwrap(api.GET('/api/jobs', { params: { query }, signal }));
      for (const job of page.jobs) {
        queryClient.setQueryData(jobQueryOptions(queryClient, job.id).queryKey, (existing) => pickNewer(existing, job));
      }
      return { jobIds: page.jobs.map((job) => job.id), nextCursor: page.next_cursor };
    },
    getNextPageParam: (lastPage) => lastPage.nextCursor ?? undefined,
    staleTime: Infinity,
  });
}

export function useJobHistory() {
  return useInfiniteQuery(jobHistoryQueryOptions(useQueryClient()));
}

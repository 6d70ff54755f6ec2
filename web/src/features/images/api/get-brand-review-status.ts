import { unwrap } from '@brandgen/client';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../api/client.ts';

export const brandReviewStatusKey = ['brand-review', 'status'] as const;

/** Whether the server offers "Review against the brief" (a language model that sees images is configured). */
export function brandReviewStatusQueryOptions() {
  return queryOptions({
    queryKey: brandReviewStatusKey,
    queryFn: ({ signal }) => unwrap(api.GET('/api/brand-review/status', { signal })),
    // The configuration changes only with a restart.
    staleTime: 5 * 60_000,
  });
}

export function useBrandReviewStatus() {
  return useQuery(brandReviewStatusQueryOptions());
}

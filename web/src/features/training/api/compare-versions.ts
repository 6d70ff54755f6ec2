import { unwrap, type Job } from '@brandgen/client';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../api/client.ts';
import { comparisonJobKey, comparisonKey } from './keys.ts';

/** The four seeds every comparison uses, so the two rows differ only by the brand version. */
export const COMPARISON_SEED = 2026;

export interface ComparisonRequest {
  brandId: string;
  family: string;
  triggerWord: string;
  before: number;
  after: number;
}

/**
 * Two jobs of the same prompt and seed (four images each, seeds 2026 to 2029): one with the brand version before the
 * training, one with the version that attached the new LoRA, on a model of the LoRA's family.
 */
export function comparisonQueryOptions(request: ComparisonRequest) {
  return queryOptions({
    queryKey: comparisonKey(request),
    queryFn: async ({ signal }): Promise<{ before: string; after: string }> => {
      const catalog = await unwrap(api.GET('/api/models', { signal }));
      const model = catalog.models.find((candidate) => candidate.family === request.family)?.id;
      const job = (version: number) =>
        unwrap(
          api.POST('/api/generate', {
            body: {
              prompt: `${request.triggerWord} product illustration of a travel mug`.trim(),
              brand_id: request.brandId,
              brand_version: version,
              seed: COMPARISON_SEED,
              ...(model && { model }),
            },
          }),
        );
      const [before, after] = await Promise.all([job(request.before), job(request.after)]);
      return { before: before.job_id, after: after.job_id };
    },
    staleTime: Infinity,
  });
}

export function useComparison(request: ComparisonRequest | undefined) {
  return useQuery({
    ...comparisonQueryOptions(request ?? { brandId: '', family: '', triggerWord: '', before: 0, after: 0 }),
    enabled: request !== undefined,
  });
}

/** GET /api/jobs/{id}: one comparison job, read again until its four images are there. */
export function comparisonJobQueryOptions(jobId: string | undefined) {
  return queryOptions({
    queryKey: comparisonJobKey(jobId),
    queryFn: ({ signal }): Promise<Job> => unwrap(api.GET('/api/jobs/{id}', { params: { path: { id: jobId ?? '' } }, signal })),
  });
}

export function useComparisonJob(jobId: string | undefined) {
  return useQuery({
    ...comparisonJobQueryOptions(jobId),
    enabled: jobId !== undefined,
    refetchInterval: (query) => (query.state.data && ['complete', 'failed'].includes(query.state.data.status) ? false : 500),
  });
}

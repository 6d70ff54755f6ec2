import { unwrap, type Job } from '@brandgen/client';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { comparisonShots, type ComparisonShot } from '../../../../../server/src/domain/training-comparison.ts';
import { api } from '../../../api/client.ts';
import { comparisonJobKey, comparisonKey } from './keys.ts';

export interface ComparisonRequest {
  brandId: string;
  brandName: string;
  family: string;
  triggerWord: string;
  before: number;
  after: number;
}

/** One prompt of the comparison with the job that drew it for each version. */
export interface ComparisonRow {
  shot: ComparisonShot;
  before: string;
  after: string;
}

/**
 * Four prompts (one per asset type, see comparisonShots), each drawn with its own fixed seed twice: with the brand
 * version before the training and with the version that attached the new LoRA, on a model of the LoRA's family. Each
 * job draws one image, with the shot's seed.
 */
export function comparisonQueryOptions(request: ComparisonRequest) {
  return queryOptions({
    queryKey: comparisonKey(request),
    queryFn: async ({ signal }): Promise<ComparisonRow[]> => {
      const catalog = await unwrap(api.GET('/api/models', { signal }));
      const model = catalog.models.find((candidate) => candidate.family === request.family)?.id;
      const job = async (shot: ComparisonShot, version: number) =>
        (
          await unwrap(
            api.POST('/api/generate', {
              body: {
                prompt: shot.description,
                asset_type: shot.assetType,
                brand_id: request.brandId,
                brand_version: version,
                seed: shot.seed,
                // The comparison shows one image per prompt and version, so it pays for one.
                images: 1,
                ...(model && { model }),
              },
            }),
          )
        ).job_id;
      const shots = comparisonShots(request.brandName, request.triggerWord);
      return Promise.all(
        shots.map(async (shot) => {
          const [before, after] = await Promise.all([job(shot, request.before), job(shot, request.after)]);
          return { shot, before, after };
        }),
      );
    },
    staleTime: Infinity,
  });
}

export function useComparison(request: ComparisonRequest) {
  return useQuery(comparisonQueryOptions(request));
}

/** GET /api/jobs/{id}: one comparison job, read again until its image is there. */
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

import { unwrap } from '@brandgen/client';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../api/client.ts';
import { trainingsKey } from './keys.ts';

/** GET /api/brands/{id}/trainings: the brand's trainings, newest first. */
export function trainingsQueryOptions(brandId: string) {
  return queryOptions({
    queryKey: trainingsKey(brandId),
    queryFn: async ({ signal }) =>
      (await unwrap(api.GET('/api/brands/{id}/trainings', { params: { path: { id: brandId } }, signal }))).trainings,
  });
}

export function useTrainings(brandId: string) {
  return useQuery(trainingsQueryOptions(brandId));
}

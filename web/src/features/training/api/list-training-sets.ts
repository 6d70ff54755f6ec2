import { unwrap } from '@brandgen/client';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../api/client.ts';
import { trainingSetsKey } from './keys.ts';

/** GET /api/brands/{id}/training-sets: the brand's sets, each with its pictures' flags and whether it can be trained. */
export function trainingSetsQueryOptions(brandId: string) {
  return queryOptions({
    queryKey: trainingSetsKey(brandId),
    queryFn: async ({ signal }) =>
      (await unwrap(api.GET('/api/brands/{id}/training-sets', { params: { path: { id: brandId } }, signal }))).training_sets,
  });
}

export function useTrainingSets(brandId: string) {
  return useQuery(trainingSetsQueryOptions(brandId));
}

import { unwrap } from '@brandgen/client';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../api/client.ts';

const modelsKey = ['models'] as const;

/**
 * GET /api/models: the models, asset types and presets the server offers; refreshed when the window regains focus,
 * since an admin may add a key.
 */
export function modelCatalogQueryOptions() {
  return queryOptions({
    queryKey: modelsKey,
    queryFn: ({ signal }) => unwrap(api.GET('/api/models', { signal })),
    staleTime: 60_000,
  });
}

export function useModelCatalog() {
  return useQuery(modelCatalogQueryOptions());
}

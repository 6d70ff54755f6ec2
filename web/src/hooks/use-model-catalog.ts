import { queryOptions, useQuery } from '@tanstack/react-query';
import { getModelCatalog } from '../api/client.ts';
import { modelsKey } from '../api/query-keys.ts';

/** The models, asset types and presets the server offers; refreshed when the window regains focus, since an admin may add a key. */
export function modelCatalogQueryOptions() {
  return queryOptions({ queryKey: modelsKey, queryFn: ({ signal }) => getModelCatalog(signal), staleTime: 60_000 });
}

export function useModelCatalog() {
  return useQuery(modelCatalogQueryOptions());
}

import { unwrap, type Brand } from '@brandgen/client';
import { mutationOptions, useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client.ts';
import { brandsKey } from './keys.ts';

/** POST /api/brands/{id}/versions/{n}/restore: a new version copying version n (administrators). */
export const restoreBrandVersionMutationOptions = (client: QueryClient) =>
  mutationOptions({
    mutationFn: ({ brandId, version }: { brandId: string; version: number }): Promise<Brand> =>
      unwrap(api.POST('/api/brands/{id}/versions/{n}/restore', { params: { path: { id: brandId, n: String(version) } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: brandsKey }),
  });

export function useRestoreBrandVersion() {
  return useMutation(restoreBrandVersionMutationOptions(useQueryClient()));
}

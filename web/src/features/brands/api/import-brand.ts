import { unwrap, type Brand } from '@brandgen/client';
import { mutationOptions, useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client.ts';
import { brandsKey } from './keys.ts';

/** POST /api/brands/import: a brand file (as GET /api/brands/{id}/export writes it) becomes a new brand (administrators). */
export const importBrandMutationOptions = (client: QueryClient) =>
  mutationOptions({
    mutationFn: (brandFile: Record<string, unknown>): Promise<Brand> =>
      unwrap(api.POST('/api/brands/import', { params: { query: {} }, body: brandFile })),
    onSuccess: () => client.invalidateQueries({ queryKey: brandsKey }),
  });

export function useImportBrand() {
  return useMutation(importBrandMutationOptions(useQueryClient()));
}

import { unwrap, type Brand, type BrandKit } from '@brandgen/client';
import { mutationOptions, useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client.ts';
import { brandsKey } from './keys.ts';

/** PUT /api/brands/{id}: the whole kit as a new version; earlier versions stay as they were (administrators). */
export const updateBrandMutationOptions = (client: QueryClient) =>
  mutationOptions({
    mutationFn: ({ brandId, kit }: { brandId: string; kit: BrandKit }): Promise<Brand> =>
      unwrap(api.PUT('/api/brands/{id}', { params: { path: { id: brandId } }, body: kit })),
    onSuccess: () => client.invalidateQueries({ queryKey: brandsKey }),
  });

export function useUpdateBrand() {
  return useMutation(updateBrandMutationOptions(useQueryClient()));
}

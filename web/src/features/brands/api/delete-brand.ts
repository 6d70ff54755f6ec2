import { unwrap, type BrandDeleted } from '@brandgen/client';
import { mutationOptions, useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client.ts';
import { brandsKey } from './keys.ts';

/**
 * DELETE /api/brands/{id}: removes a brand no job used, archives one older jobs used, and is refused (409, with the
 * reason in words) while this month's jobs or a project use it (administrators).
 */
export const deleteBrandMutationOptions = (client: QueryClient) =>
  mutationOptions({
    mutationFn: (brandId: string): Promise<BrandDeleted> => unwrap(api.DELETE('/api/brands/{id}', { params: { path: { id: brandId } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: brandsKey }),
  });

export function useDeleteBrand() {
  return useMutation(deleteBrandMutationOptions(useQueryClient()));
}

import { unwrap, type Brand, type BrandKit } from '@brandgen/client';
import { mutationOptions, useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client.ts';
import { brandsKey } from './keys.ts';

/** The fields a new kit must have; the server fills in the rest with its defaults. */
export type NewBrandKit = Pick<BrandKit, 'name' | 'palette'> & Partial<BrandKit>;

/** POST /api/brands: a new brand from a whole kit, at version 1 (administrators). */
export const createBrandMutationOptions = (client: QueryClient) =>
  mutationOptions({
    mutationFn: (kit: NewBrandKit): Promise<Brand> => unwrap(api.POST('/api/brands', { body: kit })),
    onSuccess: () => client.invalidateQueries({ queryKey: brandsKey }),
  });

export function useCreateBrand() {
  return useMutation(createBrandMutationOptions(useQueryClient()));
}

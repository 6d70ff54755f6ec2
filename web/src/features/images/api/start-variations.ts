import { unwrap } from '@brandgen/client';
import { mutationOptions, useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client.ts';
import { jobHistoryKey } from '../../generate/api/keys.ts';

/**
 * POST /api/images/{id}/variations: four variations; with a strength, redrawn from the image itself (models with
 * supports_image_to_image). The Generate page lists them too, when the person goes there.
 */
export const startVariationsMutationOptions = (queryClient: QueryClient, imageId: string) =>
  mutationOptions({
    mutationFn: (strength: number | undefined) =>
      unwrap(
        api.POST('/api/images/{id}/variations', { params: { path: { id: imageId } }, body: strength === undefined ? {} : { strength } }),
      ),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: jobHistoryKey }),
  });

export function useStartVariations(imageId: string) {
  return useMutation(startVariationsMutationOptions(useQueryClient(), imageId));
}

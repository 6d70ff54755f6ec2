import { unwrap } from '@brandgen/client';
import { mutationOptions, useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client.ts';
import { brandLorasKey } from './keys.ts';

/** DELETE /api/brands/{id}/loras/{loraId}: refused while the brand's current kit uses the LoRA (administrators). */
export const deleteLoraMutationOptions = (client: QueryClient) =>
  mutationOptions({
    mutationFn: ({ brandId, loraId }: { brandId: string; loraId: string }) =>
      unwrap(api.DELETE('/api/brands/{id}/loras/{loraId}', { params: { path: { id: brandId, loraId } } })),
    onSuccess: (_answer, { brandId }) => client.invalidateQueries({ queryKey: brandLorasKey(brandId) }),
  });

export function useDeleteLora() {
  return useMutation(deleteLoraMutationOptions(useQueryClient()));
}

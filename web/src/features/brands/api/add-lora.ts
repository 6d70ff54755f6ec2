import { unwrap, type Lora } from '@brandgen/client';
import { mutationOptions, useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client.ts';
import { brandLorasKey } from './keys.ts';

export type LoraReferenceInput =
  | { source: 'url'; url: string; name: string; family: string }
  | { source: 'civitai'; air: string; name: string; family: string }
  | { source: 'comfyui_file'; file_name: string; name: string; family: string };

/** POST /api/brands/{id}/loras: a LoRA by https link, civitai AIR or ComfyUI file name (administrators). */
export const addLoraMutationOptions = (client: QueryClient) =>
  mutationOptions({
    mutationFn: ({ brandId, lora }: { brandId: string; lora: LoraReferenceInput }): Promise<Lora> =>
      unwrap(api.POST('/api/brands/{id}/loras', { params: { path: { id: brandId } }, body: lora })),
    onSuccess: (lora) => client.invalidateQueries({ queryKey: brandLorasKey(lora.brand_id) }),
  });

export function useAddLora() {
  return useMutation(addLoraMutationOptions(useQueryClient()));
}

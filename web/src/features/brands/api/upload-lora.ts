import { unwrap, type Lora } from '@brandgen/client';
import { mutationOptions, useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client.ts';
import { brandLorasKey } from './keys.ts';

/** POST /api/brands/{id}/loras/upload: the .safetensors file as the raw body; the server checks it as it streams in. */
export const uploadLoraMutationOptions = (client: QueryClient) =>
  mutationOptions({
    mutationFn: ({ brandId, file }: { brandId: string; file: File }): Promise<Lora> =>
      unwrap(
        api.POST('/api/brands/{id}/loras/upload', {
          params: { path: { id: brandId }, query: { file_name: file.name } },
          // The document describes no JSON body here: the file goes as it is.
          body: file as never,
          bodySerializer: (body: unknown) => body as Blob,
          headers: { 'Content-Type': 'application/octet-stream' },
        }),
      ),
    onSuccess: (lora) => client.invalidateQueries({ queryKey: brandLorasKey(lora.brand_id) }),
  });

export function useUploadLora() {
  return useMutation(uploadLoraMutationOptions(useQueryClient()));
}

import { unwrap } from '@brandgen/client';
import { mutationOptions, useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client.ts';
import { jobHistoryKey } from '../../generate/api/keys.ts';

/** POST /api/images/{id}/edit: four edits that follow the instruction; without a model, the server picks one that can edit. */
export const startEditMutationOptions = (queryClient: QueryClient, imageId: string) =>
  mutationOptions({
    mutationFn: (edit: { instruction: string; model?: string }) =>
      unwrap(api.POST('/api/images/{id}/edit', { params: { path: { id: imageId } }, body: edit })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: jobHistoryKey }),
  });

export function useStartEdit(imageId: string) {
  return useMutation(startEditMutationOptions(useQueryClient(), imageId));
}

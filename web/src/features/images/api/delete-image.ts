import { unwrap } from '@brandgen/client';
import { mutationOptions, useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client.ts';
import { jobHistoryKey } from '../../generate/api/keys.ts';
import { libraryKey } from '../../library/api/list-images.ts';

/** DELETE /api/images/{id}: the image goes for good (its file and thumbnail too), starred or not. */
export function deleteImage(imageId: string) {
  return unwrap(api.DELETE('/api/images/{id}', { params: { path: { id: imageId } } }));
}

/** Every list and job that showed deleted images asks the server again; resolves once the active ones have. */
export function refreshAfterDelete(queryClient: QueryClient) {
  return Promise.all([queryClient.invalidateQueries({ queryKey: libraryKey }), queryClient.invalidateQueries({ queryKey: jobHistoryKey })]);
}

export const deleteImageMutationOptions = (queryClient: QueryClient) =>
  mutationOptions({
    mutationFn: (imageId: string) => deleteImage(imageId),
    onSuccess: () => {
      void refreshAfterDelete(queryClient);
    },
  });

/** Deletes an image; every list and job that showed it asks the server again. */
export function useDeleteImage() {
  return useMutation(deleteImageMutationOptions(useQueryClient()));
}

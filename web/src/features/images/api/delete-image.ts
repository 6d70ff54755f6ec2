import { useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { deleteImage } from '../../../api/library.ts';
import { jobHistoryKey, libraryKey } from '../../../api/query-keys.ts';

/** Every list and job that showed deleted images asks the server again; resolves once the active ones have. */
export function refreshAfterDelete(queryClient: QueryClient) {
  return Promise.all([queryClient.invalidateQueries({ queryKey: libraryKey }), queryClient.invalidateQueries({ queryKey: jobHistoryKey })]);
}

/** Deletes an image; every list and job that showed it asks the server again. */
export function useDeleteImage() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (imageId: string) => deleteImage(imageId),
    onSuccess: () => {
      void refreshAfterDelete(queryClient);
    },
  });
}

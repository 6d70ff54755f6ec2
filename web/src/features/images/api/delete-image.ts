import { useMutation, useQueryClient } from '@tanstack/react-query';
import { deleteImage } from '../../../api/library.ts';
import { jobHistoryKey, libraryKey } from '../../../api/query-keys.ts';

/** Deletes an image; every list and job that showed it asks the server again. */
export function useDeleteImage() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (imageId: string) => deleteImage(imageId),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: libraryKey });
      void queryClient.invalidateQueries({ queryKey: jobHistoryKey });
    },
  });
}

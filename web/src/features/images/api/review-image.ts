import { unwrap } from '@brandgen/client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client.ts';
import { brandReviewKey } from './get-brand-review.ts';

/** Asks the language model for a new review of the image; it becomes the image's last review. */
export function useReviewImage(imageId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST('/api/images/{id}/brand-review', { params: { path: { id: imageId } } })),
    onSuccess: (review) => queryClient.setQueryData(brandReviewKey(imageId), review),
  });
}

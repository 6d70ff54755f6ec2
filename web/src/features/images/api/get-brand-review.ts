import { unwrap } from '@brandgen/client';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../api/client.ts';

export const brandReviewKey = (imageId: string) => ['brand-review', 'image', imageId] as const;

/** The image's last review against its brand's dos and don'ts, or null: read back without asking the model again. */
export function brandReviewQueryOptions(imageId: string) {
  return queryOptions({
    queryKey: brandReviewKey(imageId),
    queryFn: async ({ signal }) =>
      (await unwrap(api.GET('/api/images/{id}/brand-review', { params: { path: { id: imageId } }, signal }))).review,
  });
}

export function useBrandReview(imageId: string) {
  return useQuery(brandReviewQueryOptions(imageId));
}

import { queryOptions, useQuery } from '@tanstack/react-query';
import { libraryKey, listImages } from '../../library/api/list-images.ts';

const imageChildrenKey = (imageId: string) => [...libraryKey, 'children', imageId] as const;

/** GET /api/images?parent_id=…: the variations and edits made from an image, newest first (the first 48). */
export function imageChildrenQueryOptions(imageId: string) {
  return queryOptions({
    queryKey: imageChildrenKey(imageId),
    queryFn: ({ signal }) => listImages({ parent_id: imageId }, null, 48, signal),
  });
}

export function useImageChildren(imageId: string) {
  return useQuery(imageChildrenQueryOptions(imageId));
}

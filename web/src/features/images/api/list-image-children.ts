import { queryOptions, useQuery } from '@tanstack/react-query';
import { listImages } from '../../../api/library.ts';
import { libraryKey } from '../../../api/query-keys.ts';

/** GET /api/images?parent_id=…: the variations and edits made from an image, newest first (the first 48). */
export function imageChildrenQueryOptions(imageId: string) {
  return queryOptions({
    queryKey: [...libraryKey, { parent_id: imageId }],
    queryFn: ({ signal }) => listImages({ parent_id: imageId }, null, 48, signal),
  });
}

export function useImageChildren(imageId: string) {
  return useQuery(imageChildrenQueryOptions(imageId));
}

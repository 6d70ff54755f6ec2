import { queryOptions, useQuery } from '@tanstack/react-query';
import { listImages } from '../../../api/library.ts';
import { libraryKey } from '../../../api/query-keys.ts';

/** How many children the refinement tree lists: several sets of variations and edits, not the whole lineage. */
const CHILDREN_SHOWN = 48;

/** The images made from one image (its variations and edits), under the library's key so new ones appear. */
export function childImagesQueryOptions(imageId: string) {
  return queryOptions({
    queryKey: [...libraryKey, { parent_id: imageId }],
    queryFn: ({ signal }) => listImages({ parent_id: imageId }, null, CHILDREN_SHOWN, signal),
    select: (page) => page.images,
  });
}

export function useChildImages(imageId: string) {
  return useQuery(childImagesQueryOptions(imageId));
}

import type { LibraryImage } from '@brandgen/client';
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { getImage } from '../../../api/library.ts';
import { libraryKey } from '../../../api/query-keys.ts';

/** One library image by id, under the library's key so starring and new children refresh it. */
export function imageQueryOptions(imageId: string) {
  return queryOptions({
    queryKey: [...libraryKey, 'image', imageId],
    queryFn: ({ signal }) => getImage(imageId, signal),
  });
}

/**
 * The image a viewer shows: from the list it was opened in, or fetched when the list does not hold it (a parent
 * opened from the refinement tree, a copied link). While the next one loads, the last one stays, so the viewer
 * does not close and open again.
 */
export function useOpenImage(images: readonly LibraryImage[], openId: string | null): LibraryImage | undefined {
  const listed = openId === null ? undefined : images.find((image) => image.id === openId);
  const fetched = useQuery({
    ...imageQueryOptions(openId ?? ''),
    enabled: openId !== null && listed === undefined,
    placeholderData: keepPreviousData,
  });
  return openId === null ? undefined : (listed ?? fetched.data);
}

import { unwrap, type LibraryImage } from '@brandgen/client';
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../api/client.ts';
import { libraryKey } from '../../library/api/list-images.ts';

const imageKey = (imageId: string) => [...libraryKey, 'image', imageId] as const;

/** GET /api/images/{id}: one library image, under the library's key so starring and new children refresh it. */
export function imageQueryOptions(imageId: string) {
  return queryOptions({
    queryKey: imageKey(imageId),
    queryFn: ({ signal }) => unwrap(api.GET('/api/images/{id}', { params: { path: { id: imageId } }, signal })),
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

/** The image another was made from, when it has one (the refinement tree's "Made from"). */
export function useImage(imageId: string | null) {
  return useQuery({ ...imageQueryOptions(imageId ?? ''), enabled: imageId !== null });
}

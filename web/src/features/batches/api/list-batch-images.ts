import type { LibraryImage } from '@brandgen/client';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { libraryKey, listImages } from '../../library/api/list-images.ts';

/** Where an image stands in its batch: its job's place in the batch's list, then its slot. */
export interface BatchSlot {
  jobId: string;
  n: number;
}

const batchImagesKey = (batchId: string) => [...libraryKey, 'batch', batchId] as const;

/** A batch's images as library images (ids, stars, refinements) for the viewer; up to 400, so every page is read. */
async function allImagesOf(batchId: string, signal: AbortSignal): Promise<LibraryImage[]> {
  const images: LibraryImage[] = [];
  let cursor: string | null = null;
  do {
    const page = await listImages({ batch_id: batchId }, cursor, 200, signal);
    images.push(...page.images);
    cursor = page.next_cursor;
  } while (cursor !== null);
  return images;
}

/** GET /api/images?batch_id=…, under the library's key so that starring or deleting refreshes it. */
export function batchImagesQueryOptions(batchId: string) {
  return queryOptions({
    queryKey: batchImagesKey(batchId),
    queryFn: ({ signal }) => allImagesOf(batchId, signal),
  });
}

/**
 * Asked for when a thumbnail is opened, not before. A slot shows as ready a moment before its image is filed in the
 * library; until the opened one is there, the list is asked for again.
 */
export function useBatchImages(batchId: string, wanted: BatchSlot | null) {
  return useQuery({
    ...batchImagesQueryOptions(batchId),
    enabled: wanted !== null,
    refetchInterval: (query) =>
      wanted !== null && !(query.state.data ?? []).some((image) => image.job_id === wanted.jobId && image.n === wanted.n) ? 500 : false,
  });
}

import type { LibraryImage } from '@brandgen/client';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { libraryKey, listImages } from '../../library/api/list-images.ts';

const jobImagesKey = (jobId: string) => [...libraryKey, 'job', jobId] as const;

/** GET /api/images?job_id=…: a set's images as library images (with ids, so they can be starred, edited, varied), in slot order. */
export function jobImagesQueryOptions(jobId: string) {
  return queryOptions({
    queryKey: jobImagesKey(jobId),
    queryFn: ({ signal }) => listImages({ job_id: jobId }, null, 4, signal),
    select: (page): LibraryImage[] => [...page.images].sort((a, b) => a.n - b.n),
  });
}

/**
 * The set's images once a person reaches for them (hovers or focuses the set, opens the viewer); never for every
 * set on the page. A slot shows as ready a moment before its image is filed in the library, so until the wanted one
 * is there the list is asked for again.
 */
export function useJobImages(jobId: string, wantedN: number | null, engaged: boolean) {
  return useQuery({
    ...jobImagesQueryOptions(jobId),
    enabled: wantedN !== null || engaged,
    refetchInterval: (query) => (wantedN !== null && !(query.state.data?.images ?? []).some((image) => image.n === wantedN) ? 500 : false),
  });
}

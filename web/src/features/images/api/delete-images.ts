import { BrandgenApiError } from '@brandgen/client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { deleteImage, refreshAfterDelete } from './delete-image.ts';

/** A few at a time: the server deletes each file and thumbnail, and the browser keeps connections for thumbnails. */
const AT_ONCE = 4;

export interface DeleteImagesResult {
  deleted: string[];
  /** The ids not deleted, with the first reason, in the order given. */
  failed: string[];
  firstError: unknown;
}

async function deleteEach(imageIds: readonly string[]): Promise<DeleteImagesResult> {
  const failures = new Map<string, unknown>();
  const deleted = new Set<string>();
  let next = 0;
  const worker = async () => {
    while (next < imageIds.length) {
      const id = imageIds[next]!;
      next += 1;
      try {
        await deleteImage(id);
        deleted.add(id);
      } catch (error) {
        // Gone already (deleted in another tab, or by retention): what was asked for is done.
        if (error instanceof BrandgenApiError && error.status === 404) deleted.add(id);
        else failures.set(id, error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(AT_ONCE, imageIds.length) }, worker));
  return {
    deleted: imageIds.filter((id) => deleted.has(id)),
    failed: imageIds.filter((id) => failures.has(id)),
    firstError: failures.values().next().value,
  };
}

/**
 * Deletes the images for good (there is no bulk route: one request each). Settles once the lists have been asked
 * again, so they no longer show the deleted ones when it does; images that could not be deleted are reported, not thrown.
 */
export function useDeleteImages() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (imageIds: readonly string[]) => deleteEach(imageIds),
    onSuccess: () => refreshAfterDelete(queryClient),
  });
}

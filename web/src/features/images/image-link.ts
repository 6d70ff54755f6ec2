import type { LibraryImage } from '@brandgen/client';

/** The address that opens an image in the viewer, on History, wherever it was found. */
export function imageLink(image: Pick<LibraryImage, 'id'>, origin = window.location.origin): string {
  return `${origin}/history?image=${encodeURIComponent(image.id)}`;
}

/** The file name a downloaded PNG gets: the set and the image's number in it. */
export function downloadName(image: Pick<LibraryImage, 'job_id' | 'n'>): string {
  return `brandgen-${image.job_id.slice(-12)}-${image.n + 1}.png`;
}

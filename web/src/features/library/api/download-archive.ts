/** GET /api/images/archive: a link that downloads the images as one ZIP (the server streams it; at most 200 images). */
export function archiveUrl(imageIds: readonly string[]): string {
  return `/api/images/archive?ids=${imageIds.map(encodeURIComponent).join(',')}`;
}

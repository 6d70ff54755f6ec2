/**
 * The srcset of a 256 px thumbnail: the server makes a 512 px one on request, so screens with two device pixels to the
 * CSS pixel get sharp tiles while others download only the small file.
 */
export function thumbnailSrcSet(thumbnailUrl: string): string {
  return `${thumbnailUrl} 1x, ${thumbnailUrl}${thumbnailUrl.includes('?') ? '&' : '?'}size=512 2x`;
}

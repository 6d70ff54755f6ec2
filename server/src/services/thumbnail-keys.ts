import { LARGE_THUMBNAIL_SIZE } from '../images/thumbnail.ts';

/** Where an image's 256 px thumbnail is kept. */
export function thumbnailBlobKey(imageId: string): string {
  return `thumbnails/${imageId}.webp`;
}

/** Where an image's 512 px thumbnail is kept, beside its 256 px one; removed with it. */
export function largeThumbnailBlobKey(thumbnailKey: string): string {
  return thumbnailKey.replace(/\.webp$/u, `-${LARGE_THUMBNAIL_SIZE}.webp`);
}

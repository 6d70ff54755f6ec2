import { thumbHashToAverageRGBA, thumbHashToDataURL } from 'thumbhash';

const cache = new Map<string, string>();

function hashBytes(hash: string): Uint8Array {
  return Uint8Array.from(atob(hash), (character) => character.charCodeAt(0));
}

/**
 * A data URL of the blurred preview a ThumbHash (base64) decodes to; cached, since grids re-render tiles often. Each
 * costs a fraction of a millisecond of script, which a screenful of new tiles multiplies, so grids ask for it only
 * for thumbnails that are slow to arrive (see use-slow-tile-placeholders).
 */
export function placeholderUrl(hash: string): string | undefined {
  let url = cache.get(hash);
  if (url === undefined) {
    try {
      url = thumbHashToDataURL(hashBytes(hash));
    } catch {
      return undefined;
    }
    if (cache.size > 5_000) cache.clear();
    cache.set(hash, url);
  }
  return url;
}

/** The blurred preview when it has already been decoded, without decoding it. */
export function cachedPlaceholderUrl(hash: string): string | undefined {
  return cache.get(hash);
}

/** The image's average colour, read from the ThumbHash's header at almost no cost: what a tile shows first. */
export function placeholderColour(hash: string): string | undefined {
  try {
    const { r, g, b } = thumbHashToAverageRGBA(hashBytes(hash));
    return `rgb(${Math.round(r * 255)} ${Math.round(g * 255)} ${Math.round(b * 255)})`;
  } catch {
    return undefined;
  }
}

import { thumbHashToDataURL } from 'thumbhash';

const cache = new Map<string, string>();

/** A data URL of the blurred preview a ThumbHash (base64) decodes to; cached, since grids re-render tiles often. */
export function placeholderUrl(hash: string): string | undefined {
  let url = cache.get(hash);
  if (url === undefined) {
    try {
      url = thumbHashToDataURL(Uint8Array.from(atob(hash), (character) => character.charCodeAt(0)));
    } catch {
      return undefined;
    }
    if (cache.size > 5_000) cache.clear();
    cache.set(hash, url);
  }
  return url;
}

import { loadSharp } from '../../images/sharp-loader.ts';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47];

/**
 * Fetches a finished workflow's images from their signed blob links. The links carry their own signature, so no key
 * is sent with them: a link may point anywhere civitai stores blobs. civitai's engines write JPEG, while Brandgen
 * keeps PNG (the prompt and seed go into its text chunks), so anything else is converted.
 */
export async function downloadImages(
  links: string[],
  options: { fetch: typeof fetch; signal: AbortSignal | undefined },
): Promise<Uint8Array[]> {
  const sharp = await loadSharp();
  return Promise.all(
    links.map(async (link) => {
      const response = await options.fetch(link, options.signal ? { signal: options.signal } : {});
      if (!response.ok) {
        throw new Error(
          `civitai made the image, but its download link answered HTTP ${response.status} ` +
            '(signed links expire after a few minutes). Generate again.',
        );
      }
      const bytes = new Uint8Array(await response.arrayBuffer());
      if (PNG_SIGNATURE.every((byte, index) => bytes[index] === byte)) return bytes;
      try {
        return new Uint8Array(await sharp(bytes).png().toBuffer());
      } catch {
        throw new Error('civitai sent a file for the image that is not a picture Brandgen can read.');
      }
    }),
  );
}

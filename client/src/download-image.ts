import type { Transport } from './transport.ts';

/**
 * The bytes of an image the API links to (a job slot's `url`, a library image's `url` or `thumbnail_url`), fetched with
 * the bearer header. Signed storage links the server redirects to are followed; the header is not sent across origins.
 */
export async function downloadImage(
  transport: Transport,
  url: string,
  options: { signal?: AbortSignal | undefined } = {},
): Promise<Uint8Array> {
  const response = await transport.send(url, { signal: options.signal, headers: { accept: 'image/*' } });
  return new Uint8Array(await response.arrayBuffer());
}

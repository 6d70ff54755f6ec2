import sharp from 'sharp';

/**
 * Distinct test pictures: a grid of blocks whose brightness comes from a seeded sequence, so each seed gives a
 * picture with its own difference hash, and the same seed at another size gives a near-duplicate.
 */
export async function trainingPicture(seed: number, size = 640, format: 'png' | 'jpeg' | 'webp' = 'png'): Promise<Uint8Array> {
  const blocks = 8;
  const pixels = Buffer.alloc(blocks * blocks * 3);
  let state = seed * 2654435761 + 1;
  for (let index = 0; index < pixels.length; index += 1) {
    state = (state * 1103515245 + 12345) % 2147483648;
    pixels[index] = state % 256;
  }
  const grid = sharp(pixels, { raw: { width: blocks, height: blocks, channels: 3 } }).resize(size, size, { kernel: 'nearest' });
  return grid.toFormat(format).toBuffer();
}

/** The same picture as a JPEG carrying EXIF (a camera make and GPS), which a cleaned copy must not keep. */
export async function pictureWithMetadata(seed: number): Promise<Uint8Array> {
  return sharp(await trainingPicture(seed))
    .jpeg()
    .withExif({ IFD0: { Make: 'SecretCam', Copyright: 'private' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 0/1' } })
    .toBuffer();
}

/** A multipart form of pictures with the other fields given. */
export function trainingForm(
  pictures: { name: string; bytes: Uint8Array; type?: string }[],
  fields: Record<string, string> = {},
): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  for (const picture of pictures)
    form.append('images', new Blob([new Uint8Array(picture.bytes)], { type: picture.type ?? 'image/png' }), picture.name);
  return form;
}

/** Calls the API: a FormData body goes as multipart, anything else as JSON; answers the status and parsed body. */
export async function callApi(app: { baseUrl: string }, method: string, route: string, body?: unknown) {
  const init: RequestInit = { method };
  if (body instanceof FormData) init.body = body;
  else if (body !== undefined) Object.assign(init, { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const response = await fetch(`${app.baseUrl}${route}`, init);
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

import type { IncomingMessage } from 'node:http';

/**
 * Reads a raw request body into one buffer, refusing with `tooLarge()` as soon as it is known to exceed the limit:
 * from Content-Length before reading, or while reading a body sent without one. The rest is drained, not read.
 */
export function readLimitedBody(payload: IncomingMessage, maxBytes: number, tooLarge: () => Error): Promise<Buffer> {
  const declared = Number(payload.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    payload.resume();
    return Promise.reject(tooLarge());
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const onData = (chunk: Buffer) => {
      total += chunk.byteLength;
      if (total > maxBytes) {
        payload.off('data', onData);
        payload.resume();
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    };
    payload.on('data', onData);
    payload.once('end', () => resolve(Buffer.concat(chunks)));
    payload.once('error', reject);
  });
}

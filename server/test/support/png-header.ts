import { crc32 } from 'node:zlib';

/**
 * A copy of a PNG with bytes of its header's data overwritten (offset 0 is the width's first byte) and the header's
 * CRC recomputed, so every chunk stays well formed and only the header's meaning is wrong.
 */
export function withHeaderBytes(png: Uint8Array, offset: number, bytes: readonly number[]): Uint8Array {
  const copy = Buffer.from(png);
  copy.set(bytes, 16 + offset);
  // IHDR's CRC covers its type and data, bytes 12 to 28, and follows at byte 29.
  copy.writeUInt32BE(crc32(copy.subarray(12, 29)), 29);
  return new Uint8Array(copy);
}

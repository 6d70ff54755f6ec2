/**
 * A PNG's chunk structure (PNG specification, section 5) walked and checked by hand: the text chunks Brandgen writes
 * (png-text.ts) and the header it reads need the chunks themselves, which image libraries do not hand out.
 */
import { crc32 } from 'node:zlib';

const signature = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

export interface Chunk {
  type: string;
  /** Offset of the chunk's length field: where the chunk starts in the file. */
  start: number;
  /** Offset just past the chunk's CRC. */
  end: number;
  data: Uint8Array;
}

/** Bit depths each colour type allows (PNG specification, section 11.2.2). */
const bitDepthsByColourType: ReadonlyMap<number, readonly number[]> = new Map([
  [0, [1, 2, 4, 8, 16]],
  [2, [8, 16]],
  [3, [1, 2, 4, 8]],
  [4, [8, 16]],
  [6, [8, 16]],
]);

/**
 * The pixel size from a PNG's header, after checking the whole chunk structure and every header field, which is what
 * a decoder's header read (sharp's metadata) checks too; neither decodes the pixels.
 */
export function pngDimensions(png: Uint8Array): { width: number; height: number } {
  const header = readChunks(png)[0]!.data;
  if (header.length !== 13) throw new Error('corrupt PNG header: IHDR is not 13 bytes long');
  const view = new DataView(header.buffer, header.byteOffset, header.byteLength);
  const width = view.getUint32(0);
  const height = view.getUint32(4);
  const [bitDepth, colourType, compression, filter, interlace] = header.subarray(8);
  if (width === 0 || height === 0 || width > 0x7fffffff || height > 0x7fffffff) {
    throw new Error(`corrupt PNG header: ${width} × ${height} pixels`);
  }
  if (!bitDepthsByColourType.get(colourType!)?.includes(bitDepth!)) {
    throw new Error(`corrupt PNG header: bit depth ${bitDepth} with colour type ${colourType}`);
  }
  if (compression !== 0 || filter !== 0 || (interlace !== 0 && interlace !== 1)) {
    throw new Error('corrupt PNG header: unknown compression, filter or interlace method');
  }
  return { width, height };
}

/** Walks and checks the whole chunk structure, so damaged files fail here rather than downstream. */
export function readChunks(png: Uint8Array): Chunk[] {
  if (png.length < signature.length || !signature.every((byte, index) => png[index] === byte)) {
    throw new Error('not a PNG: the file does not start with the PNG signature');
  }
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const chunks: Chunk[] = [];
  let offset = signature.length;
  while (offset < png.length) {
    if (offset + 12 > png.length) throw new Error(`not a PNG: truncated chunk at byte ${offset}`);
    const length = view.getUint32(offset);
    const end = offset + 12 + length;
    if (end > png.length) throw new Error(`not a PNG: chunk at byte ${offset} runs past the end of the file`);
    const type = decodeLatin1(png.subarray(offset + 4, offset + 8));
    if (!/^[A-Za-z]{4}$/.test(type)) throw new Error(`not a PNG: invalid chunk type at byte ${offset}`);
    if (crc32(png.subarray(offset + 4, offset + 8 + length)) !== view.getUint32(offset + 8 + length)) {
      throw new Error(`corrupt PNG: CRC mismatch in ${type} chunk at byte ${offset}`);
    }
    chunks.push({ type, start: offset, end, data: png.subarray(offset + 8, offset + 8 + length) });
    offset = end;
    if (type === 'IEND') break;
  }
  if (chunks[0]?.type !== 'IHDR') throw new Error('not a PNG: the first chunk is not IHDR');
  if (chunks.at(-1)?.type !== 'IEND') throw new Error('not a PNG: no IEND chunk');
  return chunks;
}

/** Node's latin1 is ISO-8859-1; TextDecoder('latin1') is really windows-1252, which PNG is not. */
export function decodeLatin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

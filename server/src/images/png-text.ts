/**
 * PNG text chunks (prompt, seed, model…) written by hand: sharp writes no arbitrary text chunks, and
 * the npm helpers available handle only Latin-1 tEXt, while prompts are UTF-8 (accents, emoji). iTXt
 * carries UTF-8; the chunk layout is in the PNG specification, section 11.3.3.
 */
import { crc32, inflateSync } from 'node:zlib';
import { decodeLatin1, readChunks } from './png-chunks.ts';

const utf8 = new TextDecoder();

/** Inserts one uncompressed iTXt chunk per entry right before the first IDAT chunk. */
export function addPngText(png: Uint8Array, entries: Record<string, string>): Uint8Array {
  const firstImageData = readChunks(png).find((chunk) => chunk.type === 'IDAT');
  if (firstImageData === undefined) throw new Error('not a PNG: no IDAT chunk');
  const textChunks = Object.entries(entries).map(([keyword, text]) => encodeChunk('iTXt', internationalText(keyword, text)));
  return concatenate([png.subarray(0, firstImageData.start), ...textChunks, png.subarray(firstImageData.start)]);
}

/** Reads tEXt and iTXt chunks (compressed or not); a keyword seen twice keeps its first value. */
export function readPngText(png: Uint8Array): Record<string, string> {
  const text: Record<string, string> = {};
  for (const chunk of readChunks(png)) {
    const entry =
      chunk.type === 'tEXt' ? decodeLatinText(chunk.data) : chunk.type === 'iTXt' ? decodeInternationalText(chunk.data) : undefined;
    if (entry !== undefined && !Object.hasOwn(text, entry.keyword)) text[entry.keyword] = entry.text;
  }
  return text;
}

/** Keyword, NUL, compression flag 0, method 0, empty language tag, NUL, empty translated keyword, NUL, UTF-8 text. */
function internationalText(keyword: string, text: string): Uint8Array {
  // Keywords are 1–79 printable Latin-1 characters without leading, trailing or double spaces.
  if (!/^[\x20-\x7e\xa1-\xff]{1,79}$/.test(keyword) || /^ | $| {2}/.test(keyword)) {
    throw new Error(`invalid PNG text keyword ${JSON.stringify(keyword)}: use 1–79 printable Latin-1 characters`);
  }
  const keywordBytes = Uint8Array.from(keyword, (character) => character.charCodeAt(0));
  return concatenate([keywordBytes, Uint8Array.of(0, 0, 0, 0, 0), new TextEncoder().encode(text)]);
}

function encodeChunk(type: string, data: Uint8Array): Uint8Array {
  const chunk = new Uint8Array(12 + data.length);
  const view = new DataView(chunk.buffer);
  view.setUint32(0, data.length);
  chunk.set(
    Uint8Array.from(type, (character) => character.charCodeAt(0)),
    4,
  );
  chunk.set(data, 8);
  view.setUint32(8 + data.length, crc32(chunk.subarray(4, 8 + data.length)));
  return chunk;
}

function decodeLatinText(data: Uint8Array): { keyword: string; text: string } | undefined {
  const separator = data.indexOf(0);
  if (separator < 1) return undefined;
  return { keyword: decodeLatin1(data.subarray(0, separator)), text: decodeLatin1(data.subarray(separator + 1)) };
}

function decodeInternationalText(data: Uint8Array): { keyword: string; text: string } | undefined {
  const keywordEnd = data.indexOf(0);
  if (keywordEnd < 1 || keywordEnd + 3 > data.length) return undefined;
  const compressed = data[keywordEnd + 1] === 1;
  const languageEnd = data.indexOf(0, keywordEnd + 3);
  const translatedKeywordEnd = languageEnd < 0 ? -1 : data.indexOf(0, languageEnd + 1);
  if (translatedKeywordEnd < 0) return undefined;
  const body = data.subarray(translatedKeywordEnd + 1);
  return {
    keyword: decodeLatin1(data.subarray(0, keywordEnd)),
    text: utf8.decode(compressed ? inflateSync(body) : body),
  };
}

function concatenate(parts: readonly Uint8Array[]): Uint8Array {
  const result = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    result.set(part, offset);
    offset += part.length;
  }
  return result;
}

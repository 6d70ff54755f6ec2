import { negotiate } from '@fastify/accept-negotiator';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** The encodings JSON and HTML answers are compressed with, the server's preference first. */
export const ANSWER_ENCODINGS = ['br', 'gzip'] as const;
export type AnswerEncoding = (typeof ANSWER_ENCODINGS)[number];

/** Answers smaller than this are sent as they are: compressing them saves less than it costs. */
export const COMPRESSION_THRESHOLD_BYTES = 1024;

// "*" (any encoding) and the old "x-gzip" name both mean gzip, as @fastify/compress reads them.
const GZIP_ALIASES = /\*|x-gzip/gu;

/**
 * Browsers send one of a handful of Accept-Encoding values, the same on every request, so the outcome of each is
 * remembered (null for none of ours); a client sending endless or outsized variations fills a few short places at most.
 */
const negotiated = new Map<string, AnswerEncoding | null>();
const NEGOTIATIONS_REMEMBERED = 64;
const LONGEST_REMEMBERED = 200;

/**
 * The encoding an Accept-Encoding header asks for among ours, negotiated as @fastify/compress negotiates it (same
 * library, same aliases), so an answer compressed ahead of time is chosen exactly as one compressed on the way out.
 */
export function negotiatedEncoding(acceptEncoding: string | undefined): AnswerEncoding | undefined {
  if (acceptEncoding === undefined) return undefined;
  const known = negotiated.get(acceptEncoding);
  if (known !== undefined) return known ?? undefined;
  const chosen = negotiate(acceptEncoding.toLowerCase().replace(GZIP_ALIASES, 'gzip'), [...ANSWER_ENCODINGS]);
  const encoding = chosen === 'br' || chosen === 'gzip' ? chosen : undefined;
  if (negotiated.size < NEGOTIATIONS_REMEMBERED && acceptEncoding.length <= LONGEST_REMEMBERED)
    negotiated.set(acceptEncoding, encoding ?? null);
  return encoding;
}

/** JSON text compressed in one encoding; brotli at a middle quality, which for a few kilobytes costs well under 1 ms. */
export function compressText(text: string, encoding: AnswerEncoding): Buffer {
  if (encoding === 'gzip') return gzipSync(text);
  return brotliCompressSync(text, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 6,
      [constants.BROTLI_PARAM_SIZE_HINT]: Buffer.byteLength(text),
    },
  });
}

import type { FastifyReply, FastifyRequest } from 'fastify';
import type { IncomingHttpHeaders } from 'node:http';
import { COMPRESSION_THRESHOLD_BYTES, negotiatedEncoding, type AnswerEncoding } from './answer-encoding.ts';

export const JSON_TYPE = 'application/json; charset=utf-8';

/** Sends JSON that is already serialised: Fastify passes a string with a JSON content type through untouched. */
export function sendJsonText(reply: FastifyReply, body: string): FastifyReply {
  return reply.type(JSON_TYPE).send(body);
}

/** Serialised JSON that can give itself compressed, typically from a cache that compresses each encoding once. */
export interface CompressibleJson {
  text: string;
  encoded(encoding: AnswerEncoding): Buffer;
}

/**
 * The encoding to send a compressible answer in, chosen as @fastify/compress would choose it: none for small answers
 * and for clients that ask for none (or send X-No-Compression, which the plugin honours).
 */
export function answerEncodingFor(headers: IncomingHttpHeaders, answer: CompressibleJson): AnswerEncoding | undefined {
  if (headers['x-no-compression'] !== undefined) return undefined;
  const encoding = negotiatedEncoding(headers['accept-encoding']);
  if (encoding === undefined) return undefined;
  const small = answer.text.length < COMPRESSION_THRESHOLD_BYTES && Buffer.byteLength(answer.text) < COMPRESSION_THRESHOLD_BYTES;
  return small ? undefined : encoding;
}

/** A Vary value that adds Accept-Encoding to what is already there. */
export function varyWithEncoding(vary: unknown): string {
  return vary ? `${String(vary)}, Accept-Encoding` : 'Accept-Encoding';
}

/**
 * Sends serialised JSON in the encoding the client accepts, taken from the answer itself rather than compressed on
 * the way out, so a route sending only such answers can opt out of @fastify/compress (`compress: false`) and skip its
 * two hooks. (Kept as bytes instead, the text answer saved the encoding but went out as a pair of buffers after its
 * headers, and side by side the kernel spent what the encoding saved.)
 */
export function sendCompressibleJson(request: FastifyRequest, reply: FastifyReply, answer: CompressibleJson): FastifyReply {
  const encoding = answerEncodingFor(request.headers, answer);
  if (encoding === undefined) return sendJsonText(reply, answer.text);
  return reply
    .type(JSON_TYPE)
    .header('content-encoding', encoding)
    .header('vary', varyWithEncoding(reply.getHeader('vary')))
    .send(answer.encoded(encoding));
}

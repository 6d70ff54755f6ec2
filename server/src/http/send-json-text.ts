import type { FastifyReply, FastifyRequest } from 'fastify';
import { COMPRESSION_THRESHOLD_BYTES, negotiatedEncoding, type AnswerEncoding } from './answer-encoding.ts';

const JSON_TYPE = 'application/json; charset=utf-8';

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
 * Sends serialised JSON in the encoding the client accepts, taken from the answer itself rather than compressed on
 * the way out, so a route sending only such answers can opt out of @fastify/compress (`compress: false`) and skip its
 * two hooks. Small answers and clients that ask for none (or send X-No-Compression, as the plugin honours) get the
 * text. (Kept as bytes instead, the answer saved the encoding but went out as a pair of buffers after its headers,
 * and side by side the kernel spent what the encoding saved.)
 */
export function sendCompressibleJson(request: FastifyRequest, reply: FastifyReply, answer: CompressibleJson): FastifyReply {
  const encoding = request.headers['x-no-compression'] === undefined ? negotiatedEncoding(request.headers['accept-encoding']) : undefined;
  const small = answer.text.length < COMPRESSION_THRESHOLD_BYTES && Buffer.byteLength(answer.text) < COMPRESSION_THRESHOLD_BYTES;
  if (encoding === undefined || small) return sendJsonText(reply, answer.text);
  const vary = reply.getHeader('vary');
  return reply
    .type(JSON_TYPE)
    .header('content-encoding', encoding)
    .header('vary', vary ? `${String(vary)}, Accept-Encoding` : 'Accept-Encoding')
    .send(answer.encoded(encoding));
}

import type { FastifyReply } from 'fastify';

/** Sends JSON that is already serialised: Fastify passes a string with a JSON content type through untouched. */
export function sendJsonText(reply: FastifyReply, body: string): FastifyReply {
  return reply.type('application/json; charset=utf-8').send(body);
}

import type { FastifyCorsOptions } from '@fastify/cors';
import type { FastifyRequest } from 'fastify';
import { CSRF_HEADER } from './current-user.ts';

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS'];

/**
 * Browsers on allowlisted origins may call the API with the session cookie (and its CSRF header).
 * The Figma plugin runs in a sandbox whose Origin is "null": when "null" is allowlisted it may call with a bearer token,
 * never with credentials, and the authentication hook ignores any cookie such a request carries. It may resume an event
 * stream (Last-Event-ID) and read Retry-After, as @brandgen/client does.
 */
export function corsOptionsFor(request: FastifyRequest, allowlist: string[]): FastifyCorsOptions {
  const origin = request.headers.origin;
  if (origin === undefined || !allowlist.includes(origin)) return { origin: false };
  if (origin === 'null') {
    return {
      origin: 'null',
      credentials: false,
      methods: METHODS,
      allowedHeaders: ['authorization', 'content-type', 'last-event-id'],
      exposedHeaders: ['retry-after'],
      maxAge: 600,
    };
  }
  return {
    origin,
    credentials: true,
    methods: METHODS,
    allowedHeaders: ['authorization', 'content-type', CSRF_HEADER, 'last-event-id'],
    exposedHeaders: ['location', 'retry-after'],
    maxAge: 600,
  };
}

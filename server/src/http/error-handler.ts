import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { DirectoryUnavailableError, IdentityProviderUnavailableError } from '../services/authenticator.ts';
import {
  BudgetExceededError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  PayloadTooLargeError,
  QueueFullError,
  ServiceError,
  TooManyStreamsError,
  UpstreamBusyError,
  UpstreamError,
  UnauthenticatedError,
  UnsupportedMediaError,
  ValidationError,
  type FieldError,
} from '../services/errors.ts';
import { ApiError, notFound } from './api-error.ts';
import { sendJsonText } from './send-json-text.ts';
import { HEALTH_PATHS } from './probe-access.ts';

/** A long list of field errors (thousands of CSV rows) is cut to this many; the message gives the count. */
export const MAX_FIELD_ERRORS = 20;

/** Fastify's own client errors, by code, in plain words. */
const frameworkErrors: Record<string, [number, string, string]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'payload_too_large', 'The request body is too large.'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'unsupported_media_type', 'Send the request body as JSON (Content-Type: application/json).'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'invalid_request', 'The Content-Length header does not match the body.'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'invalid_json', 'The request says it carries JSON but the body is empty.'],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'invalid_json', 'The request body is not valid JSON.'],
  FST_ERR_BAD_URL: [400, 'invalid_url', 'The address is not valid: check its percent-encoding (%XX) and characters.'],
  FST_ERR_MAX_PARAM_LENGTH: [414, 'uri_too_long', 'A part of the address is too long; ids are at most 100 characters.'],
  FST_ERR_ASYNC_CONSTRAINT: [400, 'invalid_request', 'The request could not be matched to a route.'],
};

/** Fastify options that put the errors it answers before any route runs into the one shape. */
export const frameworkErrorOptions = {
  frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    void sendApiError(reply, toApiError(error, request));
  },
  clientErrorHandler: answerClientError,
};

/** Turns every failure into the one error shape; anything unexpected becomes a 500 without internals. */
export function installErrorHandling(server: FastifyInstance, spaIndex?: string): void {
  server.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const answer = toApiError(error, request);
    if (answer.statusCode >= 500) logFailure(request, error);
    return sendApiError(reply, answer);
  });
  // A 500 that never passed through the handler above (a plugin answering on its own) is logged all the same.
  server.addHook('onResponse', (request, reply, done) => {
    if (reply.statusCode === 500 && !failuresLogged.has(request)) logFailure(request, undefined);
    done();
  });
  installShapeGuard(server);

  server.setNotFoundHandler((request, reply) => {
    // A missing file (a stale asset name, a crawler's guess) is a 404, not the app's page under its name.
    if (spaIndex && request.method === 'GET' && !request.url.startsWith('/api/') && !FILE_NAME.test(request.url.split('?')[0]!)) {
      // Client-side routes of the web app all load its one page.
      return reply.header('cache-control', 'no-cache').sendFile(spaIndex);
    }
    return sendApiError(reply, notFound(`There is no ${request.method} ${request.url.split('?')[0]} in the API.`));
  });
}

const failuresLogged = new WeakSet<FastifyRequest>();
/** A path whose last segment has a file extension: the web app's own routes never do. */
const FILE_NAME = /\/[^/]*\.[a-z0-9]+$/i;

export function logFailure(request: FastifyRequest, error: unknown): void {
  failuresLogged.add(request);
  request.log.error({ err: error, requestId: request.id, method: request.method, url: request.url.split('?')[0] }, 'request failed');
}

/**
 * Sent as text, so no route's response schema can turn an error answer into a serialisation failure, and cut to
 * the first field errors with their count in the message.
 */
export function sendApiError(reply: FastifyReply, answer: ApiError): FastifyReply {
  const body = answer.toBody();
  const fields = body.error.fields;
  if (fields && fields.length > MAX_FIELD_ERRORS) {
    body.error.message = `${body.error.message} ${fields.length} fields need attention; the first ${MAX_FIELD_ERRORS} are listed.`;
    body.error.fields = fields.slice(0, MAX_FIELD_ERRORS);
  }
  return sendJsonText(reply.code(answer.statusCode).headers(answer.headers), JSON.stringify(body));
}

/**
 * Plugins that answer by themselves (the SSE plugin's 406, for one) use Fastify's default error body
 * {statusCode, error, message}; it is rewritten into the one shape here. OAuth answers {error, error_description}
 * are left alone: the device token endpoint speaks that shape on purpose.
 */
function installShapeGuard(server: FastifyInstance): void {
  server.addHook('onSend', (request, reply, payload, done) => {
    // Callback style: this runs on every answer, and successes leave at once.
    // Readiness answers 503 with its own documented body (which dependency is down), not an error.
    if (
      reply.statusCode < 400 ||
      typeof payload !== 'string' ||
      !String(reply.getHeader('content-type') ?? '').includes('json') ||
      HEALTH_PATHS.has(request.routeOptions.url ?? '')
    ) {
      done(null, payload);
      return;
    }
    done(null, oneShaped(request, reply, payload));
  });
}

/** An error body in another shape, rewritten into the one shape (OAuth answers stay as they are). */
function oneShaped(request: FastifyRequest, reply: FastifyReply, payload: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch {
    parsed = undefined;
  }
  if (isOneShape(parsed) || isOauthShape(parsed)) return payload;
  const message = (parsed as { message?: unknown } | undefined)?.message;
  const code = reply.statusCode === 406 ? 'not_acceptable' : reply.statusCode >= 500 ? 'internal_error' : 'invalid_request';
  const text =
    reply.statusCode === 406
      ? 'This address answers with text/event-stream only: send "Accept: text/event-stream" (or leave Accept out).'
      : reply.statusCode >= 500
        ? `Something went wrong on our side. Please try again (request ${request.id}).`
        : typeof message === 'string'
          ? message
          : 'The request could not be understood.';
  return JSON.stringify(new ApiError(reply.statusCode, code, text).toBody());
}

function isOneShape(value: unknown): boolean {
  const error = (value as { error?: { code?: unknown; message?: unknown } } | null | undefined)?.error;
  return typeof error === 'object' && error !== null && typeof error.code === 'string' && typeof error.message === 'string';
}

function isOauthShape(value: unknown): boolean {
  const body = value as { error?: unknown; error_description?: unknown } | null | undefined;
  return typeof body?.error === 'string' && typeof body.error_description === 'string';
}

/** Malformed HTTP that never becomes a request (headers over 16 KB, a broken request line): answered on the socket. */
function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, reason, code, message] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [
          431,
          'Request Header Fields Too Large',
          'headers_too_large',
          'The address and headers together must stay under 16 KB: shorten the query string.',
        ]
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'Request Timeout', 'request_timeout', 'The request took too long to arrive. Please try again.']
        : [400, 'Bad Request', 'invalid_request', 'The request is not valid HTTP.'];
  const body = JSON.stringify(new ApiError(status, code, message).toBody());
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${reason}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

export function toApiError(error: FastifyError, request: FastifyRequest): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof ValidationError) return new ApiError(400, error.code, error.message, { fields: error.fields });
  if (error instanceof NotFoundError) return new ApiError(404, error.code, error.message);
  if (error instanceof ConflictError) return new ApiError(409, error.code, error.message);
  if (error instanceof UnsupportedMediaError) return new ApiError(415, error.code, error.message);
  if (error instanceof PayloadTooLargeError) return new ApiError(413, error.code, error.message);
  if (error instanceof BudgetExceededError) return new ApiError(402, error.code, error.message);
  if (error instanceof QueueFullError) {
    return new ApiError(503, error.code, error.message, { headers: { 'retry-after': String(error.retryAfterSeconds) } });
  }
  if (error instanceof TooManyStreamsError) {
    return new ApiError(429, error.code, error.message, { headers: { 'retry-after': String(error.retryAfterSeconds) } });
  }
  if (error instanceof UnauthenticatedError) {
    const challenge = error.code === 'invalid_token' ? 'Bearer realm="brandgen", error="invalid_token"' : 'Bearer realm="brandgen"';
    return new ApiError(401, error.code, error.message, { headers: { 'www-authenticate': challenge } });
  }
  if (error instanceof ForbiddenError) return new ApiError(403, error.code, error.message);
  if (error instanceof IdentityProviderUnavailableError)
    return new ApiError(503, error.code, error.message, { headers: { 'retry-after': '30' } });
  if (error instanceof DirectoryUnavailableError) return new ApiError(503, error.code, error.message, { headers: { 'retry-after': '30' } });
  if (error instanceof UpstreamBusyError) {
    return new ApiError(503, error.code, error.message, { headers: { 'retry-after': String(error.retryAfterSeconds) } });
  }
  if (error instanceof UpstreamError) return new ApiError(502, error.code, error.message);
  if (error instanceof ServiceError) return new ApiError(400, error.code, error.message);
  if (hasZodFastifySchemaValidationErrors(error)) {
    // A path that names nothing that can exist (a malformed id) is answered like an unknown id, in the param's words.
    if (error.validationContext === 'params') return notFound(error.validation[0]?.message);
    return new ApiError(400, 'validation_failed', 'Some fields need attention.', {
      fields: error.validation.map((issue): FieldError => fieldError(issue.instancePath, issue.message, error.validationContext)),
    });
  }
  const known = error.code ? frameworkErrors[error.code] : undefined;
  if (known) return new ApiError(known[0], known[1], known[2]);
  if (error instanceof SyntaxError || (error.statusCode === 400 && /JSON/i.test(error.message))) {
    return new ApiError(400, 'invalid_json', 'The request body is not valid JSON.');
  }
  const status = error.statusCode ?? 500;
  // @fastify/rate-limit has already set Retry-After on the reply.
  if (status === 429) return new ApiError(429, 'rate_limited', error.message);
  if (status >= 400 && status < 500) return new ApiError(status, 'invalid_request', error.message);
  return new ApiError(500, 'internal_error', `Something went wrong on our side. Please try again (request ${request.id}).`);
}

function fieldError(instancePath: string, message: string | undefined, context: string | undefined): FieldError {
  const path = instancePath.replace(/^\//, '').replaceAll('/', '.');
  const unknownKeys = message?.match(/^Unrecognized keys?: (.*)$/);
  if (unknownKeys) {
    const names = unknownKeys[1]!.replaceAll('"', '');
    return { field: path ? `${path}.${names}` : names, message: `Unknown field: ${names}.` };
  }
  if (path === '' && context === 'body') {
    return { field: 'body', message: 'Send a JSON object such as {"prompt": "a red bicycle"}.' };
  }
  return { field: path || (context ?? 'request'), message: message ?? 'This value is not valid.' };
}

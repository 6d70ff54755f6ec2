import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { DirectoryUnavailableError, IdentityProviderUnavailableError } from '../services/authenticator.ts';
import {
  BudgetExceededError,
  ForbiddenError,
  NotFoundError,
  PayloadTooLargeError,
  QueueFullError,
  ServiceError,
  TooManyStreamsError,
  UpstreamError,
  UnauthenticatedError,
  UnsupportedMediaError,
  ValidationError,
  type FieldError,
} from '../services/errors.ts';
import { ApiError, notFound } from './api-error.ts';

/** Fastify's own client errors, by code, in plain words. */
const frameworkErrors: Record<string, [number, string, string]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'payload_too_large', 'The request body is too large.'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'unsupported_media_type', 'Send the request body as JSON (Content-Type: application/json).'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'invalid_request', 'The Content-Length header does not match the body.'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'invalid_json', 'The request says it carries JSON but the body is empty.'],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'invalid_json', 'The request body is not valid JSON.'],
};

/** Turns every failure into the one error shape; anything unexpected becomes a 500 without internals. */
export function installErrorHandling(server: FastifyInstance, spaIndex?: string): void {
  server.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const answer = toApiError(error, request);
    if (answer.statusCode >= 500) {
      request.log.error({ err: error, requestId: request.id }, 'request failed');
    }
    return reply.code(answer.statusCode).headers(answer.headers).send(answer.toBody());
  });

  server.setNotFoundHandler((request, reply) => {
    if (spaIndex && request.method === 'GET' && !request.url.startsWith('/api/')) {
      // Client-side routes of the web app all load its one page.
      return reply.header('cache-control', 'no-cache').sendFile(spaIndex);
    }
    const answer = notFound(`There is no ${request.method} ${request.url.split('?')[0]} in the API.`);
    return reply.code(404).send(answer.toBody());
  });
}

function toApiError(error: FastifyError, request: FastifyRequest): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof ValidationError) return new ApiError(400, error.code, error.message, { fields: error.fields });
  if (error instanceof NotFoundError) return new ApiError(404, error.code, error.message);
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
  if (error instanceof IdentityProviderUnavailableError) return new ApiError(503, error.code, error.message, { headers: { 'retry-after': '30' } });
  if (error instanceof DirectoryUnavailableError) return new ApiError(503, error.code, error.message, { headers: { 'retry-after': '30' } });
  if (error instanceof UpstreamError) return new ApiError(502, error.code, error.message);
  if (error instanceof ServiceError) return new ApiError(400, error.code, error.message);
  if (hasZodFastifySchemaValidationErrors(error)) {
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

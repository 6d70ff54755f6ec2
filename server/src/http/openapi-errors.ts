import type { RouteOptions } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { isPublic } from './current-user.ts';
import { HEALTH_PATHS } from './probe-access.ts';

/**
 * The errors every operation can answer, added to the OpenAPI document from each route's traits (a body, path
 * parameters, a rate limit, sign-in, SSE) in one place, so a new route is described without anyone listing them.
 */

type JsonObject = Record<string, unknown>;
type TransformInput = Parameters<typeof jsonSchemaTransform>[0];

/** The one endpoint whose errors use RFC 6749's shape. */
const OAUTH_PATH = '/api/auth/device/token';
const ERROR_MARK = 'x-brandgen-error-shape';

const errorSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', description: 'Stable, machine-readable, e.g. validation_failed.' },
        message: { type: 'string', description: 'Plain words that say what to do.' },
        fields: {
          type: 'array',
          description: 'One entry per field that needs attention (the first 20; the message gives the count).',
          items: { type: 'object', required: ['field', 'message'], properties: { field: { type: 'string' }, message: { type: 'string' } } },
        },
      },
    },
  },
};

const oauthErrorSchema = {
  type: 'object',
  required: ['error', 'error_description'],
  properties: { error: { type: 'string' }, error_description: { type: 'string' } },
};

const retryAfter = { 'Retry-After': { type: 'integer', description: 'Seconds to wait before trying again.' } };

interface ErrorDescription {
  description: string;
  example: JsonObject;
  headers?: JsonObject;
}

const error = (code: string, message: string, fields?: Array<{ field: string; message: string }>) => ({
  error: { code, message, ...(fields && { fields }) },
});

const descriptions: Record<number, ErrorDescription> = {
  400: {
    description: 'Invalid input: wrong types, unknown or missing fields, control characters, bad JSON. `fields` names each problem.',
    example: error('validation_failed', 'Some fields need attention.', [{ field: 'prompt', message: 'Describe the image you need.' }]),
  },
  401: {
    description:
      'With sign-in on (BRANDGEN_AUTH=oidc): no session and no bearer token, or a token that is not valid. Sends WWW-Authenticate.',
    example: error('unauthenticated', 'Sign in, or send a valid API token as "Authorization: Bearer <token>".'),
    headers: { 'WWW-Authenticate': { type: 'string', description: 'Bearer realm="brandgen"' } },
  },
  402: {
    description: "This month's estimated spend has reached BRANDGEN_MONTHLY_BUDGET_USD.",
    example: error('budget_exhausted', "This month's image budget of $50.00 has been reached ($50.12 estimated so far)."),
  },
  403: {
    description: 'With sign-in on: outside the allowed group or app role, a cookie request without X-CSRF-Token, or not an administrator.',
    example: error('access_denied', 'Your account is not in the group that may use Brandgen. Ask an administrator for access.'),
  },
  404: {
    description: 'Nothing with this id, or it belongs to another user (never 403, so ids reveal nothing). Malformed ids are 404 too.',
    example: error('not_found', 'There is no job with this id.'),
  },
  406: {
    description: 'The Accept header refuses text/event-stream.',
    example: error(
      'not_acceptable',
      'This address answers with text/event-stream only: send "Accept: text/event-stream" (or leave Accept out).',
    ),
  },
  409: {
    description:
      'The request clashes with what is stored: a brand still in use, the default brand, or a change made by someone else at the same moment.',
    example: error(
      'brand_in_use',
      '"Harbour Coffee" is still used by 3 jobs made this month. Move the projects to another brand and try again next month.',
    ),
  },
  413: {
    description: 'The request body is over the limit (64 KiB for JSON; 10 MB for an inspiration image).',
    example: error('payload_too_large', 'The request body is too large.'),
  },
  414: {
    description: 'A path parameter is over 100 characters.',
    example: error('uri_too_long', 'A part of the address is too long; ids are at most 100 characters.'),
  },
  415: {
    description: 'The body is not JSON (or, for form-capable routes, a form).',
    example: error('unsupported_media_type', 'Send the request body as JSON (Content-Type: application/json).'),
  },
  429: {
    description: 'Too many requests of this kind in a minute. Retry-After says when to try again.',
    example: error('rate_limited', 'You have started many generations in a short time. Please wait 1 minute and try again.'),
    headers: retryAfter,
  },
  500: {
    description: 'A fault of ours. The message carries a request id; the log has the detail under the same id.',
    example: error('internal_error', 'Something went wrong on our side. Please try again (request 0190a3c4-5b6e-7000-8000-1234567890ab).'),
  },
  502: {
    description: 'A provider (the language model, an image model) answered with a failure or nonsense; the message says which.',
    example: error('brief_expansion_failed', 'The language model did not answer with usable prompts. Please try again.'),
  },
  503: {
    description:
      'Temporarily unable to answer: the queue is full, the identity provider or directory cannot be reached, the language model is over its rate limit, or the server is shutting down. Retry-After says when to try again.',
    example: error('queue_full', 'Brandgen is busy with other generations right now. Please try again in a moment.'),
    headers: retryAfter,
  },
};

const oauthExamples: Record<number, JsonObject> = {
  400: { error: 'invalid_request', error_description: 'Send the device_code.' },
  500: {
    error: 'server_error',
    error_description: 'Something went wrong on our side. Please try again (request 0190a3c4-5b6e-7000-8000-1234567890ab).',
  },
  502: {
    description: 'A provider (the language model, an image model) answered with a failure or nonsense; the message says which.',
    example: error('brief_expansion_failed', 'The language model did not answer with usable prompts. Please try again.'),
  },
  503: { error: 'temporarily_unavailable', error_description: 'The server is shutting down. Please try again.' },
};

/** The error statuses a route can answer, from what it takes and what stands in front of it. */
export function errorStatusesOf(route: RouteOptions): number[] {
  const url = route.url;
  const methods = [route.method].flat();
  const schema = (route.schema ?? {}) as JsonObject;
  const hasParameters = url.includes(':');
  const takesBody = methods.some((method) => ['POST', 'PUT', 'PATCH'].includes(method));
  const statuses = new Set<number>([500, 503]);
  if (schema.body || schema.querystring || hasParameters || takesBody) statuses.add(400);
  const add = (...more: number[]) => more.forEach((status) => statuses.add(status));
  if (!isPublic(url) && !HEALTH_PATHS.has(url)) add(401, 403);
  if (hasParameters) add(404, 414);
  if (takesBody) add(413, 415);
  if ((route.config as { rateLimit?: unknown } | undefined)?.rateLimit) statuses.add(429);
  if ((route as { sse?: unknown }).sse) statuses.add(406);
  return [...statuses].sort();
}

function describedError(status: number, url: string): JsonObject {
  const known = descriptions[status]!;
  if (url === OAUTH_PATH) {
    const description = 'RFC 6749 section 5.2: invalid_request for any malformed body, or a device-grant error.';
    return {
      ...oauthErrorSchema,
      description: status === 400 ? description : known.description,
      examples: [oauthExamples[status] ?? oauthExamples[500]],
      ...(known.headers && { headers: known.headers }),
      [ERROR_MARK]: 'oauth',
    };
  }
  return {
    ...errorSchema,
    description: known.description,
    examples: [known.example],
    ...(known.headers && { headers: known.headers }),
    [ERROR_MARK]: 'error',
  };
}

/** The route transform for @fastify/swagger: the zod conversion, then the errors of the route and its SSE events. */
export function describeRoute(input: TransformInput): ReturnType<typeof jsonSchemaTransform> {
  const output = jsonSchemaTransform(input);
  const route = input.route as RouteOptions;
  if (!route.url.startsWith('/api/') || (output.schema as { hide?: boolean }).hide) return output;
  const response = { ...((output.schema as { response?: JsonObject }).response ?? {}) };
  // The route's own error statuses (402, 502, …) get the same description and shape as the ones added here.
  const declared = Object.keys(response)
    .map(Number)
    .filter((status) => status >= 400 && descriptions[status]);
  const statuses = new Set([...errorStatusesOf(route), ...declared]);
  for (const status of statuses) {
    if (route.url === OAUTH_PATH && status !== 400 && status !== 500 && status !== 503) continue;
    response[status] = describedError(status, route.url);
  }
  const stream = response[200] as JsonObject | undefined;
  if ((route as { sse?: unknown }).sse && stream) response[200] = eventStreamResponse(stream);
  return { ...output, schema: { ...output.schema, response } } as typeof output;
}

/** The SSE stream as text/event-stream, its events (one `event:`, `id:` and JSON `data:` each) described by the schema. */
function eventStreamResponse(events: JsonObject): JsonObject {
  const { description, ...schema } = events;
  return {
    description,
    content: {
      'text/event-stream': {
        schema,
        examples: {
          progress: {
            summary: 'An image is ready',
            value: 'id: 7\nevent: image\ndata: {"n":2,"url":"/api/jobs/0190a3c4-5b6e-7000-8000-1234567890ab/images/2"}\n\n',
          },
          within: { summary: 'Progress within one image', value: 'id: 8\nevent: image_progress\ndata: {"n":3,"fraction":0.4}\n\n' },
          heartbeat: { summary: 'Every 15 s while idle, so proxies keep the stream open', value: ': heartbeat\n\n' },
        },
      },
    },
  };
}

/**
 * The document transform: schemas named with `.meta({ id })` (zod's registry) become components, and the error
 * schemas, written once per response above, become two shared components, so generated clients get one type each.
 */
export function shareErrorSchemas(input: { openapiObject: object } | { swaggerObject: object }): JsonObject {
  const named =
    'openapiObject' in input ? jsonSchemaTransformObject(input as Parameters<typeof jsonSchemaTransformObject>[0]) : input.swaggerObject;
  const document = named as JsonObject & {
    paths?: Record<string, Record<string, { responses?: Record<string, any> }>>;
  };
  for (const item of Object.values(document.paths ?? {})) {
    for (const operation of Object.values(item)) {
      for (const response of Object.values(operation.responses ?? {})) {
        const media = response?.content?.['application/json'];
        const mark = media?.schema?.[ERROR_MARK];
        if (mark) media.schema = { $ref: `#/components/schemas/${mark === 'oauth' ? 'OAuthError' : 'Error'}` };
      }
    }
  }
  const components = (document.components ?? {}) as JsonObject;
  return {
    ...document,
    components: {
      ...components,
      schemas: {
        ...referencedOnly(document, (components.schemas ?? {}) as JsonObject),
        Error: { ...errorSchema, description: 'The one error shape of the API.' },
        OAuthError: { ...oauthErrorSchema, description: "RFC 6749 section 5.2's error shape, used by POST /api/auth/device/token only." },
      },
    },
  };
}

/**
 * The named schemas the document refers to. The zod registry names a schema's input and output forms both
 * (`BrandKitInput`, `BrandKit`), and a schema only ever answered would otherwise leave its unused input form behind.
 */
function referencedOnly(document: JsonObject, schemas: JsonObject): JsonObject {
  const paths = JSON.stringify(document.paths ?? {});
  const referenced = (name: string) =>
    [paths, ...Object.entries(schemas).flatMap(([other, schema]) => (other === name ? [] : [JSON.stringify(schema)]))].some((text) =>
      text.includes(`"#/components/schemas/${name}"`),
    );
  return Object.fromEntries(Object.entries(schemas).filter(([name]) => referenced(name)));
}

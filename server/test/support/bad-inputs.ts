import { randomUUID } from 'node:crypto';

/**
 * A fixed list of bad inputs for one OpenAPI operation: wrong types, missing and extra fields, huge strings, NUL and
 * lone surrogates, bad ids and traversal in path parameters, bad query values, wrong content types, deep nesting,
 * over-size bodies and odd headers. Built from the served document, so a new route is covered without anyone
 * remembering to add it.
 */

export interface Operation {
  method: string;
  /** The OpenAPI path, e.g. /api/jobs/{id}. */
  path: string;
  parameters: Array<{ name: string; in: string; schema?: JsonSchema }>;
  bodySchema: JsonSchema | undefined;
}

export interface BadRequest {
  name: string;
  method: string;
  /** Sent as written: percent-encoding, traversal and all. */
  target: string;
  headers: Record<string, string>;
  body?: string | Buffer;
}

export interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  additionalProperties?: JsonSchema | boolean;
  minimum?: number;
}

const JSON_TYPE = 'application/json';
/** Just over the API's 64 KiB body limit. */
const OVERSIZE_BYTES = 70 * 1024;

/** Path parameter values: not an id, traversal, NUL, broken and over-long encodings, injection. */
const BAD_PATH_VALUES = [
  'not-an-id',
  '..%2F..%2F..%2Fetc%2Fpasswd',
  '%2e%2e',
  '%00',
  '%0A%0D',
  '%ZZ',
  '%E0%A4%A',
  '%ED%A0%80',
  '%C0%AE%C0%AE',
  '%F0%9F%98%80',
  '%27%20OR%201%3D1--',
  '-1',
  '00000000-0000-0000-0000-000000000000',
  'a'.repeat(101),
  'a'.repeat(4000),
];

/** Query values: empty, NUL, broken encodings, out of range, wrong type, huge. */
const BAD_QUERY_VALUES = ['', '%00', '%1B', '%ZZ', '%ED%A0%80', '-1', '1e999', 'abc', 'true', '[]', 'x'.repeat(3000)];

/** Leaf string replacements inside an otherwise plausible body. */
const BAD_TEXTS: Array<[string, string]> = [
  ['NUL', 'a\u0000b'],
  ['escape character', '\u001b[31m'],
  ['lone surrogate', 'x\ud800y'],
  ['huge string', 'x'.repeat(20_000)],
  ['empty string', ''],
];

const WRONG_TYPES: unknown[] = [12345, true, null, [], {}, 'text'];

const BAD_HEADERS: Array<[string, Record<string, string>]> = [
  ['Accept: application/xml', { accept: 'application/xml' }],
  ['Accept: text/event-stream;q=0', { accept: 'text/event-stream;q=0, application/xml' }],
  ['Authorization: Basic', { authorization: 'Basic Zm9vOmJhcg==' }],
  ['Authorization: Bearer junk', { authorization: 'Bearer %%%' }],
  ['Cookie: junk session', { cookie: 'brandgen_session=%00%ZZ; brandgen_csrf=x' }],
  ['Origin: null', { origin: 'null' }],
  ['Last-Event-ID: junk', { 'last-event-id': '-1e999' }],
  ['If-None-Match: huge', { 'if-none-match': `"${'x'.repeat(8000)}"` }],
  ['Range: backwards', { range: 'bytes=999-1' }],
  ['Content-Encoding: gzip', { 'content-encoding': 'gzip' }],
  ['X-Forwarded-For: junk', { 'x-forwarded-for': '999.1.1.1, ::zz' }],
];

/** A plausible value for a schema: the base that one field at a time is broken in. */
export function sampleOf(schema: JsonSchema | undefined, depth = 0): unknown {
  if (!schema || depth > 6) return 'sample';
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  const choice = schema.anyOf ?? schema.oneOf;
  if (choice) return sampleOf(choice.find((option) => option.type !== 'null') ?? choice[0], depth + 1);
  const type = Array.isArray(schema.type) ? schema.type.find((name) => name !== 'null') : schema.type;
  switch (type) {
    case 'string':
      return 'a red kite';
    case 'integer':
      return Math.max(1, schema.minimum ?? 1);
    case 'number':
      return Math.max(0.5, schema.minimum ?? 0.5);
    case 'boolean':
      return true;
    case 'array':
      return [sampleOf(schema.items, depth + 1)];
    case 'object': {
      const properties = schema.properties ?? {};
      return Object.fromEntries(Object.entries(properties).map(([name, property]) => [name, sampleOf(property, depth + 1)]));
    }
    default:
      return 'sample';
  }
}

/** Every path to a string inside a value, e.g. ['brief', 'tone', '0']. */
function stringPaths(value: unknown, at: string[] = []): string[][] {
  if (typeof value === 'string') return [at];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, item]) => stringPaths(item, [...at, key]));
}

function replaced(value: unknown, at: string[], replacement: unknown): unknown {
  if (at.length === 0) return replacement;
  const copy: any = Array.isArray(value) ? [...value] : { ...(value as object) };
  copy[at[0]!] = replaced(copy[at[0]!], at.slice(1), replacement);
  return copy;
}

function fillPath(path: string, values: Record<string, string>): string {
  return path.replace(/\{([^}]+)\}/g, (_match, name: string) => values[name] ?? randomUUID());
}

/** The fixed list of bad requests for one operation. */
export function badRequestsFor(operation: Operation): BadRequest[] {
  const { method } = operation;
  const pathParameters = operation.parameters.filter((parameter) => parameter.in === 'path');
  const queryParameters = operation.parameters.filter((parameter) => parameter.in === 'query');
  const goodPath = fillPath(
    operation.path,
    Object.fromEntries(pathParameters.map((parameter) => [parameter.name, parameter.name === 'n' ? '0' : randomUUID()])),
  );
  const hasBody = ['POST', 'PUT', 'PATCH'].includes(method);
  const sample = hasBody ? sampleOf(operation.bodySchema) : undefined;
  const sampleBody = sample === undefined ? undefined : JSON.stringify(sample);
  const jsonHeaders: Record<string, string> = sampleBody === undefined ? {} : { 'content-type': JSON_TYPE };
  const requests: BadRequest[] = [];
  const add = (
    name: string,
    target: string,
    headers: Record<string, string> = jsonHeaders,
    body: string | Buffer | undefined = sampleBody,
  ) => {
    requests.push({ name, method, target, headers, ...(body !== undefined && { body }) });
  };

  for (const parameter of pathParameters) {
    for (const value of BAD_PATH_VALUES) {
      add(`path ${parameter.name}=${value.slice(0, 30)}`, fillPath(operation.path, { [parameter.name]: value }));
    }
  }
  for (const parameter of queryParameters) {
    for (const value of BAD_QUERY_VALUES) add(`query ${parameter.name}=${value.slice(0, 30)}`, `${goodPath}?${parameter.name}=${value}`);
    add(`query ${parameter.name} repeated`, `${goodPath}?${parameter.name}=1&${parameter.name}=2`);
  }
  add('unknown query parameter', `${goodPath}?no_such_parameter=1`);
  add('60 KB query string', `${goodPath}?q=${'x'.repeat(60_000)}`);
  for (const [name, headers] of BAD_HEADERS) add(`header ${name}`, goodPath, { ...jsonHeaders, ...headers });

  if (!hasBody) return requests;
  const json = (name: string, body: string | Buffer, type = JSON_TYPE) => add(name, goodPath, { 'content-type': type }, body);
  json('invalid JSON', '{"a":');
  json('empty JSON body', '');
  json('body null', 'null');
  json('body array', '[]');
  json('body string', '"text"');
  json('body number', '42');
  json('body missing every field', '{}');
  json('invalid UTF-8', Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]));
  json('prototype pollution', '{"__proto__":{"admin":true},"constructor":{"prototype":{"admin":true}}}');
  json('deep nesting', `${'['.repeat(20_000)}${']'.repeat(20_000)}`);
  json('over-size body', JSON.stringify({ prompt: 'x'.repeat(OVERSIZE_BYTES) }));
  json('JSON with charset utf-16', sampleBody ?? '{}', 'application/json; charset=utf-16');
  json('text/plain', 'a red kite', 'text/plain');
  json('application/xml', '<prompt>a red kite</prompt>', 'application/xml');
  json('multipart', '--x\r\nContent-Disposition: form-data; name="prompt"\r\n\r\nkite\r\n--x--\r\n', 'multipart/form-data; boundary=x');
  json('form with NUL', 'prompt=%00&grant_type=%ZZ', 'application/x-www-form-urlencoded');
  add('no content type with a body', goodPath, {}, '{"prompt":"a red kite"}');
  if (sample !== null && typeof sample === 'object' && !Array.isArray(sample)) {
    json('extra field', JSON.stringify({ ...sample, no_such_field: 1 }));
    for (const field of Object.keys(sample)) {
      const { [field]: _left, ...rest } = sample as Record<string, unknown>;
      json(`missing ${field}`, JSON.stringify(rest));
      for (const wrong of WRONG_TYPES) json(`${field} as ${JSON.stringify(wrong)}`, JSON.stringify({ ...sample, [field]: wrong }));
      json(`${field} deeply nested`, JSON.stringify({ ...sample, [field]: JSON.parse(`${'['.repeat(2000)}${']'.repeat(2000)}`) }));
    }
  }
  for (const at of stringPaths(sample)) {
    for (const [name, text] of BAD_TEXTS) json(`${at.join('.') || 'body'} with ${name}`, JSON.stringify(replaced(sample, at, text)));
  }
  return requests;
}

/** The operations of an OpenAPI 3 document, with their path and query parameters and JSON body schema. */
export function operationsOf(document: { paths: Record<string, Record<string, any>> }): Operation[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
      .map(([method, operation]) => ({
        method: method.toUpperCase(),
        path,
        parameters: operation.parameters ?? [],
        bodySchema: operation.requestBody?.content?.[JSON_TYPE]?.schema,
      })),
  );
}

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { compileErrors, validate } from '@readme/openapi-parser';
import { isPublic } from '../src/http/current-user.ts';
import { HEALTH_PATHS } from '../src/http/probe-access.ts';
import { startTestBrandgen, type TestBrandgen } from './support/test-brandgen.ts';

type Operation = { responses: Record<string, any>; requestBody?: unknown; parameters?: Array<{ in: string }> };

let app: TestBrandgen;
let document: { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, unknown> } };
before(async () => {
  app = await startTestBrandgen();
  document = (await (await fetch(`${app.baseUrl}/api/docs/json`)).json()) as typeof document;
});
after(async () => app?.close());

function operations(): Array<[string, string, Operation]> {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, operation]): [string, string, Operation] => [method.toUpperCase(), path, operation]),
  );
}

test('validates against the OpenAPI specification', async () => {
  const result = await validate(structuredClone(document) as never);
  assert.ok(result.valid, result.valid ? '' : compileErrors(result));
});

test('every operation describes the errors it can answer, in the one shape, with examples', () => {
  const problems: string[] = [];
  for (const [method, path, operation] of operations()) {
    const expected = ['500', '503'];
    // Probes answer without credentials (orchestrators call them), like the public sign-in routes.
    if (!isPublic(path) && !HEALTH_PATHS.has(path)) expected.push('401', '403');
    if (operation.requestBody || operation.parameters?.length) expected.push('400');
    if (operation.parameters?.some((parameter) => parameter.in === 'path')) expected.push('404');
    if (['POST', 'PUT', 'PATCH'].includes(method) && path !== '/api/auth/device/token') expected.push('413', '415');
    for (const status of expected) {
      const response = operation.responses[status];
      const media = response?.content?.['application/json'];
      const shape = path === '/api/auth/device/token' ? '#/components/schemas/OAuthError' : '#/components/schemas/Error';
      if (!response) problems.push(`${method} ${path}: no ${status}`);
      else if (media?.schema?.$ref !== shape) problems.push(`${method} ${path}: ${status} is not ${shape}`);
      else if (media.example === undefined) problems.push(`${method} ${path}: ${status} has no example`);
    }
    if (!operation.responses['503']?.headers?.['Retry-After']) problems.push(`${method} ${path}: 503 without Retry-After`);
    for (const [status, response] of Object.entries(operation.responses)) {
      const reference = response.content?.['application/json']?.schema?.$ref;
      if (Number(status) >= 400 && !/^#\/components\/schemas\/(Error|OAuthError)$/.test(reference ?? '')) {
        problems.push(`${method} ${path}: ${status} is not one of the error shapes`);
      }
    }
  }
  assert.deepEqual(problems, []);
  const error = document.components.schemas.Error as any;
  assert.deepEqual(Object.keys(error.properties.error.properties), ['code', 'message', 'fields']);
  assert.ok(document.paths['/api/generate']!.post!.responses['400'].content['application/json'].example.error.fields.length > 0);
});

test('every route that starts generation describes its 429 with Retry-After', () => {
  const limited = [
    '/api/generate',
    '/api/jobs/{id}/more',
    '/api/images/{id}/variations',
    '/api/images/{id}/edit',
    '/api/projects/{id}/generate',
  ];
  for (const path of limited) {
    const response = document.paths[path]!.post!.responses['429'];
    assert.ok(response?.headers?.['Retry-After'], `${path} 429`);
    assert.equal(response.content['application/json'].example.error.code, 'rate_limited');
  }
});

test('the job event stream describes its SSE event types with examples', () => {
  const stream = document.paths['/api/jobs/{id}/events']!.get!;
  const media = stream.responses['200'].content['text/event-stream'];
  const events = (media.schema.anyOf ?? media.schema.oneOf).map(
    (event: any) => event.properties.event.enum?.[0] ?? event.properties.event.const,
  );
  assert.deepEqual(events, ['state', 'progress', 'image', 'image_progress', 'complete', 'failed', 'filed']);
  assert.ok(Object.keys(media.examples).length >= 2);
  assert.ok(stream.responses['406'], 'an Accept without text/event-stream');
});

test('the brand kit is one named component that every brand answer refers to', () => {
  const text = (value: unknown) => JSON.stringify(value);
  assert.equal((document.components.schemas.BrandKit as { type?: string }).type, 'object');
  for (const path of ['/api/brands/{id}', '/api/brands/{id}/versions', '/api/brands/{id}/export']) {
    assert.match(text(document.paths[path]!.get!.responses['200']), /"#\/components\/schemas\/BrandKit"/, path);
  }
  // No named schema is left unreferenced (the registry's input form of an answer-only schema, say).
  for (const name of Object.keys(document.components.schemas)) {
    assert.ok(text({ ...document, components: undefined }).includes(`"#/components/schemas/${name}"`), name);
  }
});

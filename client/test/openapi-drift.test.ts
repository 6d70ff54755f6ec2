import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { buildOpenApiArtifacts, documentPath, sortKeys, typesPath } from '../scripts/openapi-artifacts.ts';

test('the committed OpenAPI document and generated types match the server’s route schemas (else run `npm run openapi`)', async () => {
  const fresh = await buildOpenApiArtifacts();
  const [document, types] = await Promise.all([readFile(documentPath, 'utf8'), readFile(typesPath, 'utf8')]);
  // Compared as text with a pointer to the fix: a one-line difference in a 300 kB file is otherwise hard to read.
  assert.ok(document === fresh.document, 'client/openapi.json is stale: run `npm run openapi` and commit the result');
  assert.ok(types === fresh.types, 'client/src/generated/schema.ts is stale: run `npm run openapi` and commit the result');
});

test('the document lists the operations the helpers rely on', async () => {
  const document = JSON.parse(await readFile(documentPath, 'utf8')) as { openapi: string; paths: Record<string, Record<string, unknown>> };
  assert.match(document.openapi, /^3\./);
  for (const [path, method] of [
    ['/api/generate', 'post'],
    ['/api/jobs/{id}', 'get'],
    ['/api/jobs/{id}/events', 'get'],
    ['/api/jobs/{id}/images/{n}', 'get'],
    ['/api/auth/device/code', 'post'],
    ['/api/auth/device/token', 'post'],
  ] as const) {
    assert.ok(document.paths[path]?.[method], `${method.toUpperCase()} ${path} is missing`);
  }
});

test('sortKeys orders keys at every depth and keeps arrays in order', () => {
  const sorted = sortKeys({ b: 1, a: { d: [{ z: 1, y: 2 }, 3], c: undefined } });
  assert.equal(JSON.stringify(sorted), '{"a":{"d":[{"y":2,"z":1},3]},"b":1}');
});

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestBrandgen, type TestBrandgen } from './support/test-brandgen.ts';
import { describeEachDatabase } from './support/test-database.ts';

async function send(
  app: TestBrandgen,
  method: string,
  route: string,
  body?: unknown,
): Promise<{ status: number; body: any; headers: Headers }> {
  const response = await fetch(`${app.baseUrl}${route}`, {
    method,
    ...(body !== undefined && { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers };
}

const poster = {
  name: 'Product poster',
  prompt: 'a {product} on a {surface}, {product} in focus',
  asset_type: 'icon',
  model: 'demo',
  preset: 'draft',
  lora_overrides: { 'brand-style': 0.8 },
};

describeEachDatabase('templates over HTTP', (database) => {
  let app: TestBrandgen;
  before(async () => {
    app = await startTestBrandgen(await database.environment(), { retentionSweepIntervalMs: 0 });
  });
  after(async () => app.close());

  test('create, read, list, update, apply and delete', async () => {
    const created = await send(app, 'POST', '/api/templates', poster);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id = created.body.id;
    assert.equal(created.headers.get('location'), `/api/templates/${id}`);
    assert.deepEqual(created.body.placeholders, ['product', 'surface']);
    assert.deepEqual(created.body.lora_overrides, { 'brand-style': 0.8 });

    assert.deepEqual((await send(app, 'GET', `/api/templates/${id}`)).body, created.body);
    await send(app, 'POST', '/api/templates', { name: 'A first', prompt: 'plain' });
    const list = await send(app, 'GET', '/api/templates');
    assert.deepEqual(
      list.body.templates.map((template: any) => template.name),
      ['A first', 'Product poster'],
    );
    const plain = list.body.templates[0];
    assert.deepEqual([plain.asset_type, plain.model, plain.preset, plain.lora_overrides], [null, null, null, {}]);

    const applied = await send(app, 'POST', `/api/templates/${id}/apply`, { values: { product: 'mug', surface: 'oak table' } });
    assert.equal(applied.status, 200);
    assert.deepEqual(applied.body, {
      prompt: 'a mug on a oak table, mug in focus',
      asset_type: 'icon',
      model: 'demo',
      preset: 'draft',
      lora_overrides: { 'brand-style': 0.8 },
    });

    const updated = await send(app, 'PUT', `/api/templates/${id}`, { ...poster, prompt: 'a {thing}', model: null });
    assert.equal(updated.status, 200);
    assert.deepEqual(updated.body.placeholders, ['thing']);
    assert.equal(updated.body.model, null);
    assert.ok(updated.body.updated_at >= created.body.updated_at);

    assert.equal((await send(app, 'DELETE', `/api/templates/${id}`)).status, 204);
    assert.equal((await send(app, 'GET', `/api/templates/${id}`)).status, 404);
    assert.equal((await send(app, 'DELETE', `/api/templates/${id}`)).status, 404);
  });

  test('the asset type and preset must be choices of the catalog; empty means none', async () => {
    const bogus = await send(app, 'POST', '/api/templates', { ...poster, asset_type: 'bogus', preset: 'bogus' });
    assert.equal(bogus.status, 400);
    assert.deepEqual(
      bogus.body.error.fields.map((field: any) => field.field),
      ['asset_type', 'preset'],
    );
    assert.match(bogus.body.error.fields[0].message, /product_illustration, icon, hero_image, logo_concept/);
    assert.match(bogus.body.error.fields[1].message, /draft, standard, high/);
    const { body } = await send(app, 'POST', '/api/templates', poster);
    assert.equal((await send(app, 'PUT', `/api/templates/${body.id}`, { ...poster, preset: 'flat' })).status, 400);
    const empty = await send(app, 'PUT', `/api/templates/${body.id}`, { ...poster, asset_type: '', preset: null });
    assert.equal(empty.status, 200);
    assert.deepEqual([empty.body.asset_type, empty.body.preset], [null, null]);
  });

  test('applying without every placeholder names the missing ones', async () => {
    const { body } = await send(app, 'POST', '/api/templates', poster);
    const applied = await send(app, 'POST', `/api/templates/${body.id}/apply`, { values: { product: 'mug', surface: ' ' } });
    assert.equal(applied.status, 400);
    assert.deepEqual(applied.body.error.fields, [{ field: 'values.surface', message: 'Give a value for {surface}.' }]);
    const none = await send(app, 'POST', `/api/templates/${body.id}/apply`, {});
    assert.deepEqual(
      none.body.error.fields.map((field: any) => field.field),
      ['values.product', 'values.surface'],
    );
  });

  const invalid: Array<[string, unknown, string]> = [
    ['no name', { prompt: 'x' }, 'name'],
    ['a blank name', { name: '  ', prompt: 'x' }, 'name'],
    ['no prompt', { name: 'x' }, 'prompt'],
    ['a 501-character prompt', { name: 'x', prompt: 'a'.repeat(501) }, 'prompt'],
    ['an unknown model', { name: 'x', prompt: 'x', model: 'dall-e-9' }, 'model'],
    ['a LoRA weight of 3', { name: 'x', prompt: 'x', lora_overrides: { style: 3 } }, 'lora_overrides.style'],
    ['a LoRA weight that is text', { name: 'x', prompt: 'x', lora_overrides: { style: 'high' } }, 'lora_overrides.style'],
    ['an unknown field', { name: 'x', prompt: 'x', colour: 'red' }, 'colour'],
  ];
  for (const [name, body, field] of invalid) {
    test(`400 for ${name}`, async () => {
      const response = await send(app, 'POST', '/api/templates', body);
      assert.equal(response.status, 400, JSON.stringify(response.body));
      assert.ok(
        response.body.error.fields.some((entry: any) => entry.field === field),
        JSON.stringify(response.body),
      );
    });
  }

  test('unknown and malformed ids are 404 on every route', async () => {
    for (const id of ['0190a3c4-0000-7000-8000-000000000000', 'nope']) {
      assert.equal((await send(app, 'GET', `/api/templates/${id}`)).status, 404);
      assert.equal((await send(app, 'PUT', `/api/templates/${id}`, poster)).status, 404);
      assert.equal((await send(app, 'DELETE', `/api/templates/${id}`)).status, 404);
      assert.equal((await send(app, 'POST', `/api/templates/${id}/apply`, { values: {} })).status, 404);
    }
  });
});

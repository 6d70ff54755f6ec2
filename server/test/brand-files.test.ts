/**
 * Brand files between Brandgen servers: an export describes the LoRAs its kit points at; an import finds or adds each
 * one in the receiving brand's library (references by their link, AIR or file name, uploaded files by SHA-256), and a
 * file it cannot honour is refused whole, with nothing written.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEFAULT_BRAND_ID } from '../src/domain/brand.ts';
import { sendTo as send } from './support/app-requests.ts';
import { FLUX_TENSORS, safetensorsFile } from './support/safetensors-files.ts';
import { startTestBrandgen, type TestBrandgen } from './support/test-brandgen.ts';
import { describeEachDatabase } from './support/test-database.ts';

async function upload(app: TestBrandgen, brandId: string): Promise<any> {
  const response = await fetch(`${app.baseUrl}/api/brands/${brandId}/loras/upload?file_name=acme-flux.safetensors`, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream' },
    body: new Uint8Array(safetensorsFile(FLUX_TENSORS)),
  });
  assert.equal(response.status, 201);
  return response.json();
}

async function addReference(app: TestBrandgen, brandId: string, body: Record<string, unknown>): Promise<any> {
  const answer = await send(app, 'POST', `/api/brands/${brandId}/loras`, body);
  assert.equal(answer.status, 201, JSON.stringify(answer.body));
  return answer.body;
}

const libraryOf = async (app: TestBrandgen, brandId: string) =>
  (await send(app, 'GET', `/api/brands/${brandId}/loras`)).body.loras as any[];

describeEachDatabase('brand files carry their LoRAs', (database) => {
  let app: TestBrandgen;
  let exported: any;
  let uploaded: any;
  before(async () => {
    app = await startTestBrandgen(await database.environment(), { retentionSweepIntervalMs: 0 });
    uploaded = await upload(app, DEFAULT_BRAND_ID);
    const link = await addReference(app, DEFAULT_BRAND_ID, {
      source: 'url',
      name: 'Harbour light',
      family: 'sd35',
      url: 'https://huggingface.co/acme/harbour/resolve/main/harbour.safetensors',
      default_scale: 0.6,
    });
    const air = await addReference(app, DEFAULT_BRAND_ID, {
      source: 'civitai',
      name: 'Grain',
      family: 'sdxl',
      air: 'urn:air:sdxl:lora:civitai:123456@654321',
    });
    const kit = (await send(app, 'GET', `/api/brands/${DEFAULT_BRAND_ID}`)).body.kit;
    kit.lora.by_family = { flux: { lora_id: uploaded.id, scale: 0.8 }, sd35: { lora_id: link.id, scale: 0.6 } };
    kit.asset_types.icon.lora_by_family = { sdxl: { lora_id: air.id, scale: 1.1 } };
    assert.equal((await send(app, 'PUT', `/api/brands/${DEFAULT_BRAND_ID}`, kit)).status, 200);
    exported = (await send(app, 'GET', `/api/brands/${DEFAULT_BRAND_ID}/export`)).body;
  });
  after(async () => {
    await app?.close();
  });

  test('an export describes each LoRA its kit points at, an uploaded one by its SHA-256', async () => {
    const byName = Object.fromEntries(exported.loras.map((lora: any) => [lora.name, lora]));
    assert.deepEqual(Object.keys(byName).sort(), ['Grain', 'Harbour light', 'acme-flux']);
    assert.deepEqual(byName['acme-flux'], {
      id: uploaded.id,
      name: 'acme-flux',
      family: 'flux',
      trigger_word: '',
      default_scale: 1,
      source: 'uploaded',
      url: null,
      air: null,
      file_name: 'acme-flux.safetensors',
      sha256: uploaded.sha256,
    });
    assert.equal(byName['Harbour light'].url, 'https://huggingface.co/acme/harbour/resolve/main/harbour.safetensors');
    assert.equal(byName['Grain'].air, 'urn:air:sdxl:lora:civitai:123456@654321');
  });

  test('a new brand from the file is refused whole while an uploaded LoRA is missing, and nothing is written', async () => {
    const brandsBefore = (await send(app, 'GET', '/api/brands')).body.brands.length;
    const refused = await send(app, 'POST', '/api/brands/import', { ...exported, name: 'Harbour Copy' });
    assert.equal(refused.status, 400);
    const index = exported.loras.findIndex((lora: any) => lora.source === 'uploaded');
    assert.deepEqual(
      refused.body.error.fields.map((field: any) => field.field),
      [`loras[${index}]`],
    );
    assert.match(refused.body.error.fields[0].message, /uploaded LoRA "acme-flux" \(acme-flux\.safetensors\).*Upload the file/);
    assert.equal((await send(app, 'GET', '/api/brands')).body.brands.length, brandsBefore);
  });

  test('without the uploaded LoRA, a new brand gets the link and the AIR as LoRAs of its own, and its kit points at them', async () => {
    const file = structuredClone(exported);
    delete file.lora.by_family.flux;
    const imported = await send(app, 'POST', '/api/brands/import', { ...file, name: 'Harbour Copy' });
    assert.equal(imported.status, 201, JSON.stringify(imported.body));
    const library = await libraryOf(app, imported.body.id);
    assert.deepEqual(library.map((lora) => [lora.name, lora.source, lora.default_scale]).sort(), [
      ['Grain', 'civitai', 1],
      ['Harbour light', 'url', 0.6],
    ]);
    const ids = Object.fromEntries(library.map((lora) => [lora.name, lora.id]));
    assert.deepEqual(imported.body.kit.lora.by_family, { sd35: { lora_id: ids['Harbour light'], scale: 0.6 } });
    assert.deepEqual(imported.body.kit.asset_types.icon.lora_by_family, { sdxl: { lora_id: ids['Grain'], scale: 1.1 } });
    assert.ok(!Object.values(ids).some((id) => exported.loras.some((lora: any) => lora.id === id)), 'new records, new ids');

    await upload(app, imported.body.id);
    const again = await send(app, 'POST', `/api/brands/import?brand_id=${imported.body.id}`, { ...exported, name: 'Harbour Copy' });
    assert.equal(again.status, 201, JSON.stringify(again.body));
    const after = await libraryOf(app, imported.body.id);
    assert.equal(after.length, 3, 'the uploaded file is found by its SHA-256 and the references are not added twice');
    assert.equal(again.body.kit.lora.by_family.flux.lora_id, after.find((lora) => lora.source === 'uploaded').id);
  });

  test('into the brand it came from, the same LoRAs are used and none is added', async () => {
    const before = await libraryOf(app, DEFAULT_BRAND_ID);
    const imported = await send(app, 'POST', `/api/brands/import?brand_id=${DEFAULT_BRAND_ID}`, exported);
    assert.equal(imported.status, 201);
    const { loras: _described, ...kit } = exported;
    assert.deepEqual(imported.body.kit, kit);
    assert.equal((await libraryOf(app, DEFAULT_BRAND_ID)).length, before.length);
  });

  test('a file naming a LoRA it does not describe, or describing one badly, is refused in plain words', async () => {
    const foreign = { ...exported, name: 'Foreign', loras: [] };
    const refused = await send(app, 'POST', '/api/brands/import', foreign);
    assert.equal(refused.status, 400);
    assert.ok(refused.body.error.fields.some((field: any) => field.field === 'lora.by_family.flux.lora_id'));
    assert.match(refused.body.error.fields[0].message, /the file does not describe it\. Export the brand again/);

    const badly = await send(app, 'POST', '/api/brands/import', {
      ...exported,
      name: 'Badly',
      loras: [{ ...exported.loras[0], sha256: 'xyz' }],
    });
    assert.equal(badly.status, 400);
    assert.deepEqual(badly.body.error.fields, [{ field: 'loras[0].sha256', message: 'The LoRA description is 64 hexadecimal digits.' }]);
  });
});

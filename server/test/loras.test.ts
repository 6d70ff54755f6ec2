import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, test } from 'node:test';
import { DEFAULT_BRAND_ID } from '../src/domain/brand.ts';
import { fakeServers, sendJson, type FakeHttpServer } from './fakes/fake-http-server.ts';
import { FLUX_TENSORS, PICKLE_BYTES, safetensorsFile } from './support/safetensors-files.ts';
import { sendTo, useFluxLora } from './support/app-requests.ts';
import { settableClock } from './support/settable-clock.ts';
import { startTestBrandgen, waitForJob, type TestBrandgen } from './support/test-brandgen.ts';
import { describeEachDatabase } from './support/test-database.ts';
import { freePort } from './support/server-process.ts';

async function upload(app: TestBrandgen, fileName: string, bytes: Uint8Array, query = '') {
  const response = await fetch(
    `${app.baseUrl}/api/brands/${DEFAULT_BRAND_ID}/loras/upload?file_name=${encodeURIComponent(fileName)}${query}`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: bytes,
    },
  );
  return { status: response.status, body: (await response.json()) as any };
}

const loras = async (app: TestBrandgen) => (await sendTo(app, 'GET', `/api/brands/${DEFAULT_BRAND_ID}/loras`)).body.loras as any[];

describeEachDatabase('the LoRA library', (database) => {
  let app: TestBrandgen;
  let fal: FakeHttpServer;
  const fakes = fakeServers();
  const clock = settableClock(new Date('2026-11-30T12:00:00.000Z'));
  before(async () => {
    fal = await fakes.start((request, response, fake) =>
      sendJson(response, 200, {
        images: [{ url: fake.imageUrl('out.png'), width: 1024, height: 1024, content_type: 'image/png' }],
        seed: 1,
      }),
    );
    const port = await freePort();
    app = await startTestBrandgen(
      {
        ...(await database.environment()),
        PORT: String(port),
        BRANDGEN_PUBLIC_URL: `http://127.0.0.1:${port}`,
        BRANDGEN_MAX_LORA_MB: '1',
        FAL_KEY: 'fal-test-key',
        FAL_BASE_URL: fal.origin,
      },
      { retentionSweepIntervalMs: 0, clock },
    );
  });
  after(async () => {
    await app?.close();
    await fakes.closeAll();
  });

  test('the shipped kit has no LoRA; an upload is checked, hashed, and its family read from the tensor names', async () => {
    const brand = (await sendTo(app, 'GET', `/api/brands/${DEFAULT_BRAND_ID}`)).body;
    assert.deepEqual(brand.kit.lora.by_family, {});
    assert.deepEqual(await loras(app), []);
    const file = safetensorsFile(FLUX_TENSORS);
    const answer = await upload(app, 'brand-flux.safetensors', file);
    assert.equal(answer.status, 201, JSON.stringify(answer.body));
    assert.equal(answer.body.family, 'flux');
    assert.equal(answer.body.name, 'brand-flux');
    assert.equal(answer.body.source, 'uploaded');
    assert.equal(answer.body.sha256, createHash('sha256').update(file).digest('hex'));
    assert.equal(answer.body.byte_size, file.length);
    assert.deepEqual(answer.body.usable_with, ['fal', 'replicate', 'comfyui']);
  });

  test('a truncated file, a pickle renamed .safetensors and an over-size file are refused, and nothing is kept', async () => {
    const before = (await loras(app)).length;
    const file = safetensorsFile(FLUX_TENSORS);
    const truncated = await upload(app, 'cut.safetensors', file.subarray(0, file.length - 5));
    assert.equal(truncated.status, 400);
    assert.match(truncated.body.error.message, /cut short/);
    const pickle = await upload(app, 'renamed.safetensors', PICKLE_BYTES);
    assert.equal(pickle.status, 400);
    assert.match(pickle.body.error.message, /pickled PyTorch checkpoint/);
    const checkpoint = await upload(app, 'style.ckpt', PICKLE_BYTES);
    assert.equal(checkpoint.status, 400);
    const big = await upload(app, 'big.safetensors', safetensorsFile(FLUX_TENSORS, 800 * 1024));
    assert.equal(big.status, 413);
    assert.match(big.body.error.message, /larger than 1 MB.*BRANDGEN_MAX_LORA_MB/);
    assert.equal((await loras(app)).length, before);
  });

  test('links, AIRs and ComfyUI files are added by reference and checked', async () => {
    const url = await sendTo(app, 'POST', `/api/brands/${DEFAULT_BRAND_ID}/loras`, {
      source: 'url',
      name: 'Hub style',
      family: 'flux',
      url: 'https://huggingface.co/brandgen/flux-style/resolve/main/lora.safetensors',
    });
    assert.equal(url.status, 201, JSON.stringify(url.body));
    assert.deepEqual(url.body.usable_with, ['fal', 'replicate']);
    const air = await sendTo(app, 'POST', `/api/brands/${DEFAULT_BRAND_ID}/loras`, {
      source: 'civitai',
      name: 'Civitai style',
      family: 'flux',
      air: 'urn:air:flux1:lora:civitai:123456@654321',
    });
    assert.deepEqual(air.body.usable_with, ['civitai']);
    const badAir = await sendTo(app, 'POST', `/api/brands/${DEFAULT_BRAND_ID}/loras`, {
      source: 'civitai',
      name: 'x',
      family: 'flux',
      air: 'civitai 123',
    });
    assert.equal(badAir.status, 400);
    assert.match(badAir.body.error.fields[0].message, /urn:air:/);
    const comfy = await sendTo(app, 'POST', `/api/brands/${DEFAULT_BRAND_ID}/loras`, {
      source: 'comfyui_file',
      name: 'GPU style',
      family: 'flux',
      file_name: 'brand/flux-style.safetensors',
    });
    assert.deepEqual(comfy.body.usable_with, ['comfyui']);
    assert.equal(comfy.body.installed_on_comfyui, null, 'no ComfyUI is configured');
  });

  test('a kit may only point at LoRAs of its own library', async () => {
    const kit = (await sendTo(app, 'GET', `/api/brands/${DEFAULT_BRAND_ID}`)).body.kit;
    const answer = await sendTo(app, 'PUT', `/api/brands/${DEFAULT_BRAND_ID}`, {
      ...kit,
      lora: { ...kit.lora, by_family: { flux: { lora_id: '0190f1c4-0000-7000-8000-00000000ffff', scale: 0.8 } } },
    });
    assert.equal(answer.status, 400);
    assert.equal(answer.body.error.fields[0].field, 'lora.by_family.flux.lora_id');
  });

  test('fal.ai receives a signed link to the uploaded file, which serves it until it expires', async () => {
    const uploaded = (await loras(app)).find((lora) => lora.source === 'uploaded');
    await useFluxLora(app, uploaded.id, 0.7);
    const job = await waitForJob(app.baseUrl, await generate(app));
    assert.equal(job.status, 'complete', JSON.stringify(job));
    const [call] = fal.apiRequests();
    const [sent] = (call!.body as { loras: { path: string; scale: number }[] }).loras;
    assert.equal(sent!.scale, 0.7);
    assert.match(sent!.path, new RegExp(`^${app.config.publicUrl}/api/loras/${uploaded.id}/file\\?expires=\\d+&signature=[0-9a-f]{64}$`));
    const fetched = await fetch(sent!.path);
    assert.equal(fetched.status, 200);
    assert.equal(
      createHash('sha256')
        .update(Buffer.from(await fetched.arrayBuffer()))
        .digest('hex'),
      uploaded.sha256,
    );
    // Change the signature's first digit to a different one, so the forged link never equals the real one.
    const forged = await fetch(sent!.path.replace(/signature=(.)/u, (_, digit: string) => `signature=${digit === '0' ? '1' : '0'}`));
    assert.equal(forged.status, 404);
    clock.set(new Date(Date.parse(clock.now()) + 2 * 60 * 60 * 1000));
    const expired = await fetch(sent!.path);
    assert.equal(expired.status, 404);
    assert.match(((await expired.json()) as { error: { message: string } }).error.message, /expired/);
  });

  test('an administrator downloads an uploaded file to copy it to ComfyUI; a reference has no file to download', async () => {
    const all = await loras(app);
    const uploaded = all.find((lora) => lora.source === 'uploaded');
    const file = await fetch(`${app.baseUrl}/api/brands/${DEFAULT_BRAND_ID}/loras/${uploaded.id}/download`);
    assert.equal(file.status, 200);
    assert.equal(file.headers.get('content-disposition'), `attachment; filename="${uploaded.file_name}"`);
    assert.equal(
      createHash('sha256')
        .update(Buffer.from(await file.arrayBuffer()))
        .digest('hex'),
      uploaded.sha256,
    );
    const reference = all.find((lora) => lora.source === 'url');
    const none = await sendTo(app, 'GET', `/api/brands/${DEFAULT_BRAND_ID}/loras/${reference.id}/download`);
    assert.equal(none.status, 404);
    assert.match(none.body.error.message, /no file in Brandgen: it is a link/);
  });

  test('a job whose LoRA fal.ai cannot take fails in plain words before the model is called', async () => {
    const calls = fal.apiRequests().length;
    const comfy = (await loras(app)).find((lora) => lora.source === 'comfyui_file');
    await useFluxLora(app, comfy.id, 0.9);
    const job = await waitForJob(app.baseUrl, await generate(app));
    assert.equal(job.status, 'failed');
    assert.match(job.slots[0].error, /GPU style.*file on the ComfyUI server.*fal\.ai cannot load.*Upload the \.safetensors file/);
    assert.equal(fal.apiRequests().length, calls);
    const deleted = await sendTo(app, 'DELETE', `/api/brands/${DEFAULT_BRAND_ID}/loras/${comfy.id}`);
    assert.equal(deleted.status, 409, 'the current kit still uses it');
  });

  test('a trial makes the same prompt and seeds with the LoRA and without any, whatever the kit uses', async () => {
    const all = await loras(app);
    const uploaded = all.find((lora) => lora.source === 'uploaded');
    const before = fal.apiRequests().length;
    const answer = await sendTo(app, 'POST', `/api/brands/${DEFAULT_BRAND_ID}/loras/${uploaded.id}/trials`, {
      prompt: 'a red kite',
      seed: 40,
    });
    assert.equal(answer.status, 202, JSON.stringify(answer.body));
    assert.equal(answer.body.model, 'fal-flux-dev', 'the first model of the LoRA family that can load it');
    assert.equal(answer.body.seed, 40);
    const withLora = await waitForJob(app.baseUrl, answer.body.with_lora_job_id);
    const withoutLora = await waitForJob(app.baseUrl, answer.body.without_lora_job_id);
    assert.equal(withLora.status, 'complete', JSON.stringify(withLora));
    assert.equal(withoutLora.status, 'complete', JSON.stringify(withoutLora));
    type FalBody = { prompt: string; seed: number; loras?: { path: string; scale: number }[] };
    const calls = fal
      .apiRequests()
      .slice(before)
      .map((call) => call.body as FalBody);
    assert.equal(calls.length, 8);
    const withCalls = calls.filter((call) => (call.loras ?? []).length > 0);
    const withoutCalls = calls.filter((call) => (call.loras ?? []).length === 0);
    assert.deepEqual(withCalls.map((call) => call.seed).sort(), [40, 41, 42, 43]);
    assert.deepEqual(withoutCalls.map((call) => call.seed).sort(), [40, 41, 42, 43]);
    assert.ok(withCalls.every((call) => call.loras![0]!.path.includes(`/api/loras/${uploaded.id}/file?`) && call.loras![0]!.scale === 1));
    assert.deepEqual(new Set(calls.map((call) => call.prompt)).size, 1, 'both halves send the same prompt');

    const air = all.find((lora) => lora.source === 'civitai');
    const refused = await sendTo(app, 'POST', `/api/brands/${DEFAULT_BRAND_ID}/loras/${air.id}/trials`, { prompt: 'a red kite' });
    assert.equal(refused.status, 400);
    assert.equal(refused.body.error.fields[0].field, 'model');
    assert.match(refused.body.error.fields[0].message, /No model that is set up can try the flux LoRA/);
    const wrongModel = await sendTo(app, 'POST', `/api/brands/${DEFAULT_BRAND_ID}/loras/${uploaded.id}/trials`, {
      prompt: 'a red kite',
      model: 'demo',
    });
    assert.equal(wrongModel.status, 400);
    assert.match(wrongModel.body.error.fields[0].message, /cannot try the flux LoRA .* Pick one of: fal-flux-dev/);
    assert.equal(fal.apiRequests().length, before + 8, 'a refused trial starts nothing');
  });
});

async function generate(app: TestBrandgen): Promise<string> {
  const answer = await sendTo(app, 'POST', '/api/generate', { prompt: 'a red bicycle', model: 'fal-flux-dev', seed: 3 });
  assert.equal(answer.status, 202, JSON.stringify(answer.body));
  return answer.body.id ?? answer.body.job_id;
}

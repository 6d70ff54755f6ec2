import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import sharp from 'sharp';
import { DEFAULT_BRAND_ID } from '../src/domain/brand.ts';
import { sendTo, useFluxLora } from './support/app-requests.ts';
import { startFakeCivitai, type FakeCivitai } from './fakes/fake-civitai.ts';
import { postJson, startTestBrandgen, waitForJob, type TestBrandgen } from './support/test-brandgen.ts';
import { describeEachDatabase } from './support/test-database.ts';

const TOKEN = 'civitai-token-0a1b2c3d4e5f';
const SAVED_TOKEN = 'civitai-saved-9z8y7x6w';
const BRAND_AIR = 'urn:air:flux1:lora:civitai:123456@654321';

async function addLora(app: TestBrandgen, body: Record<string, unknown>): Promise<string> {
  const added = await sendTo(app, 'POST', `/api/brands/${DEFAULT_BRAND_ID}/loras`, { family: 'flux', ...body });
  assert.equal(added.status, 201, JSON.stringify(added.body));
  return added.body.id;
}

async function generate(app: TestBrandgen, model: string): Promise<Record<string, any>> {
  const answer = await postJson(app.baseUrl, '/api/generate', { prompt: 'a red bicycle', model, seed: 3 });
  assert.equal(answer.status, 202);
  const { job_id: jobId } = (await answer.json()) as { job_id: string };
  return waitForJob(app.baseUrl, jobId, 30_000);
}

const submissions = (civitai: FakeCivitai) => civitai.apiRequests().filter((request) => request.method === 'POST');

describeEachDatabase('civitai through Brandgen', (database) => {
  let civitai: FakeCivitai;
  let app: TestBrandgen;
  before(async () => {
    civitai = await startFakeCivitai(TOKEN);
    app = await startTestBrandgen({
      ...(await database.environment()),
      CIVITAI_TOKEN: TOKEN,
      CIVITAI_BASE_URL: civitai.origin,
      CIVITAI_CONCURRENCY: '4',
    });
  });
  after(async () => {
    await app?.close();
    await civitai?.close();
  });

  test('with CIVITAI_TOKEN the catalog offers FLUX.1 [dev] and SDXL on civitai, with their licences and prices', async () => {
    const body = (await sendTo(app, 'GET', '/api/models')).body;
    assert.equal(body.demo_only, false);
    assert.deepEqual(
      body.models.map((model: any) => [model.id, model.family, model.supports_lora, model.licence.name, model.price_per_image_usd]),
      [
        ['civitai-flux-dev', 'flux', true, 'FLUX.1 [dev] Non-Commercial License', 0.028],
        ['civitai-sdxl', 'sdxl', true, 'CreativeML Open RAIL++-M License', 0.01],
      ],
    );
    assert.match(body.models[0].licence.warning, /non-commercial/);
    assert.doesNotMatch(JSON.stringify(body), new RegExp(TOKEN));
  });

  test('a job sends the brand’s civitai LoRA by its AIR with the kit’s strength, and keeps the images', async () => {
    const loraId = await addLora(app, { source: 'civitai', name: 'Civitai style', air: BRAND_AIR });
    await useFluxLora(app, loraId, 0.75);
    const job = await generate(app, 'civitai-flux-dev');
    assert.equal(job.status, 'complete', JSON.stringify(job));
    assert.equal(job.slots.filter((slot: { status: string }) => slot.status === 'ready').length, 4);
    const sent = submissions(civitai);
    assert.equal(sent.length, 4);
    for (const submission of sent) {
      assert.equal(submission.headers.authorization, `Bearer ${TOKEN}`);
      const { input } = submission.body.steps[0];
      assert.deepEqual(input.loras, { [BRAND_AIR]: 0.75 });
      assert.equal(input.diffuserModel, 'urn:air:flux1:diffuser:civitai:618692@691639');
      assert.equal(input.steps, 28);
    }
    const stored = await fetch(`${app.baseUrl}${job.images[0]}`);
    assert.equal(stored.status, 200);
    assert.equal((await sharp(Buffer.from(await stored.arrayBuffer())).metadata()).format, 'png');
  });

  test('a LoRA civitai cannot take fails the job in plain words before civitai is called', async () => {
    const before = submissions(civitai).length;
    const loraId = await addLora(app, {
      source: 'url',
      name: 'Hub style',
      url: 'https://huggingface.co/brandgen/flux-style/resolve/main/lora.safetensors',
    });
    await useFluxLora(app, loraId, 0.9);
    const job = await generate(app, 'civitai-flux-dev');
    assert.equal(job.status, 'failed');
    assert.match(job.slots[0].error, /"Hub style" is a link, which civitai cannot load\. civitai loads a LoRA only by its AIR/);
    assert.equal(submissions(civitai).length, before, 'civitai was not called');
  });

  test('workflows that expire fail their images in plain words, after the runner’s retries', async () => {
    // Four images, each tried three times: every workflow of this job expires.
    civitai.scripts.push(...Array.from({ length: 12 }, () => ({ statuses: ['expired'], reason: 'timeout', endsAtSubmit: true })));
    const job = await generate(app, 'civitai-sdxl');
    civitai.scripts.length = 0;
    assert.equal(job.status, 'failed');
    for (const slot of job.slots) assert.match(slot.error, /civitai let the image expire before a worker finished it \(timeout\)/);
  });
});

describeEachDatabase('civitai with a key saved by an administrator', (database) => {
  test('no civitai model without a key; a saved key adds them at once and is the one sent', async () => {
    const civitai = await startFakeCivitai(SAVED_TOKEN);
    const app = await startTestBrandgen(await database.environment());
    try {
      const ids = async () => ((await sendTo(app, 'GET', '/api/models')).body.models as Array<{ id: string }>).map((model) => model.id);
      assert.deepEqual(
        (await ids()).filter((id) => id.startsWith('civitai')),
        [],
      );
      const saved = await sendTo(app, 'PUT', '/api/admin/providers/civitai', { api_key: SAVED_TOKEN, base_url: civitai.origin });
      assert.equal(saved.status, 200);
      const status = saved.body.providers.find((provider: { provider: string }) => provider.provider === 'civitai');
      assert.deepEqual(
        [status.label, status.configured, status.source, status.environment_variable],
        ['civitai', true, 'settings', 'CIVITAI_TOKEN'],
      );
      assert.deepEqual(await ids(), ['civitai-flux-dev', 'civitai-sdxl']);
      const job = await generate(app, 'civitai-sdxl');
      assert.equal(job.status, 'complete', JSON.stringify(job));
      assert.equal(submissions(civitai)[0]!.headers.authorization, `Bearer ${SAVED_TOKEN}`);
    } finally {
      await app.close();
      await civitai.close();
    }
  });
});

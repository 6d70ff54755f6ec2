import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { sendJson, startFakeHttpServer, type FakeHttpServer } from './fakes/fake-http-server.ts';
import { postJson, startTestBrandgen, waitForJob, type TestBrandgen } from './support/test-brandgen.ts';
import { describeEachDatabase } from './support/test-database.ts';

describeEachDatabase('the model catalog, asset types, presets and cost with fal.ai configured', (database) => {
  let fal: FakeHttpServer;
  let app: TestBrandgen;

  before(async () => {
    fal = await startFakeHttpServer((request, response, fake) =>
      sendJson(response, 200, {
        images: [{ url: fake.imageUrl(`${request.body.seed}.png`), content_type: 'image/png' }],
        seed: request.body.seed,
      }),
    );
    app = await startTestBrandgen({
      ...(await database.environment()),
      FAL_KEY: 'fal-key-abcdef123456',
      FAL_BASE_URL: fal.origin,
      BRANDGEN_MONTHLY_BUDGET_USD: '0.5',
    });
  });
  after(async () => {
    await app.close();
    await fal.close();
  });

  it('lists only the configured provider models, with licences, presets and prices, and no demo', async () => {
    const body = (await (await fetch(`${app.baseUrl}/api/models`)).json()) as Record<string, any>;
    assert.equal(body.demo_only, false);
    assert.deepEqual(
      body.models.map((model: any) => model.id),
      ['fal-hidream-i1', 'fal-flux-dev', 'fal-flux-schnell', 'fal-sd35-large', 'fal-flux-kontext'],
    );
    const [hidream, fluxDev, schnell, sd35, kontext] = body.models;
    assert.equal(hidream.default, true);
    assert.equal(hidream.family, 'hidream');
    assert.deepEqual(hidream.licence, { name: 'MIT', url: 'https://huggingface.co/HiDream-ai/HiDream-I1-Full', warning: null });
    assert.equal(hidream.supports_lora, true);
    assert.equal(hidream.images_per_call, 1);
    assert.equal(hidream.presets.high.variant, 'fal-ai/hidream-i1-full');
    assert.equal(hidream.default_steps, 28);
    assert.equal(hidream.price_per_image_usd, 0.03);
    assert.match(fluxDev.licence.warning, /non-commercial/);
    assert.equal(schnell.licence.name, 'Apache-2.0');
    assert.equal(schnell.licence.warning, null);
    assert.match(sd35.licence.warning, /USD 1M annual revenue/);
    // Kontext edits by instruction; FLUX.1 [dev] redraws with a strength; the others do neither.
    assert.deepEqual(
      body.models.map((model: any) => [model.id, model.supports_edit, model.supports_image_to_image]),
      [
        ['fal-hidream-i1', false, false],
        ['fal-flux-dev', false, true],
        ['fal-flux-schnell', false, false],
        ['fal-sd35-large', false, false],
        ['fal-flux-kontext', true, false],
      ],
    );
    assert.equal(kontext.presets.standard.variant, 'fal-ai/flux-pro/kontext/text-to-image');
    assert.deepEqual(
      body.asset_types.map((type: any) => [type.id, type.size]),
      [
        ['product_illustration', '1024x1024'],
        ['icon', '1024x1024'],
        ['hero_image', '1344x768'],
        ['logo_concept', '1024x1024'],
      ],
    );
    assert.deepEqual(
      body.presets.map((preset: any) => preset.id),
      ['draft', 'standard', 'high'],
    );
    // The key never appears in what the API returns.
    assert.doesNotMatch(JSON.stringify(body), /fal-key-abcdef123456/);
  });

  it('applies the asset type template without any user configuration, sends no LoRA the shipped kit lacks, and records the cost', async () => {
    const response = await postJson(app.baseUrl, '/api/generate', {
      prompt: 'a sunrise over hills',
      model: 'fal-hidream-i1',
      asset_type: 'hero_image',
      preset: 'draft',
      seed: 10,
    });
    assert.equal(response.status, 202);
    const job = await waitForJob(app.baseUrl, ((await response.json()) as { job_id: string }).job_id);
    assert.equal(job.status, 'complete', JSON.stringify(job.error));
    assert.equal(job.asset_type, 'hero_image');
    assert.equal(job.preset, 'draft');
    assert.equal(job.size, '1344x768');
    // The shipped kit names no LoRA file (fal.ai would be sent a path it cannot fetch); brands add theirs to the library.
    assert.equal(job.lora, null);
    assert.equal(job.estimated_cost_usd, 0.04);
    assert.match(job.final_prompt, /^brndgn style, wide marketing hero image of a sunrise over hills/);
    const calls = fal.apiRequests();
    assert.equal(calls.length, 4);
    for (const call of calls) {
      assert.equal(call.path, '/fal-ai/hidream-i1-fast');
      assert.deepEqual(call.body.image_size, { width: 1344, height: 768 });
      assert.equal(call.body.loras, undefined);
      assert.match(call.body.negative_prompt, /watermark.*busy composition/);
    }
    assert.deepEqual(calls.map((call) => call.body.seed).sort(), [10, 11, 12, 13]);
  });

  it('refuses an unknown asset type or preset with field errors', async () => {
    const response = await postJson(app.baseUrl, '/api/generate', { prompt: 'x', asset_type: 'poster', preset: 'ultra' });
    assert.equal(response.status, 400);
    const body = (await response.json()) as { error: { fields: Array<{ field: string; message: string }> } };
    assert.deepEqual(body.error.fields.map((field) => field.field).sort(), ['asset_type', 'preset']);
  });

  it('reports spend by user, model and month, and refuses new jobs with 402 once the budget is reached', async () => {
    const usage = (await (await fetch(`${app.baseUrl}/api/usage`)).json()) as Record<string, any>;
    const month = new Date().toISOString().slice(0, 7);
    assert.deepEqual(usage.rows, [{ user_id: 'local', model: 'fal-hidream-i1', month, jobs: 1, estimated_cost_usd: 0.04 }]);
    assert.equal(usage.monthly_budget_usd, 0.5);
    assert.equal(usage.this_month_usd, 0.04);

    // High HiDream costs 4 × $0.05 = $0.20 a job: two more jobs make $0.44, the next one reaches $0.64 ≥ $0.50.
    for (let index = 0; index < 3; index += 1) {
      const accepted = await postJson(app.baseUrl, '/api/generate', { prompt: 'a cup', model: 'fal-hidream-i1', preset: 'high' });
      assert.equal(accepted.status, 202);
      await waitForJob(app.baseUrl, ((await accepted.json()) as { job_id: string }).job_id);
    }
    const refused = await postJson(app.baseUrl, '/api/generate', { prompt: 'a cup' });
    assert.equal(refused.status, 402);
    const error = ((await refused.json()) as { error: { code: string; message: string } }).error;
    assert.equal(error.code, 'budget_exhausted');
    assert.match(error.message, /budget of \$0\.50 has been reached \(\$0\.64 estimated so far\)/);

    const filtered = (await (await fetch(`${app.baseUrl}/api/usage?month=1999-01`)).json()) as Record<string, any>;
    assert.deepEqual(filtered.rows, []);
    const bad = await fetch(`${app.baseUrl}/api/usage?month=2026-13`);
    assert.equal(bad.status, 400);
  });
});

describeEachDatabase('the demo model', (database) => {
  it('is the only model, and says so, when no provider is configured', async () => {
    const app = await startTestBrandgen(await database.environment());
    try {
      const body = (await (await fetch(`${app.baseUrl}/api/models`)).json()) as Record<string, any>;
      assert.equal(body.demo_only, true);
      assert.deepEqual(
        body.models.map((model: any) => model.id),
        ['demo'],
      );
      assert.equal(body.models[0].licence.warning, null);
    } finally {
      await app.close();
    }
  });
});

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { licences } from '../src/domain/licences.ts';
import { createDemoImageModel } from '../src/providers/demo/demo-image-model.ts';
import { fixedCatalogEntry } from '../src/providers/image-model-catalog.ts';
import { postJson, startTestBrandgen, waitForJob, type TestBrandgen } from './support/test-brandgen.ts';
import { describeEachDatabase } from './support/test-database.ts';
import { until } from './support/until.ts';
import { startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver.ts';

/** The shipped palette with each hue turned half-way round: images in it are as far off brand as colour goes. */
const COMPLEMENTARY = ['#4F3400', '#A06A2A', '#68BDFF', '#E1EBFC', '#00A2D2'];

async function getJson(app: TestBrandgen, route: string): Promise<{ status: number; body: any }> {
  const response = await fetch(`${app.baseUrl}${route}`);
  return { status: response.status, body: await response.json() };
}

async function generate(app: TestBrandgen, prompt: string, model: string): Promise<Record<string, any>> {
  // A fixed seed: the demo model draws the same four images on every run, so the scores are the same too.
  const response = await postJson(app.baseUrl, '/api/generate', { prompt, model, seed: 40 });
  assert.equal(response.status, 202, await response.clone().text());
  const { job_id } = (await response.json()) as { job_id: string };
  const job = await waitForJob(app.baseUrl, job_id);
  assert.equal(job.status, 'complete');
  return job;
}

describeEachDatabase('brand fit of stored images', (database) => {
  let app: TestBrandgen;
  let hook: WebhookReceiver;
  let secret: string;
  let onBrand: Record<string, any>;
  let offBrand: Record<string, any>;

  before(async () => {
    app = await startTestBrandgen(
      { ...(await database.environment()), BRANDGEN_WEBHOOK_ALLOW_PRIVATE: 'true' },
      {
        retentionSweepIntervalMs: 0,
        models: (brand) => [
          fixedCatalogEntry({
            id: 'demo',
            label: 'Demo',
            provider: 'brandgen-demo',
            description: 'paints in the brand palette',
            isDemo: true,
            licence: licences.demo,
            model: createDemoImageModel({ palette: brand.palette, brandName: brand.name, latencyMs: 0 }),
          }),
          fixedCatalogEntry({
            id: 'off-brand',
            label: 'Off brand',
            provider: 'brandgen-demo',
            description: 'paints in the complementary palette',
            isDemo: true,
            licence: licences.demo,
            model: createDemoImageModel({ palette: COMPLEMENTARY, brandName: 'Other', latencyMs: 0 }),
          }),
        ],
      },
    );
    hook = await startWebhookReceiver([200]);
    const registered = await postJson(app.baseUrl, '/api/webhooks', { url: hook.url, events: ['job.completed'] });
    assert.equal(registered.status, 201, await registered.clone().text());
    secret = ((await registered.json()) as { secret: string }).secret;
    onBrand = await generate(app, 'a lighthouse on a cliff', 'demo');
    offBrand = await generate(app, 'a lighthouse on a cliff', 'off-brand');
  });
  after(async () => {
    await hook.close();
    await app.close();
  });

  test('every image of a job is scored: on-brand images high, off-brand ones low, each with its reason', async () => {
    // Demo illustrations shade and blend their colours, so even those drawn in the palette are partly off it.
    for (const slot of onBrand.slots) {
      assert.ok(slot.brand_fit >= 50, `on brand: ${slot.brand_fit} (${slot.brand_fit_reason})`);
      assert.match(slot.brand_fit_reason, /^uses [1-5] of 5 brand colours; \d{1,3}% of the image off-palette$/);
    }
    for (const slot of offBrand.slots) {
      assert.ok(slot.brand_fit <= 30, `off brand: ${slot.brand_fit} (${slot.brand_fit_reason})`);
    }
  });

  test('the library list and an image’s details carry the same score as its job', async () => {
    const { status, body } = await getJson(app, `/api/images?job_id=${onBrand.id}`);
    assert.equal(status, 200);
    assert.equal(body.images.length, 4);
    for (const image of body.images) {
      const slot = onBrand.slots.find((candidate: any) => candidate.n === image.n);
      assert.equal(image.brand_fit, slot.brand_fit);
      assert.equal(image.brand_fit_reason, slot.brand_fit_reason);
      const detail = await getJson(app, `/api/images/${image.id}`);
      assert.deepEqual(detail.body, image);
    }
  });

  test('min_brand_fit keeps only the images scored at least that much', async () => {
    const all = (await getJson(app, '/api/images?limit=200')).body.images;
    assert.equal(all.length, 8);
    for (const threshold of [0, 31, 70, 100]) {
      const { status, body } = await getJson(app, `/api/images?min_brand_fit=${threshold}&limit=200`);
      assert.equal(status, 200);
      const expected = all.filter((image: any) => image.brand_fit >= threshold).map((image: any) => image.id);
      assert.deepEqual(
        body.images.map((image: any) => image.id),
        expected,
        `threshold ${threshold}`,
      );
    }
    const onBrandOnly = (await getJson(app, '/api/images?min_brand_fit=31')).body.images;
    assert.deepEqual(new Set(onBrandOnly.map((image: any) => image.job_id)), new Set([onBrand.id]));
  });

  test('sort=brand_fit lists the best fit first, and its pages follow one another without gaps or repeats', async () => {
    const { body } = await getJson(app, '/api/images?sort=brand_fit&limit=200');
    const scores = body.images.map((image: any) => image.brand_fit);
    assert.deepEqual(
      scores,
      [...scores].sort((a, b) => b - a),
    );
    assert.equal(body.images[0].job_id, onBrand.id);
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const route: string = `/api/images?sort=brand_fit&limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const page: { images: any[]; next_cursor: string | null } = (await getJson(app, route)).body;
      paged.push(...page.images.map((image: any) => image.id));
      cursor = page.next_cursor;
    } while (cursor);
    assert.deepEqual(
      paged,
      body.images.map((image: any) => image.id),
    );
  });

  test('the job.completed webhook carries each image’s score', async () => {
    await until('both completions arrive', () => hook.received.length === 2, { timeoutMs: 10_000 });
    const payloads = hook.received.map(({ body, headers }) => new Webhook(secret).verify(body, headers as Record<string, string>) as any);
    const payload = payloads.find((candidate) => candidate.data.job_id === onBrand.id);
    assert.ok(payload, 'the on-brand job was announced');
    assert.deepEqual(
      payload.data.images.map((image: any) => [image.n, image.brand_fit, image.brand_fit_reason]),
      onBrand.slots.map((slot: any) => [slot.n, slot.brand_fit, slot.brand_fit_reason]),
    );
  });

  for (const [query, field] of [
    ['min_brand_fit=101', 'min_brand_fit'],
    ['min_brand_fit=-1', 'min_brand_fit'],
    ['min_brand_fit=high', 'min_brand_fit'],
    ['min_brand_fit=50.5', 'min_brand_fit'],
    ['sort=best', 'sort'],
    ['sort=brand_fit&cursor=12', 'cursor'],
    ['cursor=80_12', 'cursor'],
  ] as const) {
    test(`400 with a field error for ${query}`, async () => {
      const { status, body } = await getJson(app, `/api/images?${query}`);
      assert.equal(status, 400, JSON.stringify(body));
      assert.equal(body.error.code, 'validation_failed');
      assert.ok(
        body.error.fields.some((entry: any) => entry.field === field),
        JSON.stringify(body),
      );
    });
  }
});

import assert from 'node:assert/strict';
import { crc32 } from 'node:zlib';
import { after, before, test } from 'node:test';
import sharp from 'sharp';
import { Webhook } from 'standardwebhooks';
import type { ImageModelV4 } from '@ai-sdk/provider';
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

  // Last: it turns one image into an image from before scoring existed.
  test('images stored before scoring show null, are left out by min_brand_fit and come last in brand-fit order', async () => {
    const { body } = await getJson(app, `/api/images?job_id=${onBrand.id}`);
    const old = body.images[0];
    await app.brandgen.database
      .updateTable('library_images')
      .set({ brand_fit: null, brand_fit_reason: null })
      .where('id', '=', old.id)
      .execute();
    const detail = (await getJson(app, `/api/images/${old.id}`)).body;
    assert.equal(detail.brand_fit, null);
    assert.equal(detail.brand_fit_reason, null);
    const scored = (await getJson(app, '/api/images?min_brand_fit=0&limit=200')).body.images;
    assert.equal(scored.length, 7);
    assert.ok(!scored.some((image: any) => image.id === old.id));
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const route: string = `/api/images?sort=brand_fit&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page: { images: any[]; next_cursor: string | null } = (await getJson(app, route)).body;
      paged.push(...page.images.map((image: any) => image.id));
      cursor = page.next_cursor;
    } while (cursor);
    assert.equal(paged.length, 8);
    assert.equal(paged.at(-1), old.id);
  });
});

/** A model whose PNGs have their pixel data scrambled: the chunks and header read (size, type), the pixels do not. */
function truncatingModel(): ImageModelV4 {
  return {
    specificationVersion: 'v4',
    provider: 'truncating',
    modelId: 'truncating',
    maxImagesPerCall: 1,
    async doGenerate() {
      const side = 256;
      const pixels = Buffer.alloc(side * side * 3).map((_, index) => (index * 7919) % 251);
      const png = await sharp(pixels, { raw: { width: side, height: side, channels: 3 } })
        .png()
        .toBuffer();
      const scrambled = new Uint8Array(png);
      // Inside the first IDAT chunk's data only, so every chunk boundary stays where it was.
      const idat = png.indexOf('IDAT');
      const length = png.readUInt32BE(idat - 4);
      for (let index = idat + 4 + 8; index < idat + 4 + length - 8; index += 1) scrambled[index] = 0xff - scrambled[index]!;
      // A valid checksum: the chunk is well formed, only its compressed pixels are nonsense.
      const crc = crc32(scrambled.subarray(idat, idat + 4 + length));
      new DataView(scrambled.buffer).setUint32(idat + 4 + length, crc);
      return {
        images: [scrambled],
        warnings: [],
        response: { timestamp: new Date(), modelId: 'truncating', headers: undefined },
      };
    },
  };
}

describeEachDatabase('an image that cannot be scored', (database) => {
  test('is stored unscored, and its job still completes', async () => {
    const app = await startTestBrandgen(await database.environment(), {
      models: () => [
        fixedCatalogEntry({
          id: 'truncating',
          label: 'Truncating',
          provider: 'truncating',
          description: 'gives undecodable PNGs',
          isDemo: false,
          licence: licences.demo,
          model: truncatingModel(),
        }),
      ],
    });
    try {
      const response = await postJson(app.baseUrl, '/api/generate', { prompt: 'broken pixels', seed: 1 });
      const { job_id } = (await response.json()) as { job_id: string };
      // Not waitForJob: that also waits for the library, where an image no one can decode is never filed.
      let job: any;
      await until('the job to finish', async () => {
        job = (await getJson(app, `/api/jobs/${job_id}`)).body;
        return job.status === 'complete' || job.status === 'failed';
      });
      assert.equal(job.status, 'complete', JSON.stringify(job.error));
      for (const slot of job.slots) {
        assert.equal(slot.status, 'ready');
        assert.equal(slot.brand_fit, null);
        assert.equal(slot.brand_fit_reason, null);
      }
    } finally {
      await app.close();
    }
  });
});

describeEachDatabase('images of another brand', (database) => {
  test("are scored against their own brand version's palette, not the default brand's", async () => {
    const app = await startTestBrandgen(await database.environment());
    try {
      const created = await postJson(app.baseUrl, '/api/brands', { name: 'Complement', palette: COMPLEMENTARY });
      assert.equal(created.status, 201, await created.clone().text());
      const brand = (await created.json()) as { id: string };
      const response = await postJson(app.baseUrl, '/api/generate', {
        prompt: 'a lighthouse',
        model: 'demo',
        seed: 40,
        brand_id: brand.id,
      });
      const { job_id } = (await response.json()) as { job_id: string };
      const job = await waitForJob(app.baseUrl, job_id);
      // The demo model draws in the job's brand palette; against the default palette these would score 30 or less.
      for (const slot of job.slots) assert.ok(slot.brand_fit >= 50, `${slot.brand_fit} (${slot.brand_fit_reason})`);
    } finally {
      await app.close();
    }
  });
});

import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { readPngText } from '../src/images/png-text.ts';
import { postJson, startTestBrandgen, waitForJob, type TestBrandgen } from './support/test-brandgen.ts';
import { describeEachDatabase } from './support/test-database.ts';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function assertErrorShape(body: any, code: string): void {
  assert.equal(typeof body.error?.message, 'string', JSON.stringify(body));
  assert.equal(body.error.code, code, JSON.stringify(body));
  assert.ok(!/at .*\.ts:\d+/.test(JSON.stringify(body)), 'no stack trace reaches the user');
}

describeEachDatabase('the generation API over HTTP', (database) => {
  let app: TestBrandgen;
  before(async () => {
    app = await startTestBrandgen(await database.environment());
  });
  after(async () => app.close());

  test('health answers ok once the worker runs', async () => {
    const response = await fetch(`${app.baseUrl}/api/health`);
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { status: 'ok' });
  });

  test('readiness checks the database, queue and blob store; metrics count jobs and model calls', async () => {
    const ready = await fetch(`${app.baseUrl}/api/ready`);
    assert.equal(ready.status, 200);
    assert.deepEqual(await ready.json(), { status: 'ready', checks: { database: 'ok', queue: 'ok', blobs: 'ok' } });
    const accepted = (await (await postJson(app.baseUrl, '/api/generate', { prompt: 'metrics' })).json()) as any;
    await waitForJob(app.baseUrl, accepted.job_id);
    const metrics = await fetch(`${app.baseUrl}/metrics`);
    assert.equal(metrics.status, 200);
    assert.match(metrics.headers.get('content-type') ?? '', /^text\/plain/);
    const text = await metrics.text();
    assert.match(text, /^brandgen_jobs\{status="complete",role="all"\} [1-9]/m);
    assert.match(text, /^brandgen_queue_depth\{state="waiting",role="all"\} 0$/m);
    assert.match(text, /^brandgen_generation_seconds_count\{role="all",model="demo",outcome="ok"\} [1-9]/m);
    assert.match(text, /^# TYPE brandgen_provider_errors_total counter$/m);
  });

  test('a prompt becomes a queued job, then four stored 1024×1024 PNGs with metadata', async () => {
    const response = await postJson(app.baseUrl, '/api/generate', { prompt: '  a red bicycle  ', seed: 41 });
    assert.equal(response.status, 202);
    const accepted = (await response.json()) as { job_id: string; status: string };
    assert.match(accepted.job_id, uuid);
    assert.equal(accepted.status, 'queued');
    assert.equal(response.headers.get('location'), `/api/jobs/${accepted.job_id}`);

    const job = await waitForJob(app.baseUrl, accepted.job_id);
    assert.equal(job.status, 'complete');
    assert.equal(job.prompt, 'a red bicycle');
    // The brand's trigger word leads, then the product-illustration template (the default asset type).
    assert.equal(job.final_prompt.startsWith('brndgn style, product illustration of a red bicycle, '), true, job.final_prompt);
    assert.equal(job.model, 'demo');
    assert.equal(job.asset_type, 'product_illustration');
    assert.equal(job.preset, 'standard');
    assert.equal(job.size, '1024x1024');
    assert.equal(job.estimated_cost_usd, 0);
    assert.equal(job.user_id, 'local');
    assert.equal(job.seed, 41);
    assert.deepEqual(job.progress, { done: 4, total: 4 });
    assert.ok(job.completed_at >= job.created_at);
    assert.deepEqual(
      job.images,
      [0, 1, 2, 3].map((n) => `/api/jobs/${job.id}/images/${n}`),
    );
    assert.deepEqual(
      job.slots.map((slot: any) => [slot.n, slot.status, slot.seed]),
      [
        [0, 'ready', 41],
        [1, 'ready', 42],
        [2, 'ready', 43],
        [3, 'ready', 44],
      ],
    );
    assert.equal(job.error, undefined);

    const image = await fetch(`${app.baseUrl}${job.images[2]}`);
    assert.equal(image.status, 200);
    assert.equal(image.headers.get('content-type'), 'image/png');
    assert.match(image.headers.get('content-disposition') ?? '', /^attachment; filename="brandgen-.*-3\.png"$/);
    assert.match(image.headers.get('cache-control') ?? '', /max-age=31536000/);
    const etag = image.headers.get('etag');
    assert.ok(etag);
    const bytes = new Uint8Array(await image.arrayBuffer());
    const metadata = await sharp(bytes).metadata();
    assert.deepEqual([metadata.format, metadata.width, metadata.height], ['png', 1024, 1024]);
    const text = readPngText(bytes);
    assert.equal(text.prompt, 'a red bicycle');
    assert.equal(text.final_prompt, job.final_prompt);
    assert.equal(text.seed, '43');
    assert.equal(text.model, 'demo');
    assert.equal(text.job_id, job.id);

    const cached = await fetch(`${app.baseUrl}${job.images[2]}`, { headers: { 'if-none-match': etag } });
    assert.equal(cached.status, 304);
  });

  test('the same prompt and seed give the same pictures; Generate More gives new seeds', async () => {
    const first = (await (await postJson(app.baseUrl, '/api/generate', { prompt: 'a teapot', seed: 7 })).json()) as any;
    const second = (await (await postJson(app.baseUrl, '/api/generate', { prompt: 'a teapot', seed: 7 })).json()) as any;
    await waitForJob(app.baseUrl, first.job_id);
    await waitForJob(app.baseUrl, second.job_id);
    const [a, b] = await Promise.all(
      [first.job_id, second.job_id].map(async (id) =>
        Buffer.from(await (await fetch(`${app.baseUrl}/api/jobs/${id}/images/0`)).arrayBuffer()),
      ),
    );
    const pixels = async (png: Buffer) => sharp(png).raw().toBuffer();
    assert.ok((await pixels(a!)).equals(await pixels(b!)), 'deterministic in (prompt, seed)');

    const more = await fetch(`${app.baseUrl}/api/jobs/${first.job_id}/more`, { method: 'POST' });
    assert.equal(more.status, 202);
    const moreBody = (await more.json()) as any;
    assert.equal(more.headers.get('location'), `/api/jobs/${moreBody.job_id}`);
    const moreJob = await waitForJob(app.baseUrl, moreBody.job_id);
    assert.equal(moreJob.prompt, 'a teapot');
    assert.equal(moreJob.model, 'demo');
    assert.equal(moreJob.source_job_id, first.job_id);
    assert.equal(moreJob.status, 'complete');
    assert.notDeepEqual(
      moreJob.slots.map((slot: any) => slot.seed),
      [7, 8, 9, 10],
    );
  });

  test('asks for fewer images: one image, one slot, and Generate More keeps the number', async () => {
    const accepted = (await (await postJson(app.baseUrl, '/api/generate', { prompt: 'a kettle', seed: 40, images: 1 })).json()) as any;
    const job = await waitForJob(app.baseUrl, accepted.job_id);
    assert.equal(job.status, 'complete');
    assert.deepEqual(
      job.slots.map((slot: any) => [slot.n, slot.seed, slot.status]),
      [[0, 40, 'ready']],
    );
    assert.deepEqual(job.progress, { done: 1, total: 1 });
    assert.deepEqual(job.images, [`/api/jobs/${accepted.job_id}/images/0`]);
    assert.equal((await fetch(`${app.baseUrl}/api/jobs/${accepted.job_id}/images/1`)).status, 404);

    const more = (await (await fetch(`${app.baseUrl}/api/jobs/${accepted.job_id}/more`, { method: 'POST' })).json()) as any;
    const moreJob = await waitForJob(app.baseUrl, more.job_id);
    assert.equal(moreJob.slots.length, 1);
  });

  test('lists the user’s jobs newest first with a cursor', async () => {
    const ids: string[] = [];
    for (let index = 0; index < 3; index += 1) {
      const body = (await (await postJson(app.baseUrl, '/api/generate', { prompt: `page test ${index}` })).json()) as any;
      ids.push(body.job_id);
    }
    const firstPage = (await (await fetch(`${app.baseUrl}/api/jobs?limit=2`)).json()) as any;
    assert.deepEqual(
      firstPage.jobs.map((job: any) => job.id),
      [ids[2], ids[1]],
    );
    assert.equal(firstPage.next_cursor, ids[1]);
    const secondPage = (await (await fetch(`${app.baseUrl}/api/jobs?limit=2&cursor=${firstPage.next_cursor}`)).json()) as any;
    assert.equal(secondPage.jobs[0].id, ids[0]);
    const everything = (await (await fetch(`${app.baseUrl}/api/jobs?limit=100`)).json()) as any;
    assert.equal(everything.next_cursor, null);
    const times = everything.jobs.map((job: any) => job.created_at);
    assert.deepEqual([...times].sort().reverse(), times, 'newest first');
    for (const id of ids) await waitForJob(app.baseUrl, id);
  });

  test('lists models with the demo labelled as not AI', async () => {
    const body = (await (await fetch(`${app.baseUrl}/api/models`)).json()) as any;
    assert.equal(body.models.length, 1);
    assert.equal(body.models[0].id, 'demo');
    assert.equal(body.models[0].is_demo, true);
    assert.equal(body.models[0].default, true);
    assert.match(body.models[0].label, /not AI/);
  });

  test('serves OpenAPI for every route', async () => {
    const response = await fetch(`${app.baseUrl}/api/docs/json`);
    assert.equal(response.status, 200);
    const document = (await response.json()) as any;
    for (const route of [
      '/api/generate',
      '/api/jobs',
      '/api/jobs/{id}',
      '/api/jobs/{id}/images/{n}',
      '/api/jobs/{id}/events',
      '/api/jobs/{id}/more',
      '/api/health',
      '/api/ready',
      '/api/models',
    ]) {
      assert.ok(document.paths[route], `OpenAPI documents ${route}`);
    }
    assert.ok(document.paths['/api/generate'].post.requestBody.content['application/json'].schema.properties.prompt);
    const ui = await fetch(`${app.baseUrl}/api/docs`, { redirect: 'follow' });
    assert.equal(ui.status, 200);
  });
});

describeEachDatabase('bad input gets a clear 4xx in one shape', (database) => {
  let app: TestBrandgen;
  before(async () => {
    app = await startTestBrandgen({ ...(await database.environment()), BRANDGEN_RATE_LIMIT_PER_MINUTE: '1000' });
  });
  after(async () => app.close());

  const fieldCases: Array<[string, unknown, string, RegExp]> = [
    ['a missing prompt', {}, 'prompt', /Describe the image/],
    ['an empty prompt', { prompt: '' }, 'prompt', /Describe the image/],
    ['a prompt of spaces', { prompt: '   \n\t ' }, 'prompt', /Describe the image/],
    ['a 501-character prompt', { prompt: 'x'.repeat(501) }, 'prompt', /500 characters/],
    ['a prompt that is a number', { prompt: 42 }, 'prompt', /must be text/],
    ['a seed that is text', { prompt: 'cat', seed: 'seven' }, 'seed', /whole number/],
    ['a fractional seed', { prompt: 'cat', seed: 1.5 }, 'seed', /whole number/],
    ['a negative seed', { prompt: 'cat', seed: -1 }, 'seed', /0 or more/],
    ['an unknown model', { prompt: 'cat', model: 'nope' }, 'model', /no model called "nope"/],
    ['a model that is not text', { prompt: 'cat', model: 3 }, 'model', /model id/],
    ['no images', { prompt: 'cat', images: 0 }, 'images', /from 1 to 4/],
    ['five images', { prompt: 'cat', images: 5 }, 'images', /from 1 to 4/],
    ['a number of images that is text', { prompt: 'cat', images: 'two' }, 'images', /whole number from 1 to 4/],
    ['an unknown field', { prompt: 'cat', colour: 'red' }, 'colour', /Unknown field/],
    ['a body that is an array', [1, 2], 'body', /JSON object/],
  ];
  for (const [name, body, field, message] of fieldCases) {
    test(`400 with a field error for ${name}`, async () => {
      const response = await postJson(app.baseUrl, '/api/generate', body);
      assert.equal(response.status, 400);
      const answer = (await response.json()) as any;
      assertErrorShape(answer, 'validation_failed');
      const fieldError = answer.error.fields.find((candidate: any) => candidate.field === field);
      assert.ok(fieldError, JSON.stringify(answer));
      assert.match(fieldError.message, message);
    });
  }

  test('a 500-character prompt of emoji is accepted: characters, not bytes, count', async () => {
    const response = await postJson(app.baseUrl, '/api/generate', { prompt: '🎨'.repeat(500) });
    assert.equal(response.status, 202);
    await waitForJob(app.baseUrl, ((await response.json()) as any).job_id);
  });

  test('400 for malformed JSON and 415 for a body that is not JSON', async () => {
    const malformed = await postJson(app.baseUrl, '/api/generate', '{"prompt": "cat"');
    assert.equal(malformed.status, 400);
    assertErrorShape(await malformed.json(), 'invalid_json');
    const plain = await fetch(`${app.baseUrl}/api/generate`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'cat' });
    assert.equal(plain.status, 415);
    assertErrorShape(await plain.json(), 'unsupported_media_type');
  });

  test('413 for an oversized body', async () => {
    const response = await postJson(app.baseUrl, '/api/generate', { prompt: 'x'.repeat(70 * 1024) });
    assert.equal(response.status, 413);
    assertErrorShape(await response.json(), 'payload_too_large');
  });

  test('404 for unknown and malformed ids, and image numbers outside 0..3', async () => {
    const accepted = (await (await postJson(app.baseUrl, '/api/generate', { prompt: 'a lamp' })).json()) as any;
    await waitForJob(app.baseUrl, accepted.job_id);
    const unknownId = '01890000-0000-7000-8000-000000000000';
    for (const route of [
      `/api/jobs/${unknownId}`,
      '/api/jobs/not-an-id',
      "/api/jobs/'%20OR%201=1",
      `/api/jobs/${unknownId}/images/0`,
      `/api/jobs/${accepted.job_id}/images/4`,
      `/api/jobs/${accepted.job_id}/images/-1`,
      `/api/jobs/${accepted.job_id}/images/01`,
      `/api/jobs/${accepted.job_id}/images/x`,
      `/api/jobs/${unknownId}/events`,
      '/api/jobs/nope/events',
      '/api/nothing-here',
    ]) {
      const response = await fetch(`${app.baseUrl}${route}`);
      assert.equal(response.status, 404, route);
      assertErrorShape(await response.json(), 'not_found');
    }
    for (const route of [`/api/jobs/${unknownId}/more`, '/api/jobs/bad/more']) {
      const response = await fetch(`${app.baseUrl}${route}`, { method: 'POST' });
      assert.equal(response.status, 404, route);
      assertErrorShape(await response.json(), 'not_found');
    }
  });

  test('a malformed id anywhere in a path answers 404 in the words of what it names', async () => {
    const someId = '01890000-0000-7000-8000-000000000000';
    const cases: Array<[string, string, string]> = [
      ['GET', '/api/jobs/not-an-id', 'There is no job with this id.'],
      ['GET', '/api/images/not-an-id', 'There is no image with this id.'],
      ['GET', '/api/batches/not-an-id', 'There is no batch with this id.'],
      ['GET', '/api/brands/not-an-id', 'There is no brand with this id.'],
      ['POST', `/api/brands/${someId}/versions/0/restore`, 'This brand has no version 0.'],
      ['GET', '/api/projects/not-an-id', 'There is no project with this id.'],
      ['GET', '/api/templates/not-an-id', 'There is no template with this id.'],
      ['GET', '/api/webhooks/not-an-id', 'There is no webhook endpoint with this id.'],
      ['POST', `/api/webhooks/${someId}/deliveries/not-an-id/resend`, 'There is no delivery with this id for this endpoint.'],
      ['DELETE', '/api/tokens/not-an-id', 'There is no API token with this id.'],
      ['DELETE', `/api/admin/providers/${'x'.repeat(51)}`, 'There is no provider with this name.'],
    ];
    for (const [method, route, message] of cases) {
      const response = await fetch(`${app.baseUrl}${route}`, { method });
      assert.equal(response.status, 404, `${method} ${route}`);
      const body = (await response.json()) as any;
      assertErrorShape(body, 'not_found');
      assert.equal(body.error.message, message, `${method} ${route}`);
    }
  });

  test('400 for a bad page size or cursor', async () => {
    for (const query of ['limit=0', 'limit=101', 'limit=abc', 'limit=2.5', 'cursor=bogus']) {
      const response = await fetch(`${app.baseUrl}/api/jobs?${query}`);
      assert.equal(response.status, 400, query);
      assertErrorShape(await response.json(), 'validation_failed');
    }
  });
});

describeEachDatabase('limits', (database) => {
  test('429 with Retry-After once a user exceeds the per-minute budget', async () => {
    const app = await startTestBrandgen({ ...(await database.environment()), BRANDGEN_RATE_LIMIT_PER_MINUTE: '3' });
    try {
      const statuses: number[] = [];
      let last: Response | undefined;
      for (let index = 0; index < 4; index += 1) {
        last = await postJson(app.baseUrl, '/api/generate', { prompt: `rate ${index}` });
        statuses.push(last.status);
      }
      assert.deepEqual(statuses, [202, 202, 202, 429]);
      assert.ok(Number(last!.headers.get('retry-after')) > 0);
      const body = (await last!.json()) as any;
      assertErrorShape(body, 'rate_limited');
      assert.match(body.error.message, /try again/);
    } finally {
      await app.close();
    }
  });

  test('503 with Retry-After when the queue is full, and nothing is lost', async () => {
    const app = await startTestBrandgen({
      ...(await database.environment()),
      BRANDGEN_MAX_QUEUE: '2',
      BRANDGEN_CONCURRENCY: '1',
      BRANDGEN_DEMO_LATENCY_MS: '300',
    });
    try {
      const accepted = [];
      for (let index = 0; index < 2; index += 1) {
        const response = await postJson(app.baseUrl, '/api/generate', { prompt: `queue ${index}` });
        assert.equal(response.status, 202);
        accepted.push(((await response.json()) as any).job_id);
      }
      const refused = await postJson(app.baseUrl, '/api/generate', { prompt: 'one too many' });
      assert.equal(refused.status, 503);
      assert.ok(Number(refused.headers.get('retry-after')) > 0);
      assertErrorShape(await refused.json(), 'queue_full');
      for (const id of accepted) assert.equal((await waitForJob(app.baseUrl, id)).status, 'complete');
      const list = (await (await fetch(`${app.baseUrl}/api/jobs`)).json()) as any;
      assert.equal(list.jobs.length, 2, 'the refused request left no job behind');
    } finally {
      await app.close();
    }
  });
});

describe('faults of ours', () => {
  test('answer 500 with a request id and no internals, and log the detail under that id', async () => {
    const lines: string[] = [];
    const logStream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const app = await startTestBrandgen({ LOG_LEVEL: 'error' }, { logStream });
    try {
      // The database going away under a running server is a fault of ours, never of the user's request.
      await app.brandgen.database.destroy();
      const response = await fetch(`${app.baseUrl}/api/jobs`);
      assert.equal(response.status, 500);
      const body = (await response.json()) as any;
      assertErrorShape(body, 'internal_error');
      const requestId = /request ([0-9a-f-]{36})/.exec(body.error.message)?.[1];
      assert.ok(requestId, body.error.message);
      assert.doesNotMatch(body.error.message, /sqlite|kysely|driver|destroy/i);
      const logged = lines.map((line) => JSON.parse(line)).find((entry) => entry.requestId === requestId);
      assert.ok(logged, 'the log has the request id');
      assert.ok(logged.err?.message, 'and the detail');
    } finally {
      await app.close().catch(() => {});
    }
  });
});

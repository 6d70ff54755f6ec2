import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { BrandgenApiError, createBrandgenClient, unwrap, type Job } from '../src/index.ts';
import { startServerAndClient } from './support/brandgen-server.ts';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

describe('generated calls against a real Brandgen (none mode)', () => {
  let setup: Awaited<ReturnType<typeof startServerAndClient>>;
  before(async () => {
    setup = await startServerAndClient({ BRANDGEN_RATE_LIMIT_PER_MINUTE: '2' });
  });
  after(() => setup?.close());

  it('generates, reads the job back typed, and downloads its image bytes', async () => {
    const { api } = setup.client;
    const catalog = await unwrap(api.GET('/api/models'));
    assert.equal(catalog.models[0]?.id, 'demo');
    const created = await unwrap(api.POST('/api/generate', { body: { prompt: 'a paper crane', seed: 7 } }));
    assert.equal(created.status, 'queued');
    let job: Job = await unwrap(api.GET('/api/jobs/{id}', { params: { path: { id: created.job_id } } }));
    while (job.status === 'queued' || job.status === 'processing') {
      await new Promise((resolve) => setTimeout(resolve, 20));
      job = await unwrap(api.GET('/api/jobs/{id}', { params: { path: { id: created.job_id } } }));
    }
    assert.equal(job.status, 'complete');
    assert.equal(job.prompt, 'a paper crane');
    assert.equal(job.images.length, 4);
    const bytes = await setup.client.downloadImage(job.images[0]!);
    assert.ok(bytes instanceof Uint8Array);
    assert.deepEqual([...bytes.subarray(0, 8)], PNG_SIGNATURE);
    assert.ok(bytes.length > 1000);
  });

  it('answers a bad request with a BrandgenApiError carrying the server’s fields', async () => {
    const error = await setup.client.api.POST('/api/generate', { body: { prompt: '   ' } }).then(
      () => assert.fail('a blank prompt must be refused'),
      (caught: unknown) => caught,
    );
    assert.ok(error instanceof BrandgenApiError);
    assert.equal(error.status, 400);
    assert.equal(error.code, 'validation_failed');
    assert.deepEqual(error.fields, [{ field: 'prompt', message: 'Describe the image you need.' }]);
    assert.equal(error.retryAfterSeconds, null);
  });

  it('answers a missing job with a 404 BrandgenApiError', async () => {
    await assert.rejects(
      setup.client.api.GET('/api/jobs/{id}', { params: { path: { id: 'no-such-job' } } }),
      (error: unknown) =>
        error instanceof BrandgenApiError && error.status === 404 && error.code === 'not_found' && error.message.length > 0,
    );
  });

  it('carries Retry-After in seconds when the rate limit answers 429', async () => {
    const { api } = setup.client;
    let limited: unknown;
    // The first test used one of the two generations a minute allowed here.
    for (let attempt = 0; attempt < 3 && limited === undefined; attempt += 1) {
      await api.POST('/api/generate', { body: { prompt: 'a kite' } }).catch((error: unknown) => {
        limited = error;
      });
    }
    assert.ok(limited instanceof BrandgenApiError, 'the third generation within a minute is refused');
    assert.equal(limited.status, 429);
    assert.equal(limited.code, 'rate_limited');
    assert.ok(
      limited.retryAfterSeconds !== null && limited.retryAfterSeconds > 0 && limited.retryAfterSeconds <= 60,
      `Retry-After ${limited.retryAfterSeconds}`,
    );
  });

  it('sends the bearer token on every call, asked for before each request', async () => {
    const seen: Array<string | null> = [];
    let token = 'first-token';
    const client = createBrandgenClient({
      baseUrl: setup.server.baseUrl,
      token: () => token,
      fetch: (request) => {
        seen.push(request.headers.get('authorization'));
        return fetch(request);
      },
    });
    await client.api.GET('/api/health');
    token = 'second-token';
    await client.downloadImage('/api/health');
    assert.deepEqual(seen, ['Bearer first-token', 'Bearer second-token']);
  });

  it('reports an unreachable server as status 0 with the address in plain words', async () => {
    const client = createBrandgenClient({ baseUrl: 'http://127.0.0.1:9' });
    await assert.rejects(client.api.GET('/api/health'), (error: unknown) => {
      assert.ok(error instanceof BrandgenApiError);
      assert.equal(error.status, 0);
      assert.equal(error.code, 'network_error');
      assert.match(error.message, /Could not reach the Brandgen server at http:\/\/127\.0\.0\.1:9/);
      return true;
    });
  });
});

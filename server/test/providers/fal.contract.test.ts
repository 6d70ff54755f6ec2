import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { ProviderHealth } from '../../src/providers/resilience/provider-health.ts';
import { sendJson, fakeServers, testPng, type FakeHandler } from '../fakes/fake-http-server.ts';
import { entriesAgainst, editOnce, generateOne, TEST_KEY } from '../fakes/provider-harness.ts';

/**
 * fal.ai's synchronous API: POST https://fal.run/{model id} with `Authorization: Key …`, a JSON body, and an
 * answer `{images: [{url, width, height, content_type}], seed, …}`; errors carry `{detail}`.
 */
const imageResult = (body: any, fake: { imageUrl(name: string): string }) => ({
  images: [{ url: fake.imageUrl('out.png'), width: 1024, height: 1024, content_type: 'image/png' }],
  seed: body.seed,
  has_nsfw_concepts: [false],
  prompt: body.prompt,
});
const answerImage: FakeHandler = (request, response, fake) => sendJson(response, 200, imageResult(request.body, fake));

/**
 * fal's queue API under /queue: `POST /queue/{model}` answers with `request_id`, `status_url`, `response_url` and
 * `cancel_url`; the status is `IN_QUEUE`, then `IN_PROGRESS` (HTTP 202), then `COMPLETED` (200); the result is
 * read from `response_url`; `PUT cancel_url` answers 202 `CANCELLATION_REQUESTED`.
 */
function queueAndSync(options: { pollsBeforeDone?: number } = {}): FakeHandler {
  const bodies = new Map<string, unknown>();
  const polls = new Map<string, number>();
  return (request, response, fake) => {
    const queued = /^\/queue\/(.+?)\/requests\/([\w-]+)(\/status|\/cancel)?$/u.exec(request.path);
    if (request.method === 'POST' && request.path.startsWith('/queue/') && !queued) {
      const id = `req-${bodies.size + 1}`;
      bodies.set(id, request.body);
      const base = `${fake.origin}${request.path}/requests/${id}`;
      return sendJson(response, 200, {
        request_id: id,
        response_url: base,
        status_url: `${base}/status`,
        cancel_url: `${base}/cancel`,
        queue_position: 0,
      });
    }
    if (queued && request.method === 'GET' && queued[3] === '/status') {
      const count = (polls.get(queued[2]!) ?? 0) + 1;
      polls.set(queued[2]!, count);
      if (count <= (options.pollsBeforeDone ?? 2))
        return sendJson(response, 202, { status: count === 1 ? 'IN_QUEUE' : 'IN_PROGRESS', queue_position: 0 });
      return sendJson(response, 200, { status: 'COMPLETED', logs: null, metrics: { inference_time: 12.5 } });
    }
    if (queued && request.method === 'PUT' && queued[3] === '/cancel') return sendJson(response, 202, { status: 'CANCELLATION_REQUESTED' });
    if (queued && request.method === 'GET') return sendJson(response, 200, imageResult(bodies.get(queued[2]!), fake));
    return answerImage(request, response, fake);
  };
}

describe('fal.ai contract', () => {
  const fakes = fakeServers();
  after(() => fakes.closeAll());
  const fake = (handler: FakeHandler) => fakes.start(handler);

  it('edits with FLUX.1 Kontext [pro]: POST /fal-ai/flux-pro/kontext with the instruction as prompt and the image as a data URI', async () => {
    const server = await fake(answerImage);
    const entry = entriesAgainst('fal', server.origin).get('fal-flux-kontext')!;
    assert.equal(entry.supportsEdit, true);
    const source = await testPng(9);
    const instruction = 'make the background blue';
    await editOnce(entry, instruction, source);
    const [call] = server.apiRequests();
    assert.equal(call!.method, 'POST');
    assert.equal(call!.path, '/fal-ai/flux-pro/kontext');
    assert.equal(call!.headers.authorization, `Key ${TEST_KEY}`);
    assert.deepEqual(call!.body, {
      prompt: instruction,
      seed: 7,
      image_size: { width: 1024, height: 1024 },
      num_images: 1,
      image_url: `data:image/png;base64,${source.toString('base64')}`,
      guidance_scale: 3.5,
      output_format: 'png',
    });
  });

  it('generates with Kontext from text at its text-to-image endpoint, without an image', async () => {
    const server = await fake(answerImage);
    await generateOne(entriesAgainst('fal', server.origin).get('fal-flux-kontext')!);
    const [call] = server.apiRequests();
    assert.equal(call!.path, '/fal-ai/flux-pro/kontext/text-to-image');
    assert.equal(call!.body.image_url, undefined);
  });

  it("sends a variation of an edited image to Kontext's edit endpoint with the image, as it redraws by no strength", async () => {
    const server = await fake(answerImage);
    const source = await testPng(11);
    await generateOne(
      entriesAgainst('fal', server.origin).get('fal-flux-kontext')!,
      { refinement: { kind: 'variation', strength: null, sourceBlobKey: 'jobs/x/0.png' } },
      { sourceImage: source },
    );
    const [call] = server.apiRequests();
    assert.equal(call!.path, '/fal-ai/flux-pro/kontext');
    assert.equal(call!.body.image_url, `data:image/png;base64,${source.toString('base64')}`);
    assert.equal(call!.body.strength, undefined);
  });

  it('redraws with FLUX.1 [dev] image-to-image: the image as image_url, the strength, and the brand LoRA', async () => {
    const server = await fake(answerImage);
    const entry = entriesAgainst('fal', server.origin).get('fal-flux-dev')!;
    assert.equal(entry.supportsImageToImage, true);
    const source = await testPng(10);
    await generateOne(
      entry,
      {
        refinement: { kind: 'variation', strength: 0.35, sourceBlobKey: 'jobs/x/0.png' },
        lora: { path: 'loras/brandgen-flux.safetensors', scale: 0.8 },
      },
      { sourceImage: source },
    );
    const [call] = server.apiRequests();
    assert.equal(call!.path, '/fal-ai/flux-lora/image-to-image');
    assert.deepEqual(call!.body, {
      prompt: 'brndgn style, a red bicycle',
      seed: 7,
      image_size: { width: 1024, height: 1024 },
      num_images: 1,
      image_url: `data:image/png;base64,${source.toString('base64')}`,
      strength: 0.35,
      num_inference_steps: 28,
      guidance_scale: 3.5,
      negative_prompt: 'blurry, text',
      loras: [{ path: 'loras/brandgen-flux.safetensors', scale: 0.8 }],
      output_format: 'png',
    });
  });

  it('sends HiDream Full through the queue API with the brand LoRA path and scale in `loras`, steps, guidance and negative prompt', async () => {
    const server = await fake(queueAndSync());
    const entry = entriesAgainst('fal', server.origin, { queueBaseUrl: `${server.origin}/queue`, pollIntervalMs: 20 }).get(
      'fal-hidream-i1',
    )!;
    const result = await generateOne(entry, {
      preset: 'high',
      assetType: 'icon',
      lora: { path: 'loras/brandgen-hidream-icon.safetensors', scale: 0.9 },
    });
    assert.equal(result.image.mediaType, 'image/png');
    const [call, ...rest] = server.apiRequests();
    assert.equal(call!.method, 'POST');
    assert.equal(call!.path, '/queue/fal-ai/hidream-i1-full');
    assert.equal(call!.headers.authorization, `Key ${TEST_KEY}`);
    assert.equal(call!.headers['content-type'], 'application/json');
    assert.deepEqual(call!.body, {
      prompt: 'brndgn style, a red bicycle',
      seed: 7,
      image_size: { width: 1024, height: 1024 },
      num_images: 1,
      num_inference_steps: 50,
      guidance_scale: 5,
      negative_prompt: 'blurry, text',
      loras: [{ path: 'loras/brandgen-hidream-icon.safetensors', scale: 0.9 }],
      output_format: 'png',
    });
    // Polled until COMPLETED, then the result read from response_url, all with the key.
    assert.deepEqual(
      rest.map((request) => `${request.method} ${request.path}`),
      [
        'GET /queue/fal-ai/hidream-i1-full/requests/req-1/status',
        'GET /queue/fal-ai/hidream-i1-full/requests/req-1/status',
        'GET /queue/fal-ai/hidream-i1-full/requests/req-1/status',
        'GET /queue/fal-ai/hidream-i1-full/requests/req-1',
      ],
    );
    for (const request of rest) assert.equal(request.headers.authorization, `Key ${TEST_KEY}`);
    // The image was fetched from the fake's own origin, without the key.
    const download = server.requests.find((request) => request.path === '/files/out.png');
    assert.ok(download);
    assert.equal(download.headers.authorization, undefined);
  });

  it('maps the presets to HiDream Fast (synchronous), Dev and Full (queued)', async () => {
    const server = await fake(queueAndSync({ pollsBeforeDone: 0 }));
    const entry = entriesAgainst('fal', server.origin, { queueBaseUrl: `${server.origin}/queue`, pollIntervalMs: 20 }).get(
      'fal-hidream-i1',
    )!;
    await generateOne(entry, { preset: 'draft' });
    await generateOne(entry, { preset: 'standard' });
    assert.deepEqual(
      server
        .apiRequests()
        .filter((request) => request.method === 'POST')
        .map((request) => [request.path, request.body.num_inference_steps]),
      [
        ['/fal-ai/hidream-i1-fast', 16],
        ['/queue/fal-ai/hidream-i1-dev', 28],
      ],
    );
  });

  it('cancels a queued HiDream request when the call times out', async () => {
    const server = await fake(queueAndSync({ pollsBeforeDone: 1_000 }));
    const entry = entriesAgainst('fal', server.origin, { queueBaseUrl: `${server.origin}/queue`, pollIntervalMs: 50, timeoutMs: 600 }).get(
      'fal-hidream-i1',
    )!;
    await assert.rejects(generateOne(entry, { preset: 'high' }), /fal\.ai did not answer in time/);
    for (let waited = 0; waited < 5_000 && !server.requests.some((request) => request.method === 'PUT'); waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const cancel = server.requests.find((request) => request.method === 'PUT');
    assert.ok(cancel, 'the queued request was cancelled');
    assert.equal(cancel.path, '/queue/fal-ai/hidream-i1-full/requests/req-1/cancel');
    assert.equal(cancel.headers.authorization, `Key ${TEST_KEY}`);
  });

  it('sends FLUX.1 [dev] to flux-lora with its LoRA, and leaves LoRAs out for schnell', async () => {
    const server = await fake(answerImage);
    const entries = entriesAgainst('fal', server.origin);
    await generateOne(entries.get('fal-flux-dev')!, { lora: { path: 'https://example.com/brand-flux.safetensors', scale: 0.85 } });
    await generateOne(entries.get('fal-flux-schnell')!, { lora: { path: 'ignored.safetensors', scale: 1 } });
    const [dev, schnell] = server.apiRequests();
    assert.equal(dev!.path, '/fal-ai/flux-lora');
    assert.deepEqual(dev!.body.loras, [{ path: 'https://example.com/brand-flux.safetensors', scale: 0.85 }]);
    assert.equal(dev!.body.guidance_scale, 3.5);
    assert.equal(schnell!.path, '/fal-ai/flux/schnell');
    assert.equal(schnell!.body.loras, undefined);
  });

  it('waits as long as Retry-After says after a 429, then succeeds', async () => {
    let calls = 0;
    const server = await fake((request, response, fakeServer) => {
      calls += 1;
      if (calls === 1) return sendJson(response, 429, { detail: 'Too many requests' }, { 'retry-after': '1' });
      return answerImage(request, response, fakeServer);
    });
    const entry = entriesAgainst('fal', server.origin).get('fal-flux-schnell')!;
    const started = performance.now();
    await generateOne(entry);
    assert.equal(server.apiRequests().length, 2);
    // The backoff of this test is 20 ms, so only Retry-After explains a wait of about a second.
    assert.ok(performance.now() - started >= 900, 'waited for Retry-After');
  });

  it('turns an error body into a readable message without the key', async () => {
    const server = await fake((_request, response) =>
      sendJson(response, 422, { detail: [{ loc: ['body', 'loras', 0, 'path'], msg: 'LoRA file not found', type: 'value_error' }] }),
    );
    const entry = entriesAgainst('fal', server.origin).get('fal-flux-dev')!;
    await assert.rejects(generateOne(entry), (error: Error) => {
      assert.match(error.message, /fal\.ai refused the request \(HTTP 422\)/);
      assert.doesNotMatch(error.message, new RegExp(TEST_KEY));
      return true;
    });
    assert.equal(server.apiRequests().length, 1, 'a 422 is not retried');
  });

  it('says the key was refused on 401, without repeating it', async () => {
    const server = await fake((request, response) => sendJson(response, 401, { detail: `Invalid key: ${request.headers.authorization}` }));
    const entry = entriesAgainst('fal', server.origin).get('fal-flux-schnell')!;
    await assert.rejects(generateOne(entry), (error: Error) => {
      assert.match(error.message, /fal\.ai did not accept the API key \(HTTP 401\)/);
      assert.doesNotMatch(error.message, new RegExp(TEST_KEY));
      return true;
    });
  });

  it('reports malformed JSON as an unreadable answer', async () => {
    const server = await fake((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"images": [');
    });
    const entry = entriesAgainst('fal', server.origin).get('fal-flux-schnell')!;
    await assert.rejects(generateOne(entry), /fal\.ai sent an answer Brandgen could not read/);
  });

  it('gives up on a slow answer after the provider timeout', async () => {
    const server = await fake(async (request, response, fakeServer) => {
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      if (!response.destroyed) await answerImage(request, response, fakeServer);
    });
    const entry = entriesAgainst('fal', server.origin, { timeoutMs: 300 }).get('fal-flux-schnell')!;
    await assert.rejects(generateOne(entry), /fal\.ai did not answer in time/);
  });

  it('retries 5xx with backoff, then marks a provider that is down and fails fast without calling it', async () => {
    const server = await fake((_request, response) => sendJson(response, 503, { detail: 'Service temporarily unavailable' }));
    const health = new ProviderHealth({ threshold: 2, coolDownMs: 60_000 });
    const entry = entriesAgainst('fal', server.origin, {}, health).get('fal-flux-schnell')!;
    await assert.rejects(generateOne(entry), /fal\.ai had a problem on its side \(HTTP 503\)/);
    assert.equal(server.apiRequests().length, 4, 'one call and three retries');
    await assert.rejects(generateOne(entry), /HTTP 503/);
    const before = server.apiRequests().length;
    await assert.rejects(generateOne(entry), /fal\.ai is not answering.*Models from other providers keep working/);
    assert.equal(server.apiRequests().length, before, 'no request while the provider is marked down');
  });

  it('runs at most the configured number of calls at once', async () => {
    let inFlight = 0;
    let most = 0;
    const server = await fake(async (request, response, fakeServer) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 100));
      inFlight -= 1;
      await answerImage(request, response, fakeServer);
    });
    const entry = entriesAgainst('fal', server.origin, { concurrency: 2 }).get('fal-flux-schnell')!;
    await Promise.all([1, 2, 3, 4, 5].map((seed) => generateOne(entry, {}, { seed })));
    assert.equal(most, 2);
    assert.equal(server.apiRequests().length, 5);
  });
});

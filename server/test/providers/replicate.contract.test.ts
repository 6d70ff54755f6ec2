import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { sendJson, fakeServers, testPng, type FakeHandler, type FakeHttpServer } from '../fakes/fake-http-server.ts';
import { entriesAgainst, generateOne, TEST_KEY } from '../fakes/provider-harness.ts';

/**
 * Replicate's predictions API: POST /v1/models/{owner}/{name}/predictions with `Authorization: Bearer …` and
 * `Prefer: wait`; the prediction comes back with `status` (starting, processing, succeeded, failed, canceled),
 * `output` and `urls.get` / `urls.cancel`. Errors are problem documents with `detail`.
 */
function prediction(fake: FakeHttpServer, id: string, status: string, extra: Record<string, unknown> = {}) {
  return {
    id,
    model: 'black-forest-labs/flux-dev-lora',
    version: 'hidden',
    status,
    output: status === 'succeeded' ? [fake.imageUrl(`${id}.png`)] : null,
    error: null,
    logs: '',
    created_at: '2026-11-23T01:00:00.000Z',
    urls: {
      get: `${fake.origin}/v1/predictions/${id}`,
      cancel: `${fake.origin}/v1/predictions/${id}/cancel`,
      web: `https://replicate.com/p/${id}`,
    },
    ...extra,
  };
}

describe('Replicate contract', () => {
  const fakes = fakeServers();
  after(() => fakes.closeAll());
  const fake = (handler: FakeHandler) => fakes.start(handler);

  it('sends the LoRA as lora_weights and lora_scale, and polls urls.get until the prediction succeeds', async () => {
    let polls = 0;
    const server = await fake((request, response, fakeServer) => {
      if (request.method === 'POST' && request.path === '/v1/models/black-forest-labs/flux-dev-lora/predictions') {
        return sendJson(response, 201, prediction(fakeServer, 'p1', 'starting'));
      }
      if (request.method === 'GET' && request.path === '/v1/predictions/p1') {
        polls += 1;
        return sendJson(response, 200, prediction(fakeServer, 'p1', polls < 3 ? 'processing' : 'succeeded'));
      }
      return sendJson(response, 404, { detail: 'Not found' });
    });
    const entry = entriesAgainst('replicate', `${server.origin}/v1`).get('replicate-flux-dev-lora')!;
    const result = await generateOne(entry, {
      preset: 'high',
      size: '1344x768',
      aspectRatio: '16:9',
      lora: { path: 'https://huggingface.co/brandgen/flux-hero/resolve/main/lora.safetensors', scale: 0.8 },
    });
    assert.equal(result.image.mediaType, 'image/png');
    const [create, ...gets] = server.apiRequests();
    assert.equal(create!.headers.authorization, `Bearer ${TEST_KEY}`);
    assert.equal(create!.headers.prefer, 'wait');
    assert.deepEqual(create!.body, {
      input: {
        prompt: 'brndgn style, a red bicycle',
        aspect_ratio: '16:9',
        seed: 7,
        num_outputs: 1,
        num_inference_steps: 50,
        guidance: 3,
        lora_weights: 'https://huggingface.co/brandgen/flux-hero/resolve/main/lora.safetensors',
        lora_scale: 0.8,
        output_format: 'png',
      },
    });
    assert.equal(gets.length, 3, 'polled until succeeded');
    for (const get of gets) {
      assert.equal(get.method, 'GET');
      assert.equal(get.headers.authorization, `Bearer ${TEST_KEY}`);
    }
  });

  it('redraws an image with FLUX.1 [dev]: the image as `image` and the strength as `prompt_strength`', async () => {
    const server = await fake((request, response, fakeServer) => {
      if (request.method === 'POST' && request.path === '/v1/models/black-forest-labs/flux-dev-lora/predictions') {
        return sendJson(response, 201, prediction(fakeServer, 'p9', 'succeeded'));
      }
      return sendJson(response, 404, { detail: 'Not found' });
    });
    const entry = entriesAgainst('replicate', `${server.origin}/v1`).get('replicate-flux-dev-lora')!;
    assert.equal(entry.supportsImageToImage, true);
    const source = await testPng(11);
    await generateOne(entry, { refinement: { kind: 'variation', strength: 0.6, sourceBlobKey: 'jobs/x/0.png' } }, { sourceImage: source });
    const [create] = server.apiRequests();
    assert.deepEqual(create!.body, {
      input: {
        prompt: 'brndgn style, a red bicycle',
        aspect_ratio: '1:1',
        seed: 7,
        num_outputs: 1,
        image: `data:image/png;base64,${source.toString('base64')}`,
        prompt_strength: 0.6,
        num_inference_steps: 28,
        guidance: 3,
        output_format: 'png',
      },
    });
  });

  it('turns a failed prediction into its error message', async () => {
    const server = await fake((request, response, fakeServer) => {
      if (request.method === 'POST') return sendJson(response, 201, prediction(fakeServer, 'p2', 'processing'));
      return sendJson(response, 200, prediction(fakeServer, 'p2', 'failed', { error: 'CUDA out of memory' }));
    });
    const entry = entriesAgainst('replicate', `${server.origin}/v1`).get('replicate-flux-schnell')!;
    await assert.rejects(generateOne(entry), /Replicate failed: Replicate image generation failed: CUDA out of memory/);
  });

  it('cancels a running prediction when the call times out', async () => {
    const server = await fake((request, response, fakeServer) => {
      if (request.method === 'POST' && request.path.endsWith('/cancel'))
        return sendJson(response, 200, prediction(fakeServer, 'p3', 'canceled'));
      if (request.method === 'POST') return sendJson(response, 201, prediction(fakeServer, 'p3', 'starting'));
      return sendJson(response, 200, prediction(fakeServer, 'p3', 'processing'));
    });
    const entry = entriesAgainst('replicate', `${server.origin}/v1`, { timeoutMs: 1_200 }).get('replicate-flux-schnell')!;
    await assert.rejects(generateOne(entry), /Replicate did not answer in time/);
    for (let waited = 0; waited < 5_000 && !server.requests.some((request) => request.path.endsWith('/cancel')); waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const cancel = server.requests.find((request) => request.path === '/v1/predictions/p3/cancel');
    assert.ok(cancel, 'the prediction was cancelled');
    assert.equal(cancel.method, 'POST');
    assert.equal(cancel.headers.authorization, `Bearer ${TEST_KEY}`);
  });

  it('honours Retry-After on 429 and reports the throttle detail readably on a 422', async () => {
    let calls = 0;
    const server = await fake((request, response, fakeServer) => {
      calls += 1;
      if (calls === 1) {
        return sendJson(
          response,
          429,
          { title: 'Request was throttled', detail: 'Request was throttled. Expected available in 1 second.', status: 429 },
          { 'retry-after': '1' },
        );
      }
      if (request.body?.input?.prompt === 'bad')
        return sendJson(response, 422, { title: 'Input validation failed', detail: 'input.seed: must be an integer', status: 422 });
      return sendJson(response, 201, prediction(fakeServer, 'p4', 'succeeded'));
    });
    const entry = entriesAgainst('replicate', `${server.origin}/v1`).get('replicate-flux-schnell')!;
    const started = performance.now();
    await generateOne(entry);
    assert.ok(performance.now() - started >= 900);
    assert.equal(server.apiRequests().length, 2);
    await assert.rejects(generateOne(entry, {}, { prompt: 'bad' }), /Replicate refused the request \(HTTP 422\)/);
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { startFakeCivitai, type FakeCivitai } from '../fakes/fake-civitai.ts';
import { entriesAgainst, generateOne, TEST_KEY } from '../fakes/provider-harness.ts';

const FLUX_DEV = 'urn:air:flux1:diffuser:civitai:618692@691639';
const SDXL = 'urn:air:sdxl:checkpoint:civitai:101055@128078';
const BRAND_LORA = 'urn:air:flux1:lora:civitai:123456@654321';

describe('civitai contract', () => {
  let civitai: FakeCivitai;
  const entry = (id: string, overrides: Parameters<typeof entriesAgainst>[2] = {}) =>
    entriesAgainst('civitai', civitai.origin, { pollIntervalMs: 20, ...overrides }).get(id)!;
  const since = (count: number) => civitai.apiRequests().slice(count);

  before(async () => {
    civitai = await startFakeCivitai(TEST_KEY);
  });
  after(() => civitai.close());

  it('submits one imageGen step with the brand LoRA by AIR and strength, polls until it succeeds, and downloads the image', async () => {
    const seen = civitai.apiRequests().length;
    civitai.scripts.push({ statuses: ['preparing', 'processing', 'succeeded'] });
    const result = await generateOne(entry('civitai-flux-dev'), {
      preset: 'standard',
      size: '1344x768',
      aspectRatio: '16:9',
      lora: { path: BRAND_LORA, scale: 0.8 },
    });
    const [submit, ...polls] = since(seen);
    assert.equal(submit!.method, 'POST');
    assert.equal(submit!.path, '/v2/consumer/workflows?wait=0');
    assert.equal(submit!.headers.authorization, `Bearer ${TEST_KEY}`);
    assert.equal(submit!.headers['content-type'], 'application/json');
    assert.deepEqual(submit!.body, {
      steps: [
        {
          $type: 'imageGen',
          input: {
            engine: 'sdcpp',
            ecosystem: 'flux1',
            operation: 'createImage',
            diffuserModel: FLUX_DEV,
            prompt: 'brndgn style, a red bicycle',
            negativePrompt: 'blurry, text',
            width: 1216,
            height: 832,
            steps: 28,
            cfgScale: 3.5,
            seed: 7,
            quantity: 1,
            loras: { [BRAND_LORA]: 0.8 },
          },
        },
      ],
    });
    assert.deepEqual(
      polls.map((poll) => [poll.method, poll.path, poll.headers.authorization]),
      Array.from({ length: 3 }, () => ['GET', '/v2/consumer/workflows/wf_1', `Bearer ${TEST_KEY}`]),
    );
    const [download] = civitai.blobDownloads().slice(-1);
    assert.equal(download!.path, '/blobs/blob_wf_1.jpeg?sig=abc&exp=1764504000');
    assert.equal(download!.headers.authorization, undefined, 'a signed blob link gets no key');
    assert.equal(result.image.mediaType, 'image/png', 'the JPEG is kept as PNG');
    const { width, height, format } = await sharp(result.image.uint8Array).metadata();
    assert.deepEqual([format, width, height], ['png', 64, 48]);
  });

  it('runs SDXL from its checkpoint AIR, without a LoRA when the kit has none', async () => {
    const seen = civitai.apiRequests().length;
    await generateOne(entry('civitai-sdxl'), { preset: 'draft', size: '1344x768', aspectRatio: '16:9' }, { seed: 11 });
    const [submit] = since(seen);
    assert.deepEqual(submit!.body.steps[0].input, {
      engine: 'sdcpp',
      ecosystem: 'sdxl',
      operation: 'createImage',
      model: SDXL,
      prompt: 'brndgn style, a red bicycle',
      negativePrompt: 'blurry, text',
      width: 1344,
      height: 768,
      steps: 15,
      cfgScale: 7,
      seed: 11,
      quantity: 1,
    });
  });

  it('an expired workflow fails the image in plain words, with the job’s reason', async () => {
    civitai.scripts.push({ statuses: ['scheduled', 'expired'], reason: 'timeout' });
    await assert.rejects(
      generateOne(entry('civitai-flux-dev')),
      /^ProviderError: civitai failed: civitai let the image expire before a worker finished it \(timeout\)\. Try again/,
    );
  });

  it('takes a workflow that already ended at submission (200) without polling', async () => {
    const seen = civitai.apiRequests().length;
    civitai.scripts.push({ statuses: ['succeeded'], endsAtSubmit: true });
    const result = await generateOne(entry('civitai-sdxl'));
    assert.deepEqual(
      since(seen).map((call) => call.method),
      ['POST'],
    );
    assert.equal(result.image.mediaType, 'image/png');
  });

  it('a failed workflow says why: moderation asks for another prompt', async () => {
    civitai.scripts.push({ statuses: ['processing', 'failed'], reason: 'blocked', blockedReason: 'prohibited prompt' });
    await assert.rejects(
      generateOne(entry('civitai-sdxl')),
      /civitai's content moderation blocked the image \(blocked; prohibited prompt\)\. Change the prompt/,
    );
  });

  it('waits out a 429 with Retry-After on submit and submits again; a 429 while polling only delays the poll', async () => {
    const seen = civitai.apiRequests().length;
    civitai.throttleSubmissions = 1;
    civitai.throttlePolls = 1;
    civitai.scripts.push({ statuses: ['processing', 'succeeded'] });
    await generateOne(entry('civitai-flux-dev'));
    const calls = since(seen);
    assert.deepEqual(
      calls.map((call) => call.method),
      ['POST', 'POST', 'GET', 'GET', 'GET'],
      'one throttled submit, one real one, one throttled poll, then two polls',
    );
    assert.deepEqual(calls[1]!.body, calls[0]!.body, 'the same work, submitted once it was let through');
  });

  it('refuses a wrong key in plain words, never repeating the key', async () => {
    const wrong = entriesAgainst('civitai', civitai.origin, { apiKey: 'wrong-key-9876543210', pollIntervalMs: 20 }).get('civitai-sdxl')!;
    await assert.rejects(generateOne(wrong), (error: Error) => {
      assert.match(error.message, /civitai did not accept the API key \(HTTP 401\)\. An administrator needs to check it\./);
      assert.doesNotMatch(error.message, /wrong-key-9876543210/);
      return true;
    });
  });

  it('cancels the workflow with DELETE when the call times out, so it stops costing Buzz', async () => {
    const seen = civitai.apiRequests().length;
    civitai.scripts.push({ statuses: ['processing'] });
    await assert.rejects(generateOne(entry('civitai-sdxl', { timeoutMs: 300 })), /civitai did not answer in time/);
    for (let waited = 0; waited < 5_000 && !since(seen).some((call) => call.method === 'DELETE'); waited += 20) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const cancel = since(seen).find((call) => call.method === 'DELETE');
    assert.ok(cancel, 'the workflow was cancelled');
    assert.equal(cancel.path, `/v2/consumer/workflows/${civitai.submittedIds.at(-1)}`);
    assert.equal(cancel.headers.authorization, `Bearer ${TEST_KEY}`);
  });

  it('keeps to CIVITAI_CONCURRENCY: with a limit of one, the second workflow is submitted after the first ended', async () => {
    const seen = civitai.apiRequests().length;
    civitai.scripts.push({ statuses: ['processing', 'succeeded'] }, { statuses: ['succeeded'] });
    const one = entry('civitai-sdxl', { concurrency: 1 });
    await Promise.all([generateOne(one), generateOne(one)]);
    assert.deepEqual(
      since(seen).map((call) => `${call.method} ${call.path}`),
      [
        'POST /v2/consumer/workflows?wait=0',
        `GET /v2/consumer/workflows/${civitai.submittedIds.at(-2)}`,
        `GET /v2/consumer/workflows/${civitai.submittedIds.at(-2)}`,
        'POST /v2/consumer/workflows?wait=0',
        `GET /v2/consumer/workflows/${civitai.submittedIds.at(-1)}`,
      ],
    );
  });
});

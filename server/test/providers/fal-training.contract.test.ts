import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { TrainerError } from '../../src/domain/training.ts';
import { createFalTrainer } from '../../src/providers/fal/fal-trainer.ts';
import { fakeServers, type FakeHttpServer } from '../fakes/fake-http-server.ts';
import {
  FAKE_REQUEST_ID,
  FAKE_WEIGHTS,
  FAL_TRAINING_PATH,
  falTrainingHandler,
  type FalTrainingScript,
} from '../fakes/fake-fal-training.ts';
import { readZip } from '../support/read-zip.ts';
import { trainerRun } from '../support/trainer-runs.ts';

const runOf = trainerRun({ trainer: 'fal', learningRate: 0.0004 });

const completed = { status: 'COMPLETED', logs: [{ message: 'step 500/500' }] };
const weightsResult = (fake: FakeHttpServer) => ({
  status: 200,
  body: {
    diffusers_lora_file: { url: `${fake.origin}/cdn/weights.safetensors`, file_name: 'pytorch_lora_weights.safetensors' },
    config_file: {},
  },
});

describe('fal.ai FLUX LoRA fast training contract', () => {
  const fakes = fakeServers();
  after(() => fakes.closeAll());

  async function fakeFal(script: (fake: FakeHttpServer) => FalTrainingScript) {
    let handler: ReturnType<typeof falTrainingHandler> | undefined;
    const fake = await fakes.start((request, response, server) =>
      (handler ??= falTrainingHandler(script(server)))(request, response, server),
    );
    const trainer = createFalTrainer({ apiKey: 'fal-test-key', queueBaseUrl: fake.origin, storageBaseUrl: fake.origin, pollIntervalMs: 5 });
    return { fake, trainer };
  }

  it('zips the set with captions beside the pictures, uploads it, submits, polls the logs and downloads the weights', async () => {
    const { fake, trainer } = await fakeFal((server) => ({
      statuses: [
        { status: 202, body: { status: 'IN_QUEUE', queue_position: 0, logs: null } },
        { status: 429, body: { detail: 'Too many requests' }, headers: { 'retry-after': '1' } },
        { status: 202, body: { status: 'IN_PROGRESS', logs: [{ message: 'loading 2 images' }, { message: 'step 250/500' }] } },
        {
          status: 200,
          body: { ...completed, logs: [{ message: 'loading 2 images' }, { message: 'step 250/500' }, { message: 'step 500/500' }] },
        },
      ],
      result: weightsResult(server),
    }));
    const run = runOf();
    const weights = await trainer.train(run);
    assert.deepEqual(Buffer.from(weights.bytes), FAKE_WEIGHTS);
    assert.equal(weights.fileName, 'pytorch_lora_weights.safetensors');
    assert.deepEqual(run.submitted, [FAKE_REQUEST_ID]);
    assert.deepEqual(
      run.progress.map((progress) => [progress.step, progress.logs]),
      [
        [250, ['loading 2 images', 'step 250/500']],
        [500, ['step 500/500']],
      ],
    );

    const [initiate, upload, submit] = fake.requests;
    assert.equal(initiate!.path, '/storage/upload/initiate');
    assert.equal(initiate!.headers.authorization, 'Key fal-test-key');
    assert.deepEqual(initiate!.body, { content_type: 'application/zip', file_name: 'training-set-set-1.zip' });
    assert.equal(upload!.method, 'PUT');
    assert.equal(upload!.path, '/upload/set.zip?signature=s1');
    assert.equal(upload!.headers.authorization, undefined, 'the signed upload link gets no key');
    assert.equal(upload!.headers['content-type'], 'application/zip');
    const zip = await readZip(upload!.raw);
    assert.deepEqual([...zip.keys()], ['001-mug_front.png', '001-mug_front.txt', '002-poster.png', '002-poster.txt']);
    assert.equal(zip.get('001-mug_front.txt')!.toString('utf8'), 'brdgn, a mug seen from the front');
    assert.equal(zip.get('002-poster.txt')!.toString('utf8'), 'brdgn');
    assert.deepEqual([...zip.get('001-mug_front.png')!.subarray(1, 4)], [...Buffer.from('PNG')]);

    assert.equal(submit!.method, 'POST');
    assert.equal(submit!.path, FAL_TRAINING_PATH);
    assert.equal(submit!.headers.authorization, 'Key fal-test-key');
    assert.deepEqual(submit!.body, { images_data_url: `${fake.origin}/cdn/set.zip`, trigger_word: 'brdgn', steps: 500, is_style: true });
    const statusCalls = fake.requests.filter((request) => request.path.endsWith('/status?logs=1'));
    assert.equal(statusCalls.length, 4, 'the 429 was waited out and asked again');
    const download = fake.requests.at(-1)!;
    assert.equal(download.path, '/cdn/weights.safetensors');
    assert.equal(download.headers.authorization, undefined, 'the CDN link gets no key');
  });

  it('resumes a stored request by polling it only: nothing is uploaded or submitted again', async () => {
    const { fake, trainer } = await fakeFal((server) => ({ statuses: [{ status: 200, body: completed }], result: weightsResult(server) }));
    const run = runOf({ providerRequestId: FAKE_REQUEST_ID, step: 120 });
    await trainer.train(run);
    assert.deepEqual(run.submitted, []);
    assert.deepEqual(
      fake.requests.map((request) => `${request.method} ${request.path}`),
      [
        `GET ${FAL_TRAINING_PATH}/requests/${FAKE_REQUEST_ID}/status?logs=1`,
        `GET ${FAL_TRAINING_PATH}/requests/${FAKE_REQUEST_ID}`,
        'GET /cdn/weights.safetensors',
      ],
    );
  });

  it('a failed request, a result without weights and a refused key end in plain words', async () => {
    const failed = await fakeFal(() => ({
      statuses: [{ status: 200, body: completed }],
      result: { status: 422, body: { detail: 'The zip holds no images' } },
    }));
    await assert.rejects(failed.trainer.train(runOf()), (error: unknown) => {
      assert.ok(error instanceof TrainerError);
      assert.equal(error.code, 'provider_error');
      assert.equal(
        error.message,
        'fal.ai answered 422 to the training request. It said: The zip holds no images Nothing was attached; the set is kept.',
      );
      return true;
    });
    const empty = await fakeFal(() => ({
      statuses: [{ status: 200, body: completed }],
      result: { status: 200, body: { config_file: {} } },
    }));
    await assert.rejects(empty.trainer.train(runOf()), { code: 'no_weights' });
    const refused = await fakeFal(() => ({
      statuses: [{ status: 200, body: completed }],
      result: { status: 200, body: {} },
      submit: { status: 401, body: { detail: 'Invalid key' } },
    }));
    await assert.rejects(refused.trainer.train(runOf()), {
      code: 'provider_key_rejected',
      message: 'fal.ai refused the API key. Check FAL_KEY in the settings, then train again.',
    });
  });

  it('a cancel cancels the fal request; a shutdown leaves it running to be resumed', async () => {
    const waiting = {
      statuses: [{ status: 202, body: { status: 'IN_QUEUE', queue_position: 3, logs: null } }],
      result: { status: 200, body: {} },
    };
    const canceled = await fakeFal(() => waiting);
    const cancel = new AbortController();
    const pending = canceled.trainer.train(
      runOf({ providerRequestId: FAKE_REQUEST_ID }, { signal: cancel.signal, canceled: cancel.signal }),
    );
    while (canceled.fake.requests.length < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    cancel.abort();
    await assert.rejects(pending);
    while (!canceled.fake.requests.some((request) => request.method === 'PUT')) await new Promise((resolve) => setTimeout(resolve, 5));
    assert.equal(
      canceled.fake.requests.find((request) => request.method === 'PUT')!.path,
      `${FAL_TRAINING_PATH}/requests/${FAKE_REQUEST_ID}/cancel`,
    );

    const stopped = await fakeFal(() => waiting);
    const shutdown = new AbortController();
    const running = stopped.trainer.train(runOf({ providerRequestId: FAKE_REQUEST_ID }, { signal: shutdown.signal }));
    while (stopped.fake.requests.length < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    shutdown.abort();
    await assert.rejects(running);
    assert.ok(!stopped.fake.requests.some((request) => request.method === 'PUT'), 'no cancel on shutdown');
  });
});

import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { TrainerError } from '../../src/domain/training.ts';
import { createReplicateTrainer } from '../../src/providers/replicate/replicate-trainer.ts';
import { fakeServers, formDataOf, type FakeHttpServer } from '../fakes/fake-http-server.ts';
import {
  FAKE_ACCOUNT,
  FAKE_FILE_ID,
  FAKE_LORA,
  FAKE_TRAINING_ID,
  TRAININGS_PATH,
  replicateTrainingHandler,
  succeeded,
  type ReplicateTrainingScript,
} from '../fakes/fake-replicate-training.ts';
import { readZip } from '../support/read-zip.ts';
import { trainerRun } from '../support/trainer-runs.ts';
import { until } from '../support/until.ts';

const TOKEN = 'r8_test_token_0123456789';
const runOf = trainerRun({ trainer: 'replicate', steps: 1000, learningRate: 0.0003 });
const progressLine = (step: number) =>
  `flux_train_replicate:  ${step / 10}%|###       | ${step}/1000 [01:40<05:00,  1.50it/s, lr: 3.0e-04 loss: 4.1e-01]`;

describe('Replicate FLUX LoRA trainer (ostris) contract', () => {
  const fakes = fakeServers();
  after(() => fakes.closeAll());

  async function fakeReplicate(script: (fake: FakeHttpServer) => ReplicateTrainingScript, owner?: string) {
    let handler: ReturnType<typeof replicateTrainingHandler> | undefined;
    const fake = await fakes.start((request, response, server) =>
      (handler ??= replicateTrainingHandler(script(server)))(request, response, server),
    );
    const trainer = createReplicateTrainer({ apiKey: TOKEN, baseUrl: `${fake.origin}/v1`, destinationOwner: owner, pollIntervalMs: 5 });
    return { fake, trainer };
  }

  it('creates the missing destination, uploads the zip, starts the training, follows its logs and unpacks the weights', async () => {
    const { fake, trainer } = await fakeReplicate((server) => ({
      polls: [
        { training: { status: 'starting', logs: '' } },
        { status: 429, headers: { 'retry-after': '1' }, training: { detail: 'Request was throttled.' } },
        { training: { status: 'processing', logs: `Preparing dataset\n${progressLine(250)}` } },
        { training: succeeded(server, `Preparing dataset\n${progressLine(250)}\n${progressLine(1000)}\nSaved lora.safetensors`) },
      ],
    }));
    const run = runOf();
    const weights = await trainer.train(run);
    assert.deepEqual(Buffer.from(weights.bytes), FAKE_LORA, 'the LoRA inside the tar, not the tar');
    assert.equal(weights.fileName, 'lora.safetensors');
    assert.deepEqual(run.submitted, [FAKE_TRAINING_ID]);
    assert.deepEqual(
      run.progress.map((progress) => [progress.step, progress.logs]),
      [
        [250, ['Preparing dataset', progressLine(250)]],
        [1000, [progressLine(1000), 'Saved lora.safetensors']],
      ],
    );

    const [account, lookup, create, upload, start] = fake.requests;
    for (const request of [account, lookup, create, upload, start]) assert.equal(request!.headers.authorization, `Bearer ${TOKEN}`);
    assert.equal(`${account!.method} ${account!.path}`, 'GET /v1/account');
    assert.equal(`${lookup!.method} ${lookup!.path}`, `GET /v1/models/${FAKE_ACCOUNT}/brandgen-brand-1`);
    assert.equal(`${create!.method} ${create!.path}`, 'POST /v1/models');
    assert.equal(create!.headers['content-type'], 'application/json');
    assert.deepEqual(create!.body, {
      owner: FAKE_ACCOUNT,
      name: 'brandgen-brand-1',
      visibility: 'private',
      hardware: 'gpu-t4',
      description: 'LoRAs trained by Brandgen for one brand',
    });

    assert.equal(`${upload!.method} ${upload!.path}`, 'POST /v1/files');
    assert.match(String(upload!.headers['content-type']), /^multipart\/form-data; boundary=/u);
    const form = await formDataOf(upload!);
    const content = form.get('content') as File;
    assert.equal(content.name, 'training-set-set-1.zip');
    assert.equal(content.type, 'application/zip');
    assert.deepEqual(JSON.parse(await (form.get('metadata') as File).text()), { brandgen_training_id: 'training-1' });
    const zip = await readZip(Buffer.from(await content.arrayBuffer()));
    assert.deepEqual([...zip.keys()], ['001-mug_front.png', '001-mug_front.txt', '002-poster.png', '002-poster.txt']);
    assert.equal(zip.get('001-mug_front.txt')!.toString('utf8'), 'brdgn, a mug seen from the front');
    assert.equal(zip.get('002-poster.txt')!.toString('utf8'), 'brdgn');
    assert.deepEqual([...zip.get('002-poster.png')!.subarray(1, 4)], [...Buffer.from('PNG')]);

    assert.equal(`${start!.method} ${start!.path}`, `POST ${TRAININGS_PATH}`);
    assert.deepEqual(start!.body, {
      destination: `${FAKE_ACCOUNT}/brandgen-brand-1`,
      input: {
        input_images: `${fake.origin}/v1/files/${FAKE_FILE_ID}`,
        trigger_word: 'brdgn',
        steps: 1000,
        learning_rate: 0.0003,
        autocaption: false,
      },
    });
    const polls = fake.requests.filter((request) => request.path === `/v1/trainings/${FAKE_TRAINING_ID}`);
    assert.equal(polls.length, 4, 'the 429 was waited out and asked again');
    assert.ok(polls.every((poll) => poll.method === 'GET' && poll.headers.authorization === `Bearer ${TOKEN}`));
    const download = fake.requests.at(-1)!;
    assert.equal(download.path, '/delivery/trained_model.tar');
    assert.equal(download.headers.authorization, undefined, 'the delivery link gets no token');
  });

  it('uses a configured owner and an existing destination without asking for the account or creating a model', async () => {
    const { fake, trainer } = await fakeReplicate(
      (server) => ({ destinationExists: true, polls: [{ training: succeeded(server) }] }),
      'acme-org',
    );
    await trainer.train(runOf());
    assert.deepEqual(
      fake.requests.slice(0, 3).map((request) => `${request.method} ${request.path}`),
      ['GET /v1/models/acme-org/brandgen-brand-1', 'POST /v1/files', `POST ${TRAININGS_PATH}`],
    );
    assert.equal(fake.requests[2]!.body.destination, 'acme-org/brandgen-brand-1');
  });

  it('resumes a stored training by polling it only: nothing is created, uploaded or started again', async () => {
    const { fake, trainer } = await fakeReplicate((server) => ({ polls: [{ training: succeeded(server) }] }));
    const run = runOf({ providerRequestId: FAKE_TRAINING_ID, step: 400 });
    await trainer.train(run);
    assert.deepEqual(run.submitted, []);
    assert.deepEqual(
      fake.requests.map((request) => `${request.method} ${request.path}`),
      [`GET /v1/trainings/${FAKE_TRAINING_ID}`, 'GET /delivery/trained_model.tar'],
    );
  });

  it('a failed training, one canceled on Replicate, one without weights, a refused token and a refused start end in plain words', async () => {
    const failed = await fakeReplicate(() => ({
      polls: [{ training: { status: 'failed', error: 'CUDA out of memory', logs: 'Traceback …' } }],
    }));
    await assert.rejects(failed.trainer.train(runOf()), {
      code: 'provider_failed',
      message: "Replicate's training failed: CUDA out of memory. Nothing was attached; the set is kept for another try.",
    });
    const canceled = await fakeReplicate(() => ({ polls: [{ training: { status: 'canceled' } }] }));
    await assert.rejects(canceled.trainer.train(runOf()), {
      code: 'provider_canceled',
      message: 'The training was canceled on Replicate. Nothing was attached; the set is kept for another try.',
    });
    const empty = await fakeReplicate(() => ({ polls: [{ training: { status: 'succeeded', output: { version: 'x' } } }] }));
    await assert.rejects(empty.trainer.train(runOf()), { code: 'no_weights' });
    const hollow = await fakeReplicate((server) => ({ polls: [{ training: succeeded(server) }], weights: Buffer.alloc(1024) }));
    const notTar = await hollow.trainer.train(runOf());
    assert.equal(notTar.fileName, 'lora.safetensors', 'bytes that are no tar are handed on for the safetensors check');
    const refused = await fakeReplicate(() => ({
      polls: [],
      create: { status: 401, body: { title: 'Unauthenticated', detail: 'Invalid token.', status: 401 } },
    }));
    await assert.rejects(refused.trainer.train(runOf()), {
      code: 'provider_key_rejected',
      message: 'Replicate refused the API key. Check REPLICATE_API_TOKEN in the settings, then train again.',
    });
    const invalid = await fakeReplicate(() => ({
      polls: [],
      create: { status: 422, body: { title: 'Input validation failed', detail: 'input_images: Does not match format uri', status: 422 } },
    }));
    await assert.rejects(invalid.trainer.train(runOf()), (error: unknown) => {
      assert.ok(error instanceof TrainerError);
      assert.equal(
        error.message,
        'Replicate answered 422 to the training request. It said: input_images: Does not match format uri Nothing was attached; the set is kept.',
      );
      return true;
    });
  });

  it('a cancel cancels the Replicate training; a shutdown leaves it running to be resumed', async () => {
    const waiting = () => ({ polls: [{ training: { status: 'processing', logs: progressLine(10) } }] });
    const canceled = await fakeReplicate(waiting);
    const cancel = new AbortController();
    const pending = canceled.trainer.train(
      runOf({ providerRequestId: FAKE_TRAINING_ID }, { signal: cancel.signal, canceled: cancel.signal }),
    );
    await until('a poll', () => canceled.fake.requests.length >= 2);
    cancel.abort();
    await assert.rejects(pending);
    await until('the cancel request', () => canceled.fake.requests.some((request) => request.method === 'POST'));
    const cancelRequest = canceled.fake.requests.find((request) => request.method === 'POST')!;
    assert.equal(cancelRequest.path, `/v1/trainings/${FAKE_TRAINING_ID}/cancel`);
    assert.equal(cancelRequest.headers.authorization, `Bearer ${TOKEN}`);

    const stopped = await fakeReplicate(waiting);
    const shutdown = new AbortController();
    const running = stopped.trainer.train(runOf({ providerRequestId: FAKE_TRAINING_ID }, { signal: shutdown.signal }));
    await until('a poll', () => stopped.fake.requests.length >= 2);
    shutdown.abort();
    await assert.rejects(running);
    assert.ok(!stopped.fake.requests.some((request) => request.method === 'POST'), 'no cancel on shutdown');
  });
});

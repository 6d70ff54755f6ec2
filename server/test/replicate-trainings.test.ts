import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { createBrandgen } from '../src/app.ts';
import { fakeServers, type FakeHttpServer } from './fakes/fake-http-server.ts';
import {
  FAKE_LORA,
  FAKE_TRAINING_ID,
  TRAININGS_PATH,
  replicateTrainingHandler,
  succeeded,
  type ReplicateTrainingScript,
} from './fakes/fake-replicate-training.ts';
import { readEventStream, readEventsUntil } from './support/read-sse.ts';
import { startTestBrandgen, type TestBrandgen } from './support/test-brandgen.ts';
import { describeEachDatabase, type TestDatabase } from './support/test-database.ts';
import { brandLoras, brandRoute, brandVersions, createSet } from './support/training-flow.ts';
import { callApi as call } from './support/training-images.ts';
import { until } from './support/until.ts';

const TOKEN = 'r8_integration_token_0123456789';
const progressLine = (step: number) => `flux_train_replicate: | ${step}/400 [00:10<00:30]`;
const processing = (step: number) => ({ training: { status: 'processing', logs: progressLine(step) } });

/** A fake Replicate and a Brandgen using it with the token from the environment, polling every 20 ms. */
async function replicateAndBrandgen(database: TestDatabase, script: (fake: FakeHttpServer) => ReplicateTrainingScript) {
  const fakes = fakeServers();
  let handler: ReturnType<typeof replicateTrainingHandler> | undefined;
  let scripted: ReplicateTrainingScript | undefined;
  const replicate = await fakes.start((request, response, server) =>
    (handler ??= replicateTrainingHandler((scripted = script(server))))(request, response, server),
  );
  const app = await startTestBrandgen(
    { ...(await database.environment()), REPLICATE_API_TOKEN: TOKEN, REPLICATE_BASE_URL: `${replicate.origin}/v1` },
    { retentionSweepIntervalMs: 0, trainingPollIntervalMs: 20 },
  );
  return {
    app,
    replicate,
    script: () => scripted!,
    sent: (method: string, path: string) => replicate.requests.filter((request) => request.method === method && request.path === path),
    async close() {
      await app.close();
      await fakes.closeAll();
    },
  };
}

async function startOnReplicate(app: TestBrandgen, steps = 400) {
  const set = await createSet(app, 10);
  const started = await call(app, 'POST', `${brandRoute}/trainings`, { set_id: set.id, trainer: 'replicate', family: 'flux', steps });
  assert.equal(started.status, 202, JSON.stringify(started.body));
  return { set, training: started.body };
}

describeEachDatabase('training on Replicate (against a local fake of its API)', (database) => {
  test('offered with a Replicate token at its price, trained, stored from the tar and attached as a new version', async () => {
    const { app, replicate, sent, close } = await replicateAndBrandgen(database, (server) => ({
      polls: [processing(200), { training: succeeded(server, `${progressLine(200)}\n${progressLine(400)}`) }],
    }));
    try {
      const offered = (await call(app, 'GET', '/api/trainers')).body.trainers.find((trainer: any) => trainer.id === 'replicate');
      assert.deepEqual(
        [offered.label, offered.families, offered.default_steps, offered.usd_per_thousand_steps, offered.estimated_cost_usd],
        ['Replicate FLUX LoRA trainer (ostris)', ['flux'], 1000, 1.85, 1.85],
      );
      const versionsBefore = (await brandVersions(app)).length;
      const { set, training: started } = await startOnReplicate(app);
      assert.equal(started.estimated_cost_usd, 0.74);
      const stream = await readEventStream(`${app.baseUrl}${started.events_url}`, {}, 60_000);
      assert.equal(stream.events.at(-1)?.event, 'complete', JSON.stringify(stream.events.at(-1)));
      assert.deepEqual(
        stream.events.filter((event) => event.event === 'progress').map((event) => event.data.step),
        [200, 400],
      );
      const training = (await call(app, 'GET', `/api/trainings/${started.id}`)).body;
      assert.equal(training.provider_request_id, FAKE_TRAINING_ID);
      const lora = (await brandLoras(app)).find((candidate) => candidate.id === training.id);
      assert.equal(lora.source, 'trained');
      assert.equal(lora.file_name, 'lora.safetensors');
      assert.equal(lora.sha256, createHash('sha256').update(FAKE_LORA).digest('hex'));
      assert.deepEqual(lora.training, { trainer: 'replicate', steps: 400, set_id: set.id, estimated_cost_usd: 0.74 });
      assert.equal((await brandVersions(app)).length, versionsBefore + 1);
      assert.equal((await call(app, 'GET', brandRoute)).body.kit.lora.by_family.flux.lora_id, lora.id);
      const [start] = sent('POST', TRAININGS_PATH);
      assert.equal(start!.headers.authorization, `Bearer ${TOKEN}`);
      assert.deepEqual([start!.body.input.trigger_word, start!.body.input.steps, start!.body.input.learning_rate], ['brdgn', 400, 0.0004]);
      assert.match(start!.body.destination, /^acme-studio\/brandgen-/u);
      assert.equal(replicate.requests.at(-1)!.headers.authorization, undefined, 'the weights link gets no token');
    } finally {
      await close();
    }
  });

  test('a training interrupted by a restart resumes polling its stored id and attaches once', async () => {
    const { app, replicate, script, sent, close } = await replicateAndBrandgen(database, () => ({ polls: [processing(100)] }));
    try {
      const versionsBefore = (await brandVersions(app)).length;
      const { training: started } = await startOnReplicate(app);
      await readEventsUntil(`${app.baseUrl}${started.events_url}`, {
        done: (events) => events.some((event) => event.event === 'progress'),
      });
      assert.equal((await call(app, 'GET', `/api/trainings/${started.id}`)).body.provider_request_id, FAKE_TRAINING_ID);
      await app.brandgen.stop();
      script().polls.push({ training: succeeded(replicate) });
      app.brandgen = await createBrandgen(app.config, { retentionSweepIntervalMs: 0, trainingPollIntervalMs: 20 });
      app.baseUrl = await app.brandgen.start();
      const stream = await readEventStream(`${app.baseUrl}${started.events_url}`, {}, 60_000);
      assert.equal(stream.events.at(-1)?.event, 'complete', JSON.stringify(stream.events.at(-1)));
      assert.equal(sent('POST', TRAININGS_PATH).length, 1, 'started once on Replicate');
      assert.equal(sent('POST', '/v1/files').length, 1, 'uploaded once');
      assert.equal((await brandLoras(app)).filter((lora) => lora.id === started.id).length, 1);
      assert.equal((await brandVersions(app)).length, versionsBefore + 1);
    } finally {
      await close();
    }
  });

  test('a cancel cancels the training on Replicate; a failed one ends in its own words; neither attaches anything', async () => {
    const { app, sent, close } = await replicateAndBrandgen(database, () => ({ polls: [processing(50)] }));
    try {
      const { set, training: started } = await startOnReplicate(app);
      await readEventsUntil(`${app.baseUrl}${started.events_url}`, {
        done: (events) => events.some((event) => event.event === 'progress'),
      });
      assert.equal((await call(app, 'POST', `/api/trainings/${started.id}/cancel`)).status, 200);
      const stream = await readEventStream(`${app.baseUrl}${started.events_url}`, {}, 60_000);
      assert.equal(stream.events.at(-1)?.event, 'failed');
      assert.equal(stream.events.at(-1)?.data.error.code, 'canceled');
      await until('the cancel sent to Replicate', () => sent('POST', `/v1/trainings/${FAKE_TRAINING_ID}/cancel`).length === 1);
      assert.equal(sent('POST', `/v1/trainings/${FAKE_TRAINING_ID}/cancel`)[0]!.headers.authorization, `Bearer ${TOKEN}`);
      assert.equal((await call(app, 'GET', `/api/trainings/${started.id}`)).body.status, 'canceled');
      assert.deepEqual(await brandLoras(app), []);
      assert.equal((await call(app, 'GET', `${brandRoute}/training-sets/${set.id}`)).status, 200, 'the set is kept');
    } finally {
      await close();
    }
    const failing = await replicateAndBrandgen(database, () => ({
      polls: [{ training: { status: 'failed', error: 'No images found in the zip', logs: 'Extracting…' } }],
    }));
    try {
      const { training: started } = await startOnReplicate(failing.app);
      const stream = await readEventStream(`${failing.app.baseUrl}${started.events_url}`, {}, 60_000);
      assert.equal(stream.events.at(-1)?.event, 'failed');
      const training = (await call(failing.app, 'GET', `/api/trainings/${started.id}`)).body;
      assert.deepEqual(training.error, {
        code: 'provider_failed',
        message: "Replicate's training failed: No images found in the zip. Nothing was attached; the set is kept for another try.",
      });
      assert.deepEqual(await brandLoras(failing.app), []);
    } finally {
      await failing.close();
    }
  });
});

describeEachDatabase('the Replicate trainer with a token saved on the Settings page', (database) => {
  test('offered once an administrator saves a Replicate token, trained with that token, and gone again when it is removed', async () => {
    const fakes = fakeServers();
    let handler: ReturnType<typeof replicateTrainingHandler> | undefined;
    const replicate = await fakes.start((request, response, server) =>
      (handler ??= replicateTrainingHandler({ polls: [{ training: succeeded(server) }] }))(request, response, server),
    );
    const app = await startTestBrandgen(await database.environment(), { retentionSweepIntervalMs: 0, trainingPollIntervalMs: 20 });
    try {
      const offered = async () =>
        ((await call(app, 'GET', '/api/trainers')).body.trainers as { id: string }[]).map((trainer) => trainer.id);
      assert.deepEqual(await offered(), ['demo']);
      const saved = await call(app, 'PUT', '/api/admin/providers/replicate', {
        api_key: 'r8_saved_token_0123456789',
        base_url: `${replicate.origin}/v1`,
      });
      assert.equal(saved.status, 200, JSON.stringify(saved.body));
      assert.deepEqual(await offered(), ['demo', 'replicate']);
      const { training: started } = await startOnReplicate(app);
      const stream = await readEventStream(`${app.baseUrl}${started.events_url}`, {}, 60_000);
      assert.equal(stream.events.at(-1)?.event, 'complete', JSON.stringify(stream.events.at(-1)));
      const toApi = replicate.requests.filter((request) => request.path.startsWith('/v1/'));
      assert.deepEqual(
        toApi.map((request) => [request.path, request.headers.authorization]),
        toApi.map((request) => [request.path, 'Bearer r8_saved_token_0123456789']),
      );
      assert.equal((await call(app, 'DELETE', '/api/admin/providers/replicate')).status, 200);
      assert.deepEqual(await offered(), ['demo']);
    } finally {
      await app.close();
      await fakes.closeAll();
    }
  });
});

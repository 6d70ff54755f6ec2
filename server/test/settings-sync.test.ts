import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { openDatabase } from '../src/db/database.ts';
import { fakeServers, sendJson } from './fakes/fake-http-server.ts';
import { queueDeployment } from './support/queue-deployment.ts';
import type { ServerProcess } from './support/server-process.ts';
import { postJson, waitForJob } from './support/test-brandgen.ts';
import { createPostgresSchema, postgresSkipReason } from './support/test-database.ts';
import { redisSkipReason } from './support/test-redis.ts';
import { until } from './support/until.ts';

const FIRST_KEY = 'fal-first-key-1a2b3c4d';
const ROTATED_KEY = 'fal-rotated-key-5e6f7a8b';
const MODEL = 'fal-flux-schnell';
/** The promise: every process applies a settings change within 5 s. */
const SETTINGS_DEADLINE = { timeoutMs: 5_000, intervalMs: 50 };

// Two API processes and a worker on PostgreSQL and Redis. A fal key saved, rotated and deleted on API process A must
// change the models of B and of the worker, and after a change no process may send a withdrawn key to the provider.
describe('provider settings across processes', { skip: postgresSkipReason ?? redisSkipReason ?? false }, () => {
  const cleanups: Array<() => Promise<void>> = [];
  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  test('a key saved, rotated and deleted on one API process reaches the other and the worker', { timeout: 180_000 }, async () => {
    // The fake fal answers at once, or holds every call while `holding` is set (a slow model), until released.
    let holding = false;
    const held: Array<() => void> = [];
    const calls: Array<{ at: number; authorization: string; prompt: string }> = [];
    const fakes = fakeServers();
    cleanups.push(() => fakes.closeAll());
    const fal = await fakes.start(async (request, response, fake) => {
      calls.push({ at: Date.now(), authorization: String(request.headers.authorization), prompt: String(request.body?.prompt ?? '') });
      if (holding) await new Promise<void>((resolve) => held.push(resolve));
      sendJson(response, 200, { images: [{ url: fake.imageUrl('a.png') }], seed: request.body?.seed });
    });
    const release = () => {
      holding = false;
      for (const answer of held.splice(0)) answer();
    };
    const callsFor = (word: string) => calls.filter((call) => call.prompt.includes(word));

    const schema = await createPostgresSchema();
    cleanups.push(schema.drop);
    // The interval is out of reach of this test: only the announcement (or a reconnection) can meet the deadline.
    const deployment = await queueDeployment(
      { engine: 'postgres', environment: async () => ({ DATABASE_URL: schema.url }), open: async () => openDatabase(schema.url) },
      { BRANDGEN_SETTINGS_REFRESH_MS: '3600000', BRANDGEN_SECRET_KEY: 'c'.repeat(64) },
    );
    cleanups.push(() => deployment.close());
    const apiA = await deployment.start('api', 0);
    const apiB = await deployment.start('api', 0);
    const worker = await deployment.start('worker', 0);

    const listsModel = async (api: ServerProcess) =>
      ((await (await fetch(`${api.baseUrl}/api/models`)).json()) as { models: Array<{ id: string }> }).models.some(
        (model) => model.id === MODEL,
      );
    const workerRuns = async () =>
      new RegExp(`^brandgen_model_available\\{[^}]*model="${MODEL}"[^}]*\\} 1$`, 'm').test(
        await (await fetch(`${worker.baseUrl}/metrics`)).text(),
      );
    const saveKey = (apiKey: string) =>
      fetch(`${apiA.baseUrl}/api/admin/providers/fal`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ api_key: apiKey, base_url: fal.origin }),
      });
    const generate = async (api: ServerProcess, prompt: string) => {
      const response = await postJson(api.baseUrl, '/api/generate', { prompt, model: MODEL });
      assert.equal(response.status, 202, await response.clone().text());
      return ((await response.json()) as { job_id: string }).job_id;
    };

    assert.equal(await listsModel(apiB), false, 'no fal key anywhere yet');

    // Saved on A: B offers the model and the worker runs it, within the deadline.
    assert.equal((await saveKey(FIRST_KEY)).status, 200);
    assert.equal(await listsModel(apiA), true, 'A applies its own change before answering');
    await until('B to list the fal model', () => listsModel(apiB), SETTINGS_DEADLINE);
    await until('the worker to offer the fal model', workerRuns, SETTINGS_DEADLINE);
    const first = await waitForJob(apiB.baseUrl, await generate(apiB, 'a lighthouse'), 60_000);
    assert.equal(first.status, 'complete', JSON.stringify(first.error));
    assert.ok(callsFor('lighthouse').length >= 4);
    assert.ok(callsFor('lighthouse').every((call) => call.authorization === `Key ${FIRST_KEY}`));

    // Rotated on A while a job's calls are under way with the first key: they stop, and the job finishes on the new one.
    holding = true;
    const rotating = await generate(apiB, 'a harbour');
    await until('the worker to call fal for the harbour', () => callsFor('harbour').length >= 2);
    const rotatedAt = Date.now();
    assert.equal((await saveKey(ROTATED_KEY)).status, 200);
    await until(
      'the worker to call fal again with the rotated key',
      () => callsFor('harbour').some((call) => call.at >= rotatedAt),
      SETTINGS_DEADLINE,
    );
    release();
    const rotated = await waitForJob(apiA.baseUrl, rotating, 60_000);
    assert.equal(rotated.status, 'complete', JSON.stringify(rotated.error));
    // Calls the worker started between the save and the announcement's arrival may still carry the first key (they are
    // held, then stopped by the rotation); from the worker's first call with the rotated key on, the first never returns.
    const rotatedCalls = calls.filter((call) => call.authorization === `Key ${ROTATED_KEY}`);
    assert.ok(rotatedCalls.length >= 4, 'the four images are made with the rotated key');
    const switchedAt = Math.min(...rotatedCalls.map((call) => call.at));
    assert.deepEqual(
      calls.filter((call) => call.at > switchedAt && call.authorization !== `Key ${ROTATED_KEY}`),
      [],
      'the first key is never sent again',
    );

    // Deleted on A while one job's calls are under way and another job waits in the queue behind it.
    holding = true;
    const running = await generate(apiA, 'a windmill');
    await until('the worker to call fal for the windmill', () => callsFor('windmill').length >= 2);
    const queued = await generate(apiB, 'a glacier');
    const deletedAt = Date.now();
    assert.equal((await fetch(`${apiA.baseUrl}/api/admin/providers/fal`, { method: 'DELETE' })).status, 200);
    assert.equal(await listsModel(apiA), false);
    await until('B to stop listing the fal model', async () => !(await listsModel(apiB)), SETTINGS_DEADLINE);
    await until('the worker to stop offering the fal model', async () => !(await workerRuns()), SETTINGS_DEADLINE);
    const finished = async (jobId: string) =>
      ((await (await fetch(`${apiB.baseUrl}/api/jobs/${jobId}`)).json()) as { status: string }).status === 'failed';
    await until('both jobs to fail', async () => (await finished(running)) && (await finished(queued)), { timeoutMs: 20_000 });
    release();

    for (const jobId of [running, queued]) {
      const job = await waitForJob(apiB.baseUrl, jobId);
      assert.equal(job.error.code, 'model_unavailable');
      assert.match(
        job.error.message,
        /^The fal\.ai key was removed by an administrator, so FLUX\.1 \[schnell\] \(fal\.ai\) is no longer available/,
      );
      assert.doesNotMatch(job.error.message, new RegExp(`${ROTATED_KEY}|${FIRST_KEY}|\\n\\s+at |\\.ts:`));
    }
    assert.equal(callsFor('glacier').length, 0, 'the queued job never reached the provider');
    assert.deepEqual(
      calls.filter((call) => call.at >= deletedAt),
      [],
      'no process sent any fal key after the deletion',
    );
  });
});

import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startOwnRedis, stopProcess } from './support/own-redis.ts';
import { withinTime } from '../src/timing/within-time.ts';
import { readEventStream } from './support/read-sse.ts';
import { freePort } from './support/server-process.ts';
import { postJson, startTestBrandgen, waitForJob, type TestBrandgen } from './support/test-brandgen.ts';
import { redisSkipReason } from './support/test-redis.ts';

/** Long enough for the documented waits on Redis (3 s for a queue add); a hung request fails the test. */
const ANSWER_WITHIN_MS = 10_000;

async function send(app: TestBrandgen, method: string, route: string, body?: unknown): Promise<Response> {
  return fetch(`${app.baseUrl}${route}`, {
    method,
    ...(body !== undefined && { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(ANSWER_WITHIN_MS),
  }).catch((error: unknown) => {
    throw new Error(`${method} ${route} did not answer within ${ANSWER_WITHIN_MS} ms`, { cause: error });
  });
}

async function jobIdOf(response: Response): Promise<string> {
  assert.equal(response.status, 202, `${response.url}: ${await response.clone().text()}`);
  return ((await response.json()) as { job_id: string }).job_id;
}

describe(
  'Redis down: every route answers without a 5xx, and accepted jobs run once Redis is back',
  { skip: redisSkipReason ?? false },
  () => {
    let directory: string;
    let port: number;
    let redis: ChildProcess;
    let app: TestBrandgen;

    before(async () => {
      directory = await mkdtemp(path.join(os.tmpdir(), 'brandgen-redis-outage-'));
      port = await freePort();
      redis = await startOwnRedis(port, directory);
      app = await startTestBrandgen({
        REDIS_URL: `redis://127.0.0.1:${port}`,
        BRANDGEN_QUEUE_RECONCILE_MS: '300',
        BRANDGEN_RATE_LIMIT_PER_MINUTE: '100',
      });
    });
    after(async () => {
      // Closing twice is harmless; a test that failed midway leaves the app open.
      await app?.close().catch(() => {});
      if (redis) await stopProcess(redis, 'SIGKILL');
      await rm(directory, { recursive: true, force: true });
    });

    test('generate, more, variations, edit, project generate, batches, device code, SSE and metrics', { timeout: 120_000 }, async () => {
      // Made while Redis is up: a finished job with images, and a project.
      const first = await jobIdOf(await postJson(app.baseUrl, '/api/generate', { prompt: 'a lighthouse at dusk' }));
      await waitForJob(app.baseUrl, first);
      const image = ((await (await fetch(`${app.baseUrl}/api/images?job_id=${first}`)).json()) as { images: Array<{ id: string }> })
        .images[0]!;
      const project = (await (
        await postJson(app.baseUrl, '/api/projects', { name: 'Harbour', brief: { brand_name: 'Harbour' } })
      ).json()) as { id: string };

      await stopProcess(redis, 'SIGKILL');

      const accepted = [
        await jobIdOf(await send(app, 'POST', '/api/generate', { prompt: 'a harbour in fog' })),
        await jobIdOf(await send(app, 'POST', `/api/jobs/${first}/more`)),
        await jobIdOf(await send(app, 'POST', `/api/images/${image.id}/variations`, {})),
        await jobIdOf(await send(app, 'POST', `/api/images/${image.id}/edit`, { instruction: 'make the sky orange' })),
        await jobIdOf(await send(app, 'POST', `/api/projects/${project.id}/generate`, { prompt: 'a harbour poster' })),
      ];
      const batch = await send(app, 'POST', '/api/batches', { prompts: ['a buoy', 'a gull'] });
      assert.equal(batch.status, 201, await batch.clone().text());
      accepted.push(...((await batch.json()) as { jobs: Array<{ job_id: string }> }).jobs.map((job) => job.job_id));

      const device = await send(app, 'POST', '/api/auth/device/code', { client_id: 'outage-test' });
      assert.equal(device.status, 200, await device.clone().text());

      // Every accepted job is in the database while Redis is away.
      for (const jobId of accepted) assert.equal((await send(app, 'GET', `/api/jobs/${jobId}`)).status, 200);

      const metrics = await send(app, 'GET', '/metrics');
      assert.equal(metrics.status, 200, await metrics.clone().text());
      assert.match(await metrics.text(), /brandgen_jobs\{status="queued"/);
      // Readiness is the one place that says Redis is missing, as a probe should.
      const ready = await send(app, 'GET', '/api/ready');
      assert.equal(ready.status, 503);
      assert.equal(((await ready.json()) as { checks: { queue: string } }).checks.queue, 'unreachable');

      // A stream opened during the outage follows its job to the end, which comes after Redis is back.
      const stream = readEventStream(`${app.baseUrl}/api/jobs/${accepted[0]}/events`, {}, 60_000);
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      redis = await startOwnRedis(port, directory);

      for (const jobId of accepted) assert.equal((await waitForJob(app.baseUrl, jobId, 60_000)).status, 'complete', jobId);
      const events = await stream;
      assert.equal(events.status, 200);
      assert.equal(events.events[0]!.event, 'state');
      assert.deepEqual(
        events.events.slice(-2).map((event) => event.event),
        ['complete', 'filed'],
      );
    });

    test('the process stops while Redis is away, leaving nothing running', { timeout: 60_000 }, async () => {
      await stopProcess(redis, 'SIGKILL');
      // Redis stays away: nothing the stop leaves behind may go on (BullMQ's lock renewal once did, for good).
      await withinTime(app.close(), 30_000, 'Brandgen did not stop within 30 s while Redis was away');
      // What a stop closes may take a moment to finish closing (a socket's end); what it forgot never does.
      let left: string[] = [];
      for (let attempt = 0; attempt < 100; attempt++) {
        left = process.getActiveResourcesInfo().filter((resource) => resource !== 'PipeWrap');
        if (left.length === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.deepEqual(left, [], 'timers or sockets are still active 10 s after the stop');
    });
  },
);

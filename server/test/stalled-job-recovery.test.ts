import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { openDatabase, type DatabaseConnection } from '../src/db/database.ts';
import { modelCallsOf, startServerProcess, stopServerProcess, type ServerProcess } from './support/server-process.ts';
import { postJson } from './support/test-brandgen.ts';
import { describeEachDatabase } from './support/test-database.ts';
import { until } from './support/until.ts';
import { deleteRedisKeys, redisSkipReason, testRedisUrl, uniqueRedisPrefix } from './support/test-redis.ts';



// BullMQ's promise: a job whose worker stops renewing its lock is taken by another worker, and the job still completes
// exactly once. Worker A takes the job and is frozen (SIGSTOP) mid-run; worker B's stalled check hands it to B.
// Then A thaws and finishes its own, now stale, run: nothing it does may show twice.
if (redisSkipReason) test('stalled-job recovery', { skip: redisSkipReason }, () => {});
else {
  describeEachDatabase('a job whose worker stalls is recovered by another worker', (database) => {
    const cleanups: Array<() => Promise<void>> = [];
    after(async () => {
      for (const cleanup of cleanups.reverse()) await cleanup();
    });

    test('and completes exactly once: four images, each slot announced once, one library row each', { timeout: 240_000 }, async () => {
      const dataDirectory = await mkdtemp(path.join(os.tmpdir(), 'brandgen-stalled-'));
      const prefix = uniqueRedisPrefix();
      cleanups.push(async () => {
        await deleteRedisKeys(testRedisUrl!, prefix);
        await rm(dataDirectory, { recursive: true, force: true });
      });
      const databaseEnvironment = await database.environment();
      // SQLite is one file on one machine: every process does everything (role "all") and shares the data folder.
      // PostgreSQL gets the scaled layout: an API process and worker processes.
      const workerRole = database.engine === 'sqlite' ? 'all' : 'worker';
      const environment = (role: string, demoLatencyMs: number) => ({
        ...databaseEnvironment,
        BRANDGEN_ROLE: role,
        REDIS_URL: testRedisUrl!,
        BRANDGEN_REDIS_PREFIX: prefix,
        BRANDGEN_DATA_DIR: dataDirectory,
        BRANDGEN_DEMO_LATENCY_MS: String(demoLatencyMs),
        BRANDGEN_CONCURRENCY: '1',
        BRANDGEN_JOB_LOCK_MS: '2000',
        BRANDGEN_QUEUE_RECONCILE_MS: '600000',
      });
      const processes: ServerProcess[] = [];
      cleanups.push(async () => {
        for (const server of processes) {
          server.child.kill('SIGCONT');
          await stopServerProcess(server, 3_000);
        }
      });
      // A's model is slow enough that A is surely mid-run when frozen.
      const workerA = await startServerProcess(environment(workerRole, 8_000), 60_000);
      processes.push(workerA);
      const api = database.engine === 'sqlite' ? workerA : await startServerProcess(environment('api', 8_000), 60_000);
      if (api !== workerA) processes.push(api);

      const connection: DatabaseConnection = openDatabase(databaseEnvironment.DATABASE_URL ?? path.join(dataDirectory, 'brandgen.sqlite'));
      cleanups.push(() => connection.destroy());
      const status = async (jobId: string) =>
        (await connection.selectFrom('jobs').select('status').where('id', '=', jobId).executeTakeFirst())?.status;

      const response = await postJson(api.baseUrl, '/api/generate', { prompt: 'a lighthouse at dusk', seed: 7 });
      assert.equal(response.status, 202);
      const jobId = ((await response.json()) as { job_id: string }).job_id;
      // Each slot's attempt is counted just before its model call, so A is frozen with all four calls in flight
      // (frozen any earlier, A would thaw to find B's images and adopt them without calling the model).
      await until('worker A to call the model for every slot', async () => {
        const slots = await connection.selectFrom('job_images').select('attempts').where('job_id', '=', jobId).execute();
        return slots.length === 4 && slots.every((slot) => slot.attempts > 0);
      });
      workerA.child.kill('SIGSTOP');

      // B starts only now, so A surely had the job; B's stalled check finds A's lock expired and takes the job over.
      const workerB = await startServerProcess(environment(workerRole, 50), 60_000);
      processes.push(workerB);
      await until('worker B to complete the job', async () => (await status(jobId)) === 'complete');
      assert.equal(await modelCallsOf(workerB, 'ok'), 4, 'B made the four images');

      // A thaws: its model calls return, and it tries to store images and finish a job that is no longer its own.
      workerA.child.kill('SIGCONT');
      await until('worker A to finish its stale run', async () => (await modelCallsOf(workerA, 'ok')) === 4);
      await stopServerProcess(workerA, 15_000);

      assert.equal(await status(jobId), 'complete');
      const slots = await connection.selectFrom('job_images').select(['slot', 'status']).where('job_id', '=', jobId).orderBy('slot').execute();
      assert.deepEqual(slots, [0, 1, 2, 3].map((slot) => ({ slot, status: 'ready' })), 'four images');
      const events = await connection.selectFrom('job_events').select(['type', 'data']).where('job_id', '=', jobId).orderBy('sequence').execute();
      const count = (type: string) => events.filter((event) => event.type === type).length;
      assert.equal(count('complete'), 1, 'the job completes once');
      assert.equal(count('failed'), 0);
      assert.deepEqual(
        events.filter((event) => event.type === 'image').map((event) => JSON.parse(event.data).n).sort(),
        [0, 1, 2, 3],
        'each slot is announced once',
      );
      const library = await connection.selectFrom('library_images').select('slot').where('job_id', '=', jobId).orderBy('slot').execute();
      assert.deepEqual(library.map((row) => row.slot), [0, 1, 2, 3], 'one library row per image, none twice');
    });
  });
}

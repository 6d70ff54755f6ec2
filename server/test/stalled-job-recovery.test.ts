import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { openDatabase, type DatabaseConnection } from '../src/db/database.ts';
import { queueDeployment } from './support/queue-deployment.ts';
import { modelCallsOf, stopServerProcess } from './support/server-process.ts';
import { postJson } from './support/test-brandgen.ts';
import { describeEachDatabase } from './support/test-database.ts';
import { until } from './support/until.ts';
import { redisSkipReason } from './support/test-redis.ts';

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
      const deployment = await queueDeployment(database, { BRANDGEN_JOB_LOCK_MS: '2000', BRANDGEN_QUEUE_RECONCILE_MS: '600000' });
      cleanups.push(() => deployment.close());
      const { workerRole } = deployment;
      // A's model is slow enough that A is surely mid-run when frozen.
      const workerA = await deployment.start(workerRole, 8_000);
      const api = database.engine === 'sqlite' ? workerA : await deployment.start('api', 8_000);

      const connection: DatabaseConnection = openDatabase(deployment.databaseUrl);
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
      const workerB = await deployment.start(workerRole, 50);
      await until('worker B to complete the job', async () => (await status(jobId)) === 'complete');
      assert.equal(await modelCallsOf(workerB, 'ok'), 4, 'B made the four images');

      // A thaws: its model calls return, and it tries to store images and finish a job that is no longer its own.
      workerA.child.kill('SIGCONT');
      await until('worker A to finish its stale run', async () => (await modelCallsOf(workerA, 'ok')) === 4);
      await stopServerProcess(workerA, 15_000);

      assert.equal(await status(jobId), 'complete');
      const slots = await connection
        .selectFrom('job_images')
        .select(['slot', 'status'])
        .where('job_id', '=', jobId)
        .orderBy('slot')
        .execute();
      assert.deepEqual(
        slots,
        [0, 1, 2, 3].map((slot) => ({ slot, status: 'ready' })),
        'four images',
      );
      const events = await connection
        .selectFrom('job_events')
        .select(['type', 'data'])
        .where('job_id', '=', jobId)
        .orderBy('sequence')
        .execute();
      const count = (type: string) => events.filter((event) => event.type === type).length;
      assert.equal(count('complete'), 1, 'the job completes once');
      assert.equal(count('failed'), 0);
      assert.deepEqual(
        events
          .filter((event) => event.type === 'image')
          .map((event) => JSON.parse(event.data).n)
          .sort(),
        [0, 1, 2, 3],
        'each slot is announced once',
      );
      const library = await connection.selectFrom('library_images').select('slot').where('job_id', '=', jobId).orderBy('slot').execute();
      assert.deepEqual(
        library.map((row) => row.slot),
        [0, 1, 2, 3],
        'one library row per image, none twice',
      );
    });
  });
}

import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { Queue } from 'bullmq';
import { openDatabase, type DatabaseConnection } from '../src/db/database.ts';
import { queueDeployment } from './support/queue-deployment.ts';
import { killHard, modelCallsOf } from './support/server-process.ts';
import { postJson } from './support/test-brandgen.ts';
import { describeEachDatabase } from './support/test-database.ts';
import { until } from './support/until.ts';
import { deleteRedisKeys, redisSkipReason, testRedisUrl } from './support/test-redis.ts';

const MAX_JOB_RUNS = 2;

// A "poison" job kills every worker that runs it. BullMQ hands a job whose worker died to another worker, and
// reconciliation queues again whatever the database calls unfinished, so without a limit it would kill workers forever.
// Here each worker that takes the job is killed (SIGKILL) mid-run; once the job has done so BRANDGEN_MAX_JOB_RUNS times,
// the next worker fails it in plain words without calling the model, and no reconciliation queues it again.
if (redisSkipReason) test('poison jobs', { skip: redisSkipReason }, () => {});
else {
  describeEachDatabase('a job that keeps killing its workers', (database) => {
    const cleanups: Array<() => Promise<void>> = [];
    after(async () => {
      for (const cleanup of cleanups.reverse()) await cleanup();
    });

    test('is given up after BRANDGEN_MAX_JOB_RUNS runs died, and is not queued again', { timeout: 240_000 }, async () => {
      const deployment = await queueDeployment(database, {
        BRANDGEN_JOB_LOCK_MS: '2000',
        BRANDGEN_QUEUE_RECONCILE_MS: '500',
        BRANDGEN_MAX_JOB_RUNS: String(MAX_JOB_RUNS),
      });
      cleanups.push(() => deployment.close());
      const redisJobs = new Queue('generation', { connection: { url: testRedisUrl! }, prefix: deployment.prefix });
      cleanups.push(() => redisJobs.close());
      const { workerRole, start } = deployment;

      // The poisoned runs never return on their own (the model takes ten minutes); each worker is killed mid-run.
      const firstWorker = await start(workerRole, 600_000);
      const api = database.engine === 'sqlite' ? firstWorker : await start('api', 50);
      const connection: DatabaseConnection = openDatabase(deployment.databaseUrl);
      cleanups.push(() => connection.destroy());
      const job = async (jobId: string) =>
        connection
          .selectFrom('jobs')
          .select(['status', 'error_code', 'error_message', 'unfinished_runs'])
          .where('id', '=', jobId)
          .executeTakeFirstOrThrow();
      const slotAttempts = async (jobId: string) =>
        (await connection.selectFrom('job_images').select('attempts').where('job_id', '=', jobId).orderBy('slot').execute()).map(
          (slot) => slot.attempts,
        );

      const response = await postJson(api.baseUrl, '/api/generate', { prompt: 'a prompt that crashes the model', seed: 3 });
      assert.equal(response.status, 202);
      const jobId = ((await response.json()) as { job_id: string }).job_id;

      for (let death = 1; death <= MAX_JOB_RUNS; death += 1) {
        // A later worker gets the job only through BullMQ's stalled check: the dead worker's lock has expired.
        const worker = death === 1 ? firstWorker : await start(workerRole, 600_000);
        await until(`worker ${death} to call the model for every image`, async () =>
          (await slotAttempts(jobId)).every((attempts) => attempts === death),
        );
        assert.equal((await job(jobId)).unfinished_runs, death);
        await killHard(worker);
      }

      // A healthy worker takes the job over and gives it up instead of calling the model a third time.
      const healthy = await start(workerRole, 50);
      // The healthy run ends its own count just after it marks the job failed; wait for both, not only the first.
      await until('the job to be given up and the healthy run to end', async () => {
        const current = await job(jobId);
        return current.status === 'failed' && current.unfinished_runs === MAX_JOB_RUNS;
      });
      assert.deepEqual(await job(jobId), {
        status: 'failed',
        error_code: 'gave_up',
        error_message: `This job stopped Brandgen's worker ${MAX_JOB_RUNS} times, so it was given up. Please try a different prompt or model.`,
        unfinished_runs: MAX_JOB_RUNS,
      });
      assert.deepEqual(await slotAttempts(jobId), [MAX_JOB_RUNS, MAX_JOB_RUNS, MAX_JOB_RUNS, MAX_JOB_RUNS], 'no third model call');
      assert.equal(await modelCallsOf(healthy), 0);
      const events = await connection.selectFrom('job_events').select('type').where('job_id', '=', jobId).execute();
      assert.equal(events.filter((event) => event.type === 'failed').length, 1, 'followers hear of the failure once');
      const viaApi = (await (await fetch(`${(database.engine === 'sqlite' ? healthy : api).baseUrl}/api/jobs/${jobId}`)).json()) as any;
      assert.equal(viaApi.status, 'failed');
      assert.equal(viaApi.error.code, 'gave_up');

      // Redis forgets everything; a new worker's start-up reconciliation (done before it answers) queues only
      // unfinished jobs, and the given-up job is finished, so it stays out of Redis and no run starts again.
      await deleteRedisKeys(testRedisUrl!, deployment.prefix);
      const next = await start(workerRole, 50);
      assert.equal(await redisJobs.getJobState(jobId), 'unknown', 'reconciliation did not queue the job again');
      assert.equal((await job(jobId)).unfinished_runs, MAX_JOB_RUNS, 'no run started again');
      assert.equal(await modelCallsOf(next), 0);
    });
  });
}

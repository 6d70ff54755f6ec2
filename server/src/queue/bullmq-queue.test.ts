import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Queue } from 'bullmq';
import { deleteRedisKeys, redisSkipReason, testRedisUrl, uniqueRedisPrefix } from '../../test/support/test-redis.ts';
import { BullMqQueue, type BullMqQueueOptions } from './bullmq-queue.ts';

async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(20);
  }
}

describe('the BullMQ queue on real Redis', { skip: redisSkipReason ?? false }, () => {
  const prefixes: string[] = [];
  const queues: BullMqQueue[] = [];
  after(async () => {
    for (const queue of queues) await queue.stop(1_000);
    for (const prefix of prefixes) await deleteRedisKeys(testRedisUrl!, prefix);
  });

  function makeQueue(options: Partial<BullMqQueueOptions> & { prefix?: string } = {}): BullMqQueue {
    const prefix = options.prefix ?? uniqueRedisPrefix();
    if (!prefixes.includes(prefix)) prefixes.push(prefix);
    const queue = new BullMqQueue({
      url: testRedisUrl!,
      prefix,
      concurrency: 2,
      lockMs: 5_000,
      reconcileMs: 60_000,
      loadUnfinished: async () => [],
      backoffMs: 50,
      ...options,
    });
    queues.push(queue);
    return queue;
  }

  test('a job added twice runs once; at most `concurrency` run at once in one worker', async () => {
    let running = 0;
    let peak = 0;
    const runs: string[] = [];
    const queue = makeQueue({ concurrency: 2 });
    await queue.start(async (jobId) => {
      running += 1;
      peak = Math.max(peak, running);
      runs.push(jobId);
      await sleep(100);
      running -= 1;
    });
    for (const id of ['a', 'b', 'c', 'a', 'b']) await queue.enqueue(id);
    await until(() => runs.length === 3 && running === 0);
    await sleep(200);
    assert.deepEqual(runs.sort(), ['a', 'b', 'c']);
    assert.equal(peak, 2);
  });

  test('a failing run is retried with backoff until it succeeds', async () => {
    const attempts: number[] = [];
    const queue = makeQueue({ backoffMs: 100 });
    await queue.start(async () => {
      attempts.push(Date.now());
      if (attempts.length < 3) throw new Error('model busy');
    });
    await queue.enqueue('flaky');
    await until(() => attempts.length === 3);
    // Exponential: about 100 ms, then 200 ms (BullMQ adds no jitter unless asked).
    assert.ok(attempts[1]! - attempts[0]! >= 90, `first retry after ${attempts[1]! - attempts[0]!} ms`);
    assert.ok(attempts[2]! - attempts[1]! >= 190, `second retry after ${attempts[2]! - attempts[1]!} ms`);
  });

  test('jobs unfinished in the database are queued at start, and again after Redis loses them', async () => {
    const prefix = uniqueRedisPrefix();
    const unfinished = new Set(['j1', 'j2']);
    const runs: string[] = [];
    let release = false;
    const queue = makeQueue({ prefix, concurrency: 1, loadUnfinished: async () => [...unfinished].sort() });
    await queue.start(async (jobId) => {
      runs.push(jobId);
      await until(() => release);
      unfinished.delete(jobId);
    });
    await until(() => runs.length === 1);
    assert.deepEqual(runs, ['j1']);
    // Redis forgets everything (a restart without persistence): the waiting job is gone from Redis.
    await deleteRedisKeys(testRedisUrl!, prefix);
    release = true;
    await until(() => !unfinished.has('j1'));
    await queue.reconcile();
    await until(() => unfinished.size === 0);
    assert.deepEqual(runs, ['j1', 'j2']);
  });

  test('finished jobs are removed from Redis after the configured age; depth counts waiting jobs', async () => {
    const prefix = uniqueRedisPrefix();
    const producer = makeQueue({ prefix, keepFinishedSeconds: 1 });
    for (const id of ['x', 'y', 'z']) await producer.enqueue(id);
    assert.deepEqual(await producer.depth(), { waiting: 3, delayed: 0, active: 0 });
    const runs: string[] = [];
    const worker = makeQueue({ prefix, keepFinishedSeconds: 1 });
    await worker.start(async (jobId) => {
      runs.push(jobId);
    });
    await until(() => runs.length === 3);
    const inspect = new Queue('generation', { connection: { url: testRedisUrl! }, prefix });
    try {
      await sleep(1_200);
      // BullMQ trims by age when the next job finishes.
      await producer.enqueue('w');
      await until(() => runs.length === 4);
      await until(async () => (await inspect.getJobCounts('completed')).completed! <= 1);
    } finally {
      await inspect.close();
    }
  });

  test(
    'a job whose worker dies more than maxStalledCount times is failed in Redis, then queued again from the database',
    { timeout: 120_000 },
    async () => {
      const prefix = uniqueRedisPrefix();
      prefixes.push(prefix);
      const LOCK_MS = 1_000;
      const MAX_STALLED = 1;
      const producer = makeQueue({ prefix });
      await producer.enqueue('doomed');

      // Two worker processes in turn take the job and are killed with SIGKILL, so neither renews its lock.
      // The second only gets it because its stalled check found the first one's lock expired (the first stall).
      for (let death = 1; death <= MAX_STALLED + 1; death += 1) {
        const worker = fork(path.join(import.meta.dirname, '../../test/support/stalling-worker.ts'), [], {
          env: {
            ...process.env,
            STALLING_WORKER_REDIS_URL: testRedisUrl!,
            STALLING_WORKER_PREFIX: prefix,
            STALLING_WORKER_LOCK_MS: String(LOCK_MS),
            STALLING_WORKER_MAX_STALLED: String(MAX_STALLED),
          },
          stdio: 'ignore',
        });
        try {
          const took = await new Promise<string>((resolve, reject) => {
            worker.once('message', (message: { took: string }) => resolve(message.took));
            worker.once('exit', (code) => reject(new Error(`the worker exited with ${code} before taking the job`)));
          });
          assert.equal(took, 'doomed');
        } finally {
          const exited = new Promise((resolve) => worker.once('exit', resolve));
          worker.kill('SIGKILL');
          await exited;
        }
      }

      // A healthy worker's stalled check finds the job stalled a second time, one more than allowed: BullMQ fails it.
      // The database still calls it unfinished, so reconciliation queues it again and the healthy worker runs it.
      const errors: Array<{ jobId: string | undefined; message: string }> = [];
      const runs: string[] = [];
      let unfinished = ['doomed'];
      const healthy = makeQueue({
        prefix,
        lockMs: LOCK_MS,
        maxStalledCount: MAX_STALLED,
        reconcileMs: 500,
        loadUnfinished: async () => unfinished,
        onError: (jobId, error) => errors.push({ jobId, message: error instanceof Error ? error.message : String(error) }),
      });
      await healthy.start(async (jobId) => {
        runs.push(jobId);
        unfinished = unfinished.filter((id) => id !== jobId);
      });
      await until(() => runs.length === 1, 60_000);
      assert.deepEqual(runs, ['doomed'], 'the job ran to its end once');
      assert.ok(
        errors.some((error) => error.jobId === 'doomed' && /stalled more than allowable limit/.test(error.message)),
        `BullMQ failed the job for stalling: ${JSON.stringify(errors)}`,
      );
    },
  );
});

// A worker process that takes one job at a time and never finishes it, for tests that kill a worker mid-run.
// Reports each job it takes to its parent over IPC. Settings come from the environment the test passes.
import { BullMqQueue } from '../../src/queue/bullmq-queue.ts';

const queue = new BullMqQueue({
  url: process.env.STALLING_WORKER_REDIS_URL!,
  prefix: process.env.STALLING_WORKER_PREFIX!,
  concurrency: 1,
  lockMs: Number(process.env.STALLING_WORKER_LOCK_MS),
  maxStalledCount: Number(process.env.STALLING_WORKER_MAX_STALLED),
  reconcileMs: 3_600_000,
  loadUnfinished: async () => [],
});
await queue.start(async (jobId) => {
  process.send!({ took: jobId });
  await new Promise(() => {});
});

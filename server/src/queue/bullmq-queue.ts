import { Queue, Worker, type JobsOptions } from 'bullmq';
import { withinTime } from '../timing/within-time.ts';
import type { JobHandler, JobQueue, QueueDepth } from './job-queue.ts';

export interface BullMqQueueOptions {
  url: string;
  prefix: string;
  /** Jobs one worker process runs at once. */
  concurrency: number;
  /** A worker that has not renewed a job's lock for this long is presumed dead; the job goes back to waiting. */
  lockMs: number;
  /** How often a worker queues again every unfinished job of the database (refills an emptied Redis). */
  reconcileMs: number;
  /** Ids of jobs unfinished in the database, oldest first. */
  loadUnfinished: () => Promise<string[]>;
  onError?: (jobId: string | undefined, error: unknown) => void;
  attempts?: number;
  backoffMs?: number;
  /** Finished jobs stay in Redis this long for inspection; the database keeps them for good. */
  keepFinishedSeconds?: number;
  /** A job whose worker died more than this many times is failed in Redis, then re-queued by reconciliation. */
  maxStalledCount?: number;
}

const QUEUE_NAME = 'generation';
/** A request waits this long for Redis before answering anyway (its job is safe in the database). */
const ENQUEUE_WAIT_MS = 3_000;
/** A stop waits this long for Redis to acknowledge closing the queue's connection. */
const CLOSE_WAIT_MS = 2_000;

/**
 * BullMQ behind the JobQueue interface: at-least-once delivery with stalled-job recovery, retries with
 * exponential backoff, a BullMQ job id equal to the Brandgen job id (so adding a job twice runs it once),
 * and finished jobs removed from Redis after a while. Job runs are idempotent, so a second delivery is harmless.
 */
/** A close waits for Redis to acknowledge it; while Redis is away the connection is dropped instead, so a stop never hangs. */
async function closeOrDrop(close: () => Promise<void>, drop: () => Promise<void>): Promise<void> {
  await withinTime(close(), CLOSE_WAIT_MS, 'Redis did not acknowledge the close')
    .catch(() => withinTime(drop(), CLOSE_WAIT_MS, 'The Redis connection did not end'))
    .catch(() => {});
}

export class BullMqQueue implements JobQueue {
  private readonly options: Required<Omit<BullMqQueueOptions, 'onError'>> & Pick<BullMqQueueOptions, 'onError'>;
  private readonly queue: Queue;
  private worker: Worker | undefined;
  private reconcileTimer: NodeJS.Timeout | undefined;
  private reconciling: Promise<void> | undefined;
  private stopping = false;
  /** Runs of this process's handler still going: a stop waits for these, not for BullMQ's own bookkeeping in Redis. */
  private readonly runs = new Set<Promise<void>>();

  constructor(options: BullMqQueueOptions) {
    this.options = { attempts: 8, backoffMs: 1_000, keepFinishedSeconds: 3_600, maxStalledCount: 5, ...options };
    // Adds from requests running side by side share a write to Redis: one API process accepts many jobs at once.
    this.queue = new Queue(QUEUE_NAME, { connection: { ...this.connection(), enableAutoPipelining: true }, prefix: options.prefix });
    this.queue.on('error', (error) => this.options.onError?.(undefined, error));
  }

  get running(): boolean {
    return this.worker !== undefined && !this.stopping && this.worker.isRunning();
  }

  /**
   * The job is already in the database, so a Redis outage must not fail the request:
   * the next reconciliation queues whatever could not be added now.
   */
  async enqueue(jobId: string): Promise<void> {
    try {
      await withinTime(
        this.queue.add(QUEUE_NAME, { jobId }, this.jobOptions(jobId)),
        ENQUEUE_WAIT_MS,
        'Redis did not answer; the job will be queued by the next reconciliation.',
      );
    } catch (error) {
      this.options.onError?.(jobId, error);
    }
  }

  async start(handler: JobHandler): Promise<void> {
    this.stopping = false;
    this.worker = new Worker(
      QUEUE_NAME,
      async (job) => {
        const run = handler((job.data as { jobId: string }).jobId);
        this.runs.add(run);
        try {
          await run;
        } finally {
          this.runs.delete(run);
        }
      },
      {
        connection: this.connection(),
        prefix: this.options.prefix,
        concurrency: this.options.concurrency,
        lockDuration: this.options.lockMs,
        stalledInterval: Math.max(1_000, Math.floor(this.options.lockMs / 2)),
        maxStalledCount: this.options.maxStalledCount,
      },
    );
    this.worker.on('failed', (job, error) => this.options.onError?.(job?.data?.jobId, error));
    this.worker.on('error', (error) => this.options.onError?.(undefined, error));
    await this.worker.waitUntilReady();
    await this.reconcile();
    this.reconcileTimer = setInterval(() => void this.reconcile(), this.options.reconcileMs);
    this.reconcileTimer.unref();
  }

  /**
   * Makes Redis hold every job the database says is unfinished. A job Redis has never seen (lost in a
   * restart, or never added because Redis was down) is added; one Redis calls finished although the database
   * does not (a worker stopped mid-run) is added again.
   */
  async reconcile(): Promise<void> {
    if (this.reconciling) return this.reconciling;
    this.reconciling = (async () => {
      try {
        for (const jobId of await this.options.loadUnfinished()) {
          if (this.stopping) return;
          const state = await this.queue.getJobState(jobId);
          if (state === 'completed' || state === 'failed') await this.queue.remove(jobId).catch(() => 0);
          if (state === 'unknown' || state === 'completed' || state === 'failed') {
            await this.queue.add(QUEUE_NAME, { jobId }, this.jobOptions(jobId));
          }
        }
      } catch (error) {
        this.options.onError?.(undefined, error);
      } finally {
        this.reconciling = undefined;
      }
    })();
    return this.reconciling;
  }

  /** Jobs waiting, delayed for a retry, and running, across all workers. */
  async depth(): Promise<QueueDepth> {
    const counts = await this.queue.getJobCounts('waiting', 'delayed', 'active', 'prioritized');
    return { waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0), delayed: counts.delayed ?? 0, active: counts.active ?? 0 };
  }

  async ping(): Promise<void> {
    await this.queue.getJobCounts('waiting');
  }

  async stop(graceMs = 10_000): Promise<void> {
    this.stopping = true;
    clearInterval(this.reconcileTimer);
    if (this.worker) {
      const worker = this.worker;
      // Take no new job, then give the running ones their grace. BullMQ's own unforced close would wait for each
      // job's completion to reach Redis, which never happens while Redis is away, and its lock-renewal timer would
      // keep the process alive for good; so the close is always forced once our handlers are done or out of time.
      await withinTime(worker.pause(true), CLOSE_WAIT_MS, 'The worker did not pause').catch(() => {});
      await withinTime(Promise.allSettled([...this.runs]), graceMs, 'Jobs still running').catch(() => {});
      // A job still running keeps its Redis lock until it expires; another worker then takes it.
      await closeOrDrop(
        () => worker.close(true),
        () => worker.disconnect(),
      );
    }
    if (this.reconciling) await withinTime(this.reconciling, CLOSE_WAIT_MS, 'Reconciliation is waiting for Redis').catch(() => {});
    await closeOrDrop(
      () => this.queue.close(),
      () => this.queue.disconnect(),
    );
  }

  private jobOptions(jobId: string): JobsOptions {
    return {
      jobId,
      attempts: this.options.attempts,
      backoff: { type: 'exponential', delay: this.options.backoffMs },
      removeOnComplete: { age: this.options.keepFinishedSeconds },
      removeOnFail: { age: this.options.keepFinishedSeconds },
    };
  }

  private connection() {
    return { url: this.options.url, maxRetriesPerRequest: null, enableOfflineQueue: true };
  }
}

import type { JobHandler, JobQueue, QueueDepth } from './job-queue.ts';

export interface InProcessQueueOptions {
  concurrency: number;
  /** Ids of jobs left unfinished in the database, oldest first. */
  loadUnfinished: () => Promise<string[]>;
  onError?: (jobId: string, error: unknown) => void;
}

/** A pool of `concurrency` slots over a FIFO of job ids, refilled from the database at start. */
export class InProcessQueue implements JobQueue {
  private readonly options: InProcessQueueOptions;
  private readonly waiting: string[] = [];
  /** Ids waiting or running, so a job enqueued twice (say, during recovery) runs once. */
  private readonly known = new Set<string>();
  private readonly active = new Map<string, Promise<void>>();
  private handler: JobHandler | undefined;
  private stopping = false;

  constructor(options: InProcessQueueOptions) {
    this.options = options;
  }

  get running(): boolean {
    return this.handler !== undefined && !this.stopping;
  }

  async enqueue(jobId: string): Promise<void> {
    if (this.known.has(jobId)) return;
    this.known.add(jobId);
    this.waiting.push(jobId);
    this.drain();
  }

  async depth(): Promise<QueueDepth> {
    return { waiting: this.waiting.length, delayed: 0, active: this.active.size };
  }

  async ping(): Promise<void> {
    if (!this.running) throw new Error('The job queue is not running.');
  }

  async start(handler: JobHandler): Promise<void> {
    this.handler = handler;
    this.stopping = false;
    for (const jobId of await this.options.loadUnfinished()) await this.enqueue(jobId);
    this.drain();
  }

  async stop(graceMs = 10_000): Promise<void> {
    this.stopping = true;
    const settled = Promise.allSettled(this.active.values());
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, graceMs);
    });
    await Promise.race([settled, timeout]);
    clearTimeout(timer);
  }

  private drain(): void {
    const handler = this.handler;
    if (!handler || this.stopping) return;
    while (this.active.size < this.options.concurrency) {
      const jobId = this.waiting.shift();
      if (jobId === undefined) return;
      const run = handler(jobId)
        .catch((error: unknown) => this.options.onError?.(jobId, error))
        .finally(() => {
          this.active.delete(jobId);
          this.known.delete(jobId);
          this.drain();
        });
      this.active.set(jobId, run);
    }
  }
}

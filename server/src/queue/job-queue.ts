export type JobHandler = (jobId: string) => Promise<void>;

/**
 * Runs jobs. The database is the record of every job; the queue only decides which runs when,
 * so a queue that loses its memory (a crash) is refilled from the database.
 */
export interface JobQueue {
  enqueue(jobId: string): Promise<void>;
  /** Starts workers and picks up every job that was queued or running when the process last stopped. */
  start(handler: JobHandler): Promise<void>;
  /** Stops taking jobs and waits for running ones, up to `graceMs`. */
  stop(graceMs?: number): Promise<void>;
  readonly running: boolean;
  /** Jobs waiting, delayed for a retry and running (for metrics). */
  depth(): Promise<QueueDepth>;
  /** Resolves when the queue's backing store answers (readiness). */
  ping(): Promise<void>;
}

export interface QueueDepth {
  waiting: number;
  delayed: number;
  active: number;
}

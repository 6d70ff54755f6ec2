import { LRUCache } from 'lru-cache';
import { isFinished, type Job } from '../../domain/job.ts';
import { presentJob } from './job-presenter.ts';

interface CachedJob {
  userId: string;
  body: string;
}

/**
 * Serialised answers for finished jobs. A finished job no longer changes, and clients poll and page through
 * them far more often than they change, so reading one costs a map lookup instead of two queries and a
 * schema pass. Anything that later changes or deletes a finished job must call `evict`.
 */
export class FinishedJobCache {
  private readonly entries: LRUCache<string, CachedJob>;

  constructor(options: { maxEntries?: number } = {}) {
    this.entries = new LRUCache({ max: options.maxEntries ?? 2_000 });
  }

  /** The serialised job if it is cached and belongs to `userId`. */
  get(jobId: string, userId: string): string | undefined {
    const entry = this.entries.get(jobId);
    return entry && entry.userId === userId ? entry.body : undefined;
  }

  /** Serialises a job, keeping the result when the job is finished. */
  serialize(job: Job): string {
    const body = JSON.stringify(presentJob(job));
    if (isFinished(job.status)) this.entries.set(job.id, { userId: job.userId, body });
    return body;
  }

  evict(jobId: string): void {
    this.entries.delete(jobId);
  }
}

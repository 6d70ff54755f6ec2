import { LRUCache } from 'lru-cache';
import type { Job } from '../../domain/job.ts';
import { compressText, type AnswerEncoding } from '../answer-encoding.ts';
import { presentJob } from './job-presenter.ts';

/**
 * A job's answer, serialised once. The compressed forms are made the first time each encoding is asked for and kept
 * with the text, so a finished job polled again and again by browsers (which always accept compression) is compressed
 * once rather than on every read.
 */
export class SerialisedJob {
  readonly text: string;
  private readonly compressed = new Map<AnswerEncoding, Buffer>();
  private readonly compressedAsText = new Map<AnswerEncoding, string>();
  private textBytes: number | undefined;

  constructor(options: { text: string }) {
    this.text = options.text;
  }

  /** The text's length in UTF-8 bytes, counted once. */
  get byteLength(): number {
    this.textBytes ??= Buffer.byteLength(this.text);
    return this.textBytes;
  }

  /**
   * The compressed bytes as a latin1 string, one character a byte: Node sends a latin1 string body in the same write
   * as the headers, where bytes take a second buffer after them.
   */
  encodedAsLatin1(encoding: AnswerEncoding): string {
    let text = this.compressedAsText.get(encoding);
    if (text === undefined) {
      text = this.encoded(encoding).toString('latin1');
      this.compressedAsText.set(encoding, text);
    }
    return text;
  }

  encoded(encoding: AnswerEncoding): Buffer {
    let bytes = this.compressed.get(encoding);
    if (bytes === undefined) {
      bytes = compressText(this.text, encoding);
      this.compressed.set(encoding, bytes);
    }
    return bytes;
  }
}

interface CachedJob {
  userId: string;
  answer: SerialisedJob;
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
  get(jobId: string, userId: string): SerialisedJob | undefined {
    const entry = this.entries.get(jobId);
    return entry && entry.userId === userId ? entry.answer : undefined;
  }

  /** Serialises a job, keeping the result once the job is filed (it is finished then): until then its scores are still to come. */
  serialize(job: Job): SerialisedJob {
    const answer = new SerialisedJob({ text: JSON.stringify(presentJob(job)) });
    if (job.filedAt !== null) this.entries.set(job.id, { userId: job.userId, answer });
    return answer;
  }

  evict(jobId: string): void {
    this.entries.delete(jobId);
  }
}

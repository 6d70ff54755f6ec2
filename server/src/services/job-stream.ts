import { isFinished, type Job } from '../domain/job.ts';
import type { JobEvent } from '../domain/job-event.ts';

/**
 * What a client's stream of one job says, in order. `sequence` is the id a client sends back to resume; the job's
 * state, and its end, come with the job as it is then.
 */
export type StreamMessage =
  | { type: 'state' | 'complete' | 'failed' | 'filed'; sequence: number | undefined; job: Job }
  | (Extract<JobEvent, { type: 'progress' | 'image' | 'image_progress' }> & { sequence: number });

export interface StreamWriter {
  /** Writes one message; the next waits for it. */
  send(message: StreamMessage): Promise<void>;
  /** The stream is over: the job ended, or a message could not be written. */
  end(error?: unknown): void;
}

/** Starts following the job after `afterSequence`, delivering each stored or live event once and in order. */
export type Follow = (afterSequence: number, onEvent: (event: JobEvent) => void) => Promise<() => void>;

/**
 * One client's stream of one job: the job as it is, then every event after the position it stands for (or after the
 * client's Last-Event-ID when it resumes), each once and in order; `complete` or `failed` when the job ends, and the
 * stream ends with `filed`, once its images are scored and in the library.
 */
export interface JobStreamOptions {
  job: Job;
  /** The newest event when the job was read: a fresh stream's position. */
  snapshotSequence: number;
  /** The client's Last-Event-ID, when it resumes. */
  resumeFrom: number | undefined;
  readJob: () => Promise<Job>;
  follow: Follow;
}

export class JobStream {
  private readonly options: JobStreamOptions;
  private stopFollowing: () => void = () => {};
  private ended = false;
  /** Whether this stream has said how the job ended (`complete` or `failed`), which it says once and before `filed`. */
  private finishSent = false;

  constructor(options: JobStreamOptions) {
    this.options = options;
  }

  /** Writes the job's state and the events stored since; live events follow until the job ends or `stop`. */
  async start(writer: StreamWriter): Promise<void> {
    const { job, snapshotSequence, resumeFrom, follow } = this.options;
    // A resumed stream gets the state without an id, so the client's position stays where the replay puts it.
    await writer.send({ type: 'state', sequence: resumeFrom === undefined ? snapshotSequence : undefined, job });
    const finish = (error?: unknown) => {
      if (this.ended) return;
      this.stop();
      writer.end(error);
    };
    // Messages are written one after another, in sequence order, even though reading the job for one is async.
    let chain = Promise.resolve();
    this.stopFollowing = await follow(resumeFrom ?? snapshotSequence, (event) => {
      chain = chain.then(() => this.forward(event, writer, finish)).catch(finish);
    });
    if (this.ended) this.stopFollowing();
    if (isFinished(job.status)) {
      // The job ended before this stream opened: a fresh stream is told how, and, when the job is filed already, that
      // too, so the client stops listening; a resumed one saw how it ended, or is replaying it. Queued behind any
      // replayed events, so messages still go out one at a time.
      chain = chain.then(async () => {
        if (this.ended) return;
        if (resumeFrom === undefined) await this.sendFinish(writer, job);
        if (job.filedAt === null) return;
        await writer.send({ type: 'filed', sequence: undefined, job });
        finish();
      });
    }
    await chain.catch(finish);
  }

  /** The client went away: nothing more is written. */
  stop(): void {
    this.ended = true;
    this.stopFollowing();
  }

  private async forward(event: JobEvent, writer: StreamWriter, finish: () => void): Promise<void> {
    if (this.ended) return;
    const { sequence } = event;
    switch (event.type) {
      case 'state':
        await writer.send({ type: event.type, sequence, job: await this.options.readJob() });
        return;
      case 'complete':
      case 'failed':
        await this.sendFinish(writer, await this.options.readJob(), sequence);
        return;
      case 'filed': {
        const job = await this.options.readJob();
        // A fresh stream whose replay brings `filed` before it was told how the job ended; a resumed one saw that.
        if (this.options.resumeFrom === undefined) await this.sendFinish(writer, job);
        await writer.send({ type: 'filed', sequence, job });
        finish();
        return;
      }
      default:
        await writer.send({ ...event, sequence });
    }
  }

  /** Says how the job ended, once. */
  private async sendFinish(writer: StreamWriter, job: Job, sequence?: number): Promise<void> {
    if (this.finishSent || !isFinished(job.status)) return;
    this.finishSent = true;
    await writer.send({ type: job.status === 'complete' ? 'complete' : 'failed', sequence, job });
  }
}

/** A Last-Event-ID header as a position in the job's events; anything else starts afresh. */
export function resumePosition(lastEventId: string | string[] | undefined | null): number | undefined {
  const value = Array.isArray(lastEventId) ? lastEventId[0] : lastEventId;
  if (value === undefined || value === null || !/^\d{1,15}$/.test(value)) return undefined;
  return Number(value);
}

import { isFinished, type Job } from '../domain/job.ts';
import type { JobEvent } from '../domain/job-event.ts';

/**
 * What a client's stream of one job says, in order. `sequence` is the id a client sends back to resume; the job's
 * state, and its end, come with the job as it is then.
 */
export type StreamMessage =
  | { type: 'state' | 'complete' | 'failed'; sequence: number | undefined; job: Job }
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
 * client's Last-Event-ID when it resumes), each once and in order, and the stream ends with the job.
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
    await chain;
    if (isFinished(job.status) && !this.ended) {
      // The job ended before this stream opened: say so, so the client stops listening.
      await writer.send({ type: job.status === 'complete' ? 'complete' : 'failed', sequence: undefined, job });
      finish();
    }
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
      case 'complete':
      case 'failed':
        await writer.send({ type: event.type, sequence, job: await this.options.readJob() });
        if (event.type !== 'state') finish();
        return;
      default:
        await writer.send({ ...event, sequence });
    }
  }
}

/** A Last-Event-ID header as a position in the job's events; anything else starts afresh. */
export function resumePosition(lastEventId: string | string[] | undefined | null): number | undefined {
  const value = Array.isArray(lastEventId) ? lastEventId[0] : lastEventId;
  if (value === undefined || value === null || !/^\d{1,15}$/.test(value)) return undefined;
  return Number(value);
}

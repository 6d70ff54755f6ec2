import type { JobStream, StreamMessage } from './job-stream.ts';

/**
 * Where a client of a group's stream (the jobs of a project, or of a batch) stands: the newest job it has heard of (`known`, job ids sort by time), and
 * its place in each job it follows that has not ended. Every message carries it as its SSE id, so a client resumes
 * with Last-Event-ID from exactly where it was.
 */
export interface GroupCursor {
  known: string;
  positions: Map<string, number>;
}

const JOB_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const POSITION = /^([0-9a-f-]{36}):(\d{1,15})$/;
/** More jobs than a queue holds is not a cursor this server wrote. */
const MAX_CURSOR_JOBS = 500;

export function formatGroupCursor(cursor: GroupCursor): string {
  return [cursor.known, ...[...cursor.positions].map(([jobId, sequence]) => `${jobId}:${sequence}`)].join(',');
}

/** A Last-Event-ID as a cursor; anything this server did not write starts afresh. */
export function parseGroupCursor(lastEventId: string | string[] | undefined | null): GroupCursor | undefined {
  const value = Array.isArray(lastEventId) ? lastEventId[0] : lastEventId;
  // An empty id is what a client that heard nothing may send: it starts afresh rather than replaying every job.
  if (typeof value !== 'string' || value === '') return undefined;
  const [known = '', ...entries] = value.split(',');
  if ((known !== '' && !JOB_ID.test(known)) || entries.length > MAX_CURSOR_JOBS) return undefined;
  const positions = new Map<string, number>();
  for (const entry of entries) {
    const match = POSITION.exec(entry);
    if (!match || !JOB_ID.test(match[1]!)) return undefined;
    positions.set(match[1]!, Number(match[2]));
  }
  return { known, positions };
}

export interface GroupStreamMessage {
  jobId: string;
  message: StreamMessage;
  /** The client's place after this message: its SSE id. */
  cursor: string;
}

export interface GroupStreamWriter {
  send(message: GroupStreamMessage): Promise<void>;
  /** A message could not be written: the stream is over. */
  end(error: unknown): void;
}

export interface JobGroupStreamOptions {
  /** Where the client stands: the resumed cursor, or a fresh one at the group's newest job. */
  cursor: GroupCursor;
  /** Opens one job's stream, resuming after `afterSequence` when given. */
  openJob: (jobId: string, afterSequence: number | undefined) => Promise<JobStream>;
  /** The jobs to follow now: not finished, newer than `known`, or among `named`. */
  listJobs: (known: string, named: readonly string[]) => Promise<string[]>;
  /** Calls back with each job stored for the group from now on; absent when the group's jobs are all stored with it (a batch). */
  onNewJob?: ((listener: (jobId: string) => void) => Promise<() => void>) | undefined;
  /** With a bus that can drop announcements (Redis), how often the group's jobs are read again. */
  catchUpMs?: number | undefined;
}

/**
 * One client's stream of every job of a group (a project, a batch), one job stream each, their messages written one at
 * a time: the jobs not finished when it opens, then each job started while it is open. It ends only when the client goes.
 */
export class JobGroupStream {
  private readonly options: JobGroupStreamOptions;
  private readonly cursor: GroupCursor;
  private readonly jobs = new Map<string, JobStream | undefined>();
  private writer: GroupStreamWriter | undefined;
  private writing = Promise.resolve();
  private stopListening: () => void = () => {};
  private catchUpTimer: NodeJS.Timeout | undefined;
  private ended = false;

  constructor(options: JobGroupStreamOptions) {
    this.options = options;
    this.cursor = { known: options.cursor.known, positions: new Map(options.cursor.positions) };
  }

  /** Listens for new jobs before reading the store, so no job falls between the two. */
  async start(writer: GroupStreamWriter): Promise<void> {
    this.writer = writer;
    const { onNewJob } = this.options;
    if (onNewJob) this.stopListening = await onNewJob((jobId) => void this.follow(jobId).catch((error: unknown) => this.fail(error)));
    if (this.ended) return this.stopListening();
    await this.followListed();
    if (this.options.catchUpMs !== undefined && !this.ended) {
      this.catchUpTimer = setInterval(() => void this.followListed().catch(() => {}), this.options.catchUpMs);
      this.catchUpTimer.unref();
    }
  }

  /** The client went away: nothing more is written. */
  stop(): void {
    this.ended = true;
    clearInterval(this.catchUpTimer);
    this.stopListening();
    for (const stream of this.jobs.values()) stream?.stop();
  }

  private async followListed(): Promise<void> {
    const { known, positions } = this.cursor;
    const ids = await this.options.listJobs(known, [...positions.keys()]);
    await Promise.all(ids.map((jobId) => this.follow(jobId)));
  }

  private async follow(jobId: string): Promise<void> {
    if (this.ended || this.jobs.has(jobId)) return;
    this.jobs.set(jobId, undefined);
    const stream = await this.options.openJob(jobId, this.cursor.positions.get(jobId));
    if (this.ended) return;
    this.jobs.set(jobId, stream);
    await stream.start({
      send: (message) => this.send(jobId, message),
      end: (error) => {
        if (error !== undefined) this.fail(error);
      },
    });
  }

  /** Writes one message after the one before, moving the cursor as it goes. */
  private send(jobId: string, message: StreamMessage): Promise<void> {
    const write = this.writing.then(async () => {
      if (this.ended || !this.writer) return;
      if (jobId > this.cursor.known) this.cursor.known = jobId;
      // A job's last message: a resumed stream need not follow it again.
      if (message.type === 'filed') this.cursor.positions.delete(jobId);
      else if (message.sequence !== undefined) this.cursor.positions.set(jobId, message.sequence);
      await this.writer.send({ jobId, message, cursor: formatGroupCursor(this.cursor) });
    });
    this.writing = write.catch(() => {});
    return write;
  }

  private fail(error: unknown): void {
    if (this.ended) return;
    this.stop();
    this.writer?.end(error);
  }
}

import type { StoredJobEvent } from '../db/job-repository.ts';
import type { JobEvent } from '../events/event-bus.ts';

/** An event numbered in the order it was stored: a job's, or a training's. */
export interface SequencedEvent {
  sequence: number;
}

/** One stream's place in a job's (or training's) events. */
export interface Follower<E extends SequencedEvent = JobEvent> {
  lastDelivered: number;
  /** True until the stream's own replay from the store is done; live events wait in `held` meanwhile. */
  replaying: boolean;
  held: E[];
  closed: boolean;
  onEvent: (event: E) => void;
}

export function deliver<E extends SequencedEvent>(follower: Follower<E>, event: E): void {
  if (follower.closed || event.sequence <= follower.lastDelivered) return;
  follower.lastDelivered = event.sequence;
  follower.onEvent(event);
}

export function eventOf(jobId: string, { createdAt: _createdAt, ...event }: StoredJobEvent): JobEvent {
  return { ...event, jobId };
}

/**
 * The streams of one job (or training) in this process. They share one subscription to the bus and one reader of
 * the store, so filling a gap costs one read however many streams follow it.
 */
export class FollowedJob<E extends SequencedEvent = JobEvent> {
  readonly jobId: string;
  readonly followers = new Set<Follower<E>>();
  readonly subscribed: Promise<() => void>;
  /** The stored events after a sequence number, in order. */
  private readonly readAfter: (afterSequence: number) => Promise<E[]>;
  private reading: Promise<void> | undefined;
  private readAgain = false;

  constructor(options: {
    jobId: string;
    readAfter: (afterSequence: number) => Promise<E[]>;
    subscribe: (listener: (event: E) => void) => Promise<() => void>;
  }) {
    this.jobId = options.jobId;
    this.readAfter = options.readAfter;
    this.subscribed = options.subscribe((event) => this.onLive(event));
  }

  /** The position every live follower has passed (undefined without one): a read after it serves them all. */
  get delivered(): number | undefined {
    let lowest: number | undefined;
    for (const follower of this.followers) {
      if (!follower.replaying && (lowest === undefined || follower.lastDelivered < lowest)) lowest = follower.lastDelivered;
    }
    return lowest;
  }

  /** Ends a follower's replay: the live events that came meanwhile follow, in order. */
  startLive(follower: Follower<E>): void {
    follower.replaying = false;
    for (const event of follower.held.splice(0).sort((a, b) => a.sequence - b.sequence)) this.offer(follower, event);
  }

  /**
   * Live events can arrive out of order (two writers publish concurrently) or not at all (Redis restarting).
   * Every event is stored before it is published, so a gap is filled by reading the store, in order.
   */
  catchUp(): void {
    if (this.reading) {
      this.readAgain = true;
      return;
    }
    this.reading = this.read().finally(() => {
      this.reading = undefined;
    });
  }

  private onLive(event: E): void {
    for (const follower of this.followers) {
      if (follower.replaying) follower.held.push(event);
      else this.offer(follower, event);
    }
  }

  private offer(follower: Follower<E>, event: E): void {
    if (event.sequence === follower.lastDelivered + 1 && !this.reading) deliver(follower, event);
    else if (event.sequence > follower.lastDelivered) this.catchUp();
  }

  private async read(): Promise<void> {
    do {
      this.readAgain = false;
      const after = this.delivered;
      if (after === undefined) return;
      try {
        const stored = await this.readAfter(after);
        for (const follower of this.followers) {
          if (follower.replaying) continue;
          // A follower that went live during the read may be behind its start: it is served by the next read.
          if (follower.lastDelivered < after) this.readAgain = true;
          else for (const event of stored) deliver(follower, event);
        }
      } catch {
        // The next live event or catch-up tick tries again.
        return;
      }
    } while (this.readAgain && this.followers.size > 0);
  }
}

/**
 * The jobs (or trainings) this process streams, each followed once however many streams it has: a stream joins with
 * `follow`, and the subscription ends when its last stream leaves.
 */
export class FollowedStreams<E extends SequencedEvent> {
  private readonly followed = new Map<string, FollowedJob<E>>();
  private readonly options: {
    readAfter: (id: string, afterSequence: number) => Promise<E[]>;
    subscribe: (id: string, listener: (event: E) => void) => Promise<() => void>;
    /** The first stream of any job opened, or the last one closed: a catch-up timer starts or stops. */
    onBusy?: (busy: boolean) => void;
  };

  constructor(options: FollowedStreams<E>['options']) {
    this.options = options;
  }

  all(): IterableIterator<FollowedJob<E>> {
    return this.followed.values();
  }

  /** Delivers stored events after `afterSequence`, then live ones, each once and in order. */
  async follow(id: string, afterSequence: number, onEvent: (event: E) => void): Promise<() => void> {
    let existing = this.followed.get(id);
    if (!existing) {
      existing = new FollowedJob<E>({
        jobId: id,
        readAfter: (after) => this.options.readAfter(id, after),
        subscribe: (listener) => this.options.subscribe(id, listener),
      });
      this.followed.set(id, existing);
      if (this.followed.size === 1) this.options.onBusy?.(true);
    }
    const job = existing;
    const follower: Follower<E> = { lastDelivered: afterSequence, replaying: true, held: [], closed: false, onEvent };
    job.followers.add(follower);
    const leave = () => {
      follower.closed = true;
      job.followers.delete(follower);
      if (job.followers.size > 0 || this.followed.get(id) !== job) return;
      this.followed.delete(id);
      job.subscribed.then(
        (unsubscribe) => unsubscribe(),
        () => {},
      );
      if (this.followed.size === 0) this.options.onBusy?.(false);
    };
    try {
      // Subscribed before the store is read, so no event falls between the two.
      await job.subscribed;
      for (const event of await this.options.readAfter(id, afterSequence)) deliver(follower, event);
    } catch (error) {
      leave();
      throw error;
    }
    job.startLive(follower);
    return leave;
  }
}

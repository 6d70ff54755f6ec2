import type { JobRepository, StoredJobEvent } from '../db/job-repository.ts';
import type { JobEvent, JobEventListener } from '../events/event-bus.ts';

/** One stream's place in a job's events. */
export interface Follower {
  lastDelivered: number;
  /** True until the stream's own replay from the store is done; live events wait in `held` meanwhile. */
  replaying: boolean;
  held: JobEvent[];
  closed: boolean;
  onEvent: (event: JobEvent) => void;
}

export function deliver(follower: Follower, event: JobEvent): void {
  if (follower.closed || event.sequence <= follower.lastDelivered) return;
  follower.lastDelivered = event.sequence;
  follower.onEvent(event);
}

export function eventOf(jobId: string, { createdAt: _createdAt, ...event }: StoredJobEvent): JobEvent {
  return { ...event, jobId };
}

/**
 * The streams of one job in this process. They share one subscription to the bus and one reader of the store,
 * so filling a gap costs one read however many streams follow the job.
 */
export class FollowedJob {
  readonly jobId: string;
  readonly followers = new Set<Follower>();
  readonly subscribed: Promise<() => void>;
  private readonly repository: JobRepository;
  private reading: Promise<void> | undefined;
  private readAgain = false;

  constructor(options: { jobId: string; repository: JobRepository; subscribe: (listener: JobEventListener) => Promise<() => void> }) {
    this.jobId = options.jobId;
    this.repository = options.repository;
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
  startLive(follower: Follower): void {
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

  private onLive(event: JobEvent): void {
    for (const follower of this.followers) {
      if (follower.replaying) follower.held.push(event);
      else this.offer(follower, event);
    }
  }

  private offer(follower: Follower, event: JobEvent): void {
    if (event.sequence === follower.lastDelivered + 1 && !this.reading) deliver(follower, event);
    else if (event.sequence > follower.lastDelivered) this.catchUp();
  }

  private async read(): Promise<void> {
    do {
      this.readAgain = false;
      const after = this.delivered;
      if (after === undefined) return;
      try {
        const stored = await this.repository.listEventsAfter(this.jobId, after);
        for (const follower of this.followers) {
          if (follower.replaying) continue;
          // A follower that went live during the read may be behind its start: it is served by the next read.
          if (follower.lastDelivered < after) this.readAgain = true;
          else for (const event of stored) deliver(follower, eventOf(this.jobId, event));
        }
      } catch {
        // The next live event or catch-up tick tries again.
        return;
      }
    } while (this.readAgain && this.followers.size > 0);
  }
}

import type { JobRepository, StoredJobEvent } from '../db/job-repository.ts';
import type { EventBus, JobEvent, JobEventType } from '../events/event-bus.ts';
import type { Clock } from './clock.ts';

export interface FollowOptions {
  /** Replays stored events after this sequence number before live ones (SSE `Last-Event-ID`). */
  afterSequence: number;
  onEvent: (event: JobEvent) => void;
}

/** Every job event is stored (for resuming streams) and then broadcast (for live streams). */
export class JobEvents {
  private readonly repository: JobRepository;
  private readonly bus: EventBus;
  private readonly clock: Clock;

  private readonly catchUpMs: number | undefined;
  private readonly onPublishError: (error: unknown) => void;

  /**
   * `catchUpMs`: with a bus that can drop messages (Redis pub/sub during a Redis restart), followers also
   * read the store this often, so a stream never misses an event for long.
   */
  constructor(
    repository: JobRepository,
    bus: EventBus,
    clock: Clock,
    options: { catchUpMs?: number; onPublishError?: (error: unknown) => void } = {},
  ) {
    this.repository = repository;
    this.bus = bus;
    this.clock = clock;
    this.catchUpMs = options.catchUpMs;
    this.onPublishError = options.onPublishError ?? (() => {});
  }

  /** Stores an event and broadcasts it. */
  async emit(jobId: string, type: JobEventType, data: unknown): Promise<void> {
    await this.broadcast(jobId, [await this.repository.appendEvent(jobId, { type, data, createdAt: this.clock.now() })]);
  }

  /** Broadcasts events already stored together with the change they announce. */
  async broadcast(jobId: string, stored: readonly StoredJobEvent[]): Promise<void> {
    // The events are stored: a failed broadcast only delays live followers until their next catch-up read.
    for (const event of stored) {
      await this.bus
        .publish({ jobId, sequence: event.sequence, type: event.type, data: event.data })
        .catch(this.onPublishError);
    }
  }

  /**
   * Delivers stored events after `afterSequence`, then live ones, each once and in order.
   * It subscribes before reading the store so that no event can fall between the two.
   */
  async follow(jobId: string, options: FollowOptions): Promise<() => void> {
    let lastDelivered = options.afterSequence;
    let replaying = true;
    let closed = false;
    const held: JobEvent[] = [];
    const deliver = (event: JobEvent) => {
      if (closed || event.sequence <= lastDelivered) return;
      lastDelivered = event.sequence;
      options.onEvent(event);
    };
    // Live events can arrive out of order (two writers publish concurrently) or not at all (Redis restarting).
    // Every event is stored before it is published, so a gap is filled by reading the store, in order.
    let reading: Promise<void> | undefined;
    let readAgain = false;
    const catchUp = () => {
      if (reading) {
        readAgain = true;
        return;
      }
      reading = (async () => {
        do {
          readAgain = false;
          try {
            for (const stored of await this.repository.listEventsAfter(jobId, lastDelivered)) {
              deliver({ jobId, sequence: stored.sequence, type: stored.type as JobEventType, data: stored.data });
            }
          } catch {
            // The next live event or timer tick tries again.
          }
        } while (readAgain && !closed);
        reading = undefined;
      })();
    };
    const onLive = (event: JobEvent) => {
      if (event.sequence === lastDelivered + 1 && !reading) deliver(event);
      else if (event.sequence > lastDelivered) catchUp();
    };
    const unsubscribe = await this.bus.subscribe(jobId, (event) => {
      if (replaying) held.push(event);
      else onLive(event);
    });
    try {
      for (const stored of await this.repository.listEventsAfter(jobId, options.afterSequence)) {
        deliver({ jobId, sequence: stored.sequence, type: stored.type, data: stored.data });
      }
    } catch (error) {
      unsubscribe();
      throw error;
    }
    replaying = false;
    for (const event of held.sort((a, b) => a.sequence - b.sequence)) onLive(event);
    const timer = this.catchUpMs === undefined ? undefined : setInterval(catchUp, this.catchUpMs);
    return () => {
      closed = true;
      clearInterval(timer);
      unsubscribe();
    };
  }
}

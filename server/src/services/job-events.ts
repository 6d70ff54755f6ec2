import type { JobRepository } from '../db/job-repository.ts';
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

  constructor(repository: JobRepository, bus: EventBus, clock: Clock) {
    this.repository = repository;
    this.bus = bus;
    this.clock = clock;
  }

  async emit(jobId: string, type: JobEventType, data: unknown): Promise<void> {
    const sequence = await this.repository.appendEvent(jobId, type, data, this.clock.now());
    await this.bus.publish({ jobId, sequence, type, data });
  }

  /** Broadcasts events the repository already stored together with the change that caused them. */
  async publishStored(jobId: string, events: Array<{ sequence: number; type: string; data: unknown }>): Promise<void> {
    for (const event of events) await this.bus.publish({ jobId, sequence: event.sequence, type: event.type as JobEventType, data: event.data });
  }

  /**
   * Delivers stored events after `afterSequence`, then live ones, each once and in order.
   * It subscribes before reading the store so that no event can fall between the two.
   */
  async follow(jobId: string, options: FollowOptions): Promise<() => void> {
    let lastDelivered = options.afterSequence;
    let replaying = true;
    const held: JobEvent[] = [];
    const deliver = (event: JobEvent) => {
      if (event.sequence <= lastDelivered) return;
      lastDelivered = event.sequence;
      options.onEvent(event);
    };
    const unsubscribe = await this.bus.subscribe(jobId, (event) => {
      if (replaying) held.push(event);
      else deliver(event);
    });
    try {
      for (const stored of await this.repository.listEventsAfter(jobId, options.afterSequence)) {
        deliver({ jobId, sequence: stored.sequence, type: stored.type as JobEventType, data: stored.data });
      }
    } catch (error) {
      unsubscribe();
      throw error;
    }
    replaying = false;
    for (const event of held.sort((a, b) => a.sequence - b.sequence)) deliver(event);
    return unsubscribe;
  }
}

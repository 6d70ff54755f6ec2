import type { TrainingRepository } from '../db/training-repository.ts';
import type { TrainingBusEvent, TrainingEvent } from '../domain/training.ts';
import type { EventBus } from '../events/event-bus.ts';
import { FollowedStreams } from './followed-job.ts';

export interface TrainingEventsOptions {
  repository: TrainingRepository;
  bus: EventBus;
  /** With a bus that can drop messages (Redis pub/sub), how often followed trainings are read for events they lack. */
  catchUpMs?: number;
  onPublishError?: (error: unknown) => void;
}

/**
 * A training's events travel as a job's do: each is stored with the change it announces, then published on the
 * event bus; a stream reads the store once when it opens (from its Last-Event-ID) and then follows the bus, reading
 * the store again only to fill a gap.
 */
export class TrainingEvents {
  private readonly options: TrainingEventsOptions;
  private readonly followed: FollowedStreams<TrainingBusEvent>;
  private catchUpTimer: NodeJS.Timeout | undefined;

  constructor(options: TrainingEventsOptions) {
    this.options = options;
    const { repository, bus } = options;
    this.followed = new FollowedStreams<TrainingBusEvent>({
      readAfter: async (id, after) => (await repository.listEventsAfter(id, after)).map((event) => ({ ...event, trainingId: id })),
      subscribe: (id, listener) => bus.subscribeTraining(id, listener),
      onBusy: (busy) => (busy ? this.startCatchUp() : this.stopCatchUp()),
    });
  }

  /** Publishes an event already stored; a failed publish only delays followers until they read the store. */
  async publish(trainingId: string, event: TrainingEvent | undefined): Promise<void> {
    if (!event) return;
    await this.options.bus.publishTraining({ ...event, trainingId }).catch((error: unknown) => this.options.onPublishError?.(error));
  }

  /** Delivers the stored events after `afterSequence`, then live ones, each once and in order. */
  follow(trainingId: string, afterSequence: number, onEvent: (event: TrainingBusEvent) => void): Promise<() => void> {
    return this.followed.follow(trainingId, afterSequence, onEvent);
  }

  private startCatchUp(): void {
    if (this.options.catchUpMs === undefined || this.catchUpTimer) return;
    // Trainings are few and long: one read per followed training and tick costs less than a bookkeeping query.
    this.catchUpTimer = setInterval(() => {
      for (const training of this.followed.all()) training.catchUp();
    }, this.options.catchUpMs);
    this.catchUpTimer.unref();
  }

  private stopCatchUp(): void {
    clearInterval(this.catchUpTimer);
    this.catchUpTimer = undefined;
  }
}

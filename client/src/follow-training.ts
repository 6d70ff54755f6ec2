import type { paths } from './generated/schema.ts';
import { resumedEventStream, type FollowedStreamEvent, type ResumedStreamOptions } from './resumed-event-stream.ts';
import type { Transport } from './transport.ts';

/** The events of `GET /api/trainings/{id}/events`, as following yields them: the event name as `type`. */
type TrainingStreamEvent = paths['/api/trainings/{id}/events']['get']['responses'][200]['content']['text/event-stream'];
export type TrainingEvent = FollowedStreamEvent<TrainingStreamEvent>;

export type FollowTrainingOptions = ResumedStreamOptions;

const EVENT_TYPES = new Set<string>(['state', 'progress', 'complete', 'failed']);

/**
 * A training's events as an async iterator, from the first (or after the last one seen, when a dropped stream is
 * resumed with `Last-Event-ID`) until `complete` or `failed`. A refusal (no such training, access denied) throws.
 */
export function followTraining(
  transport: Transport,
  trainingId: string,
  options: FollowTrainingOptions = {},
): AsyncGenerator<TrainingEvent, void, undefined> {
  const settings = { eventTypes: EVENT_TYPES, isLast: (type: string) => type === 'complete' || type === 'failed', defaultDelayMs: 1_000 };
  return resumedEventStream(transport, `/api/trainings/${encodeURIComponent(trainingId)}/events`, settings, options) as AsyncGenerator<
    TrainingEvent,
    void,
    undefined
  >;
}

import type { paths } from './generated/schema.ts';
import { resumedEventStream, type FollowedStreamEvent, type ResumedStreamOptions } from './resumed-event-stream.ts';
import type { Transport } from './transport.ts';

/** The events of `GET /api/projects/{id}/events`: every job of the project, each event naming its job. */
type ProjectStreamEvent = paths['/api/projects/{id}/events']['get']['responses'][200]['content']['text/event-stream'];
export type ProjectEvent = FollowedStreamEvent<ProjectStreamEvent>;

/** The events of `GET /api/batches/{id}/events`: every job of the batch, each event naming its job. */
type BatchStreamEvent = paths['/api/batches/{id}/events']['get']['responses'][200]['content']['text/event-stream'];
export type BatchEvent = FollowedStreamEvent<BatchStreamEvent>;

export type FollowProjectOptions = ResumedStreamOptions;
export type FollowBatchOptions = ResumedStreamOptions;

const EVENT_TYPES = new Set<string>(['state', 'progress', 'image', 'image_progress', 'complete', 'failed', 'filed']);

/**
 * A group's job events (a project's, a batch's) as an async iterator, for as long as the caller listens; each job's
 * `complete` or `failed` is followed by its `filed`, once its images are scored and in the library. The stream
 * never ends by itself, so a drop is resumed with `Last-Event-ID` (each id says where the client stands in every job)
 * after a pause. A refusal (the group is gone, access denied) ends it with the error.
 */
function followJobGroup<Event>(transport: Transport, path: string, options: ResumedStreamOptions): AsyncGenerator<Event, void, undefined> {
  const settings = { eventTypes: EVENT_TYPES, isLast: () => false, defaultDelayMs: 2_000 };
  return resumedEventStream(transport, path, settings, options) as AsyncGenerator<Event, void, undefined>;
}

/** Every job of a project: those running when it opens, then each one started while the caller listens. */
export function followProject(
  transport: Transport,
  projectId: string,
  options: FollowProjectOptions = {},
): AsyncGenerator<ProjectEvent, void, undefined> {
  return followJobGroup(transport, `/api/projects/${encodeURIComponent(projectId)}/events`, options);
}

/** Every job of a batch not finished when it opens, until the caller stops listening (the stream stays open). */
export function followBatch(
  transport: Transport,
  batchId: string,
  options: FollowBatchOptions = {},
): AsyncGenerator<BatchEvent, void, undefined> {
  return followJobGroup(transport, `/api/batches/${encodeURIComponent(batchId)}/events`, options);
}

import type { paths } from './generated/schema.ts';
import { resumedEventStream, type FollowedStreamEvent, type ResumedStreamOptions } from './resumed-event-stream.ts';
import type { Transport } from './transport.ts';

/** The events of `GET /api/projects/{id}/events`: every job of the project, each event naming its job. */
type ProjectStreamEvent = paths['/api/projects/{id}/events']['get']['responses'][200]['content']['text/event-stream'];
export type ProjectEvent = FollowedStreamEvent<ProjectStreamEvent>;

export type FollowProjectOptions = ResumedStreamOptions;

const EVENT_TYPES = new Set<string>(['state', 'progress', 'image', 'image_progress', 'complete', 'failed']);

/**
 * A project's job events as an async iterator, for as long as the caller listens: the stream never ends by itself, so a
 * drop is resumed with `Last-Event-ID` (each id says where the client stands in every job) after a pause. A refusal
 * (the project is gone, access denied) ends it with the error.
 */
export function followProject(
  transport: Transport,
  projectId: string,
  options: FollowProjectOptions = {},
): AsyncGenerator<ProjectEvent, void, undefined> {
  const settings = { eventTypes: EVENT_TYPES, isLast: () => false, defaultDelayMs: 2_000 };
  return resumedEventStream(transport, `/api/projects/${encodeURIComponent(projectId)}/events`, settings, options) as AsyncGenerator<
    ProjectEvent,
    void,
    undefined
  >;
}

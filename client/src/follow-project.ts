import { EventSourceParserStream } from 'eventsource-parser/stream';
import type { paths } from './generated/schema.ts';
import { BrandgenApiError, isAbort } from './brandgen-api-error.ts';
import { sleep as realSleep, type Sleep } from './sleep.ts';
import type { Transport } from './transport.ts';

/** The events of `GET /api/projects/{id}/events`: every job of the project, each event naming its job. */
type ProjectStreamEvent = paths['/api/projects/{id}/events']['get']['responses'][200]['content']['text/event-stream'];
export type ProjectEvent = ProjectStreamEvent extends infer Event
  ? Event extends { event: infer Type; data: infer Data }
    ? { type: Type; id: string | undefined; data: Data }
    : never
  : never;

export interface FollowProjectOptions {
  signal?: AbortSignal | undefined;
  reconnectDelayMs?: number | undefined;
  sleep?: Sleep | undefined;
}

const EVENT_TYPES = new Set<string>(['state', 'progress', 'image', 'image_progress', 'complete', 'failed']);

/**
 * A project's job events as an async iterator, for as long as the caller listens: the stream never ends by itself, so a
 * drop is resumed with `Last-Event-ID` (each id says where the client stands in every job) after a pause. A refusal
 * (the project is gone, access denied) ends it with the error.
 */
export async function* followProject(
  transport: Transport,
  projectId: string,
  options: FollowProjectOptions = {},
): AsyncGenerator<ProjectEvent, void, undefined> {
  const sleep = options.sleep ?? realSleep;
  const signal = options.signal ?? new AbortController().signal;
  let lastEventId: string | undefined;
  for (;;) {
    try {
      const headers: Record<string, string> = { accept: 'text/event-stream' };
      if (lastEventId !== undefined) headers['last-event-id'] = lastEventId;
      const response = await transport.send(`/api/projects/${encodeURIComponent(projectId)}/events`, {
        headers,
        signal,
        cache: 'no-store',
      });
      if (!response.body) return;
      const reader = response.body.pipeThrough(new TextDecoderStream()).pipeThrough(new EventSourceParserStream()).getReader();
      try {
        for (let next = await reader.read(); !next.done; next = await reader.read()) {
          const { event = 'message', id, data } = next.value;
          if (!EVENT_TYPES.has(event)) continue;
          if (id !== undefined) lastEventId = id;
          yield { type: event, id, data: JSON.parse(data) } as ProjectEvent;
        }
      } finally {
        await reader.cancel().catch(() => undefined);
      }
    } catch (error) {
      if (isAbort(error) || signal.aborted) return;
      if (error instanceof BrandgenApiError && error.status >= 400 && error.status < 500 && error.status !== 429) throw error;
    }
    await sleep(options.reconnectDelayMs ?? 2_000, signal).catch(() => undefined);
    if (signal.aborted) return;
  }
}

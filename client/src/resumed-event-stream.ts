import { EventSourceParserStream } from 'eventsource-parser/stream';
import { BrandgenApiError, isAbort } from './brandgen-api-error.ts';
import { sleep as realSleep, type Sleep } from './sleep.ts';
import type { Transport } from './transport.ts';

export interface ResumedStreamOptions {
  signal?: AbortSignal | undefined;
  reconnectDelayMs?: number | undefined;
  sleep?: Sleep | undefined;
}

/** A route's documented stream events as following yields them: each event name as `type`, with its id and data. */
export type FollowedStreamEvent<Documented> = Documented extends infer Event
  ? Event extends { event: infer Type; data: infer Data }
    ? { type: Type; id: string | undefined; data: Data }
    : never
  : never;

/** One Server-Sent Event as the followers yield it: the event name as `type`, its id and its parsed JSON data. */
export interface StreamedEvent {
  type: string;
  id: string | undefined;
  data: unknown;
}

/**
 * Reads an SSE route for as long as the caller listens or until `isLast` says an event ends it; a dropped stream is
 * resumed with `Last-Event-ID` after a pause. Events of other names are skipped. A refusal (the thing is gone, access
 * denied) ends it with the error.
 */
export async function* resumedEventStream(
  transport: Transport,
  path: string,
  settings: { eventTypes: ReadonlySet<string>; isLast: (type: string) => boolean; defaultDelayMs: number },
  options: ResumedStreamOptions = {},
): AsyncGenerator<StreamedEvent, void, undefined> {
  const sleep = options.sleep ?? realSleep;
  const signal = options.signal ?? new AbortController().signal;
  let lastEventId: string | undefined;
  for (;;) {
    try {
      const headers: Record<string, string> = { accept: 'text/event-stream' };
      if (lastEventId !== undefined) headers['last-event-id'] = lastEventId;
      const response = await transport.send(path, { headers, signal, cache: 'no-store' });
      if (!response.body) return;
      const reader = response.body.pipeThrough(new TextDecoderStream()).pipeThrough(new EventSourceParserStream()).getReader();
      try {
        for (let next = await reader.read(); !next.done; next = await reader.read()) {
          const { event = 'message', id, data } = next.value;
          if (!settings.eventTypes.has(event)) continue;
          if (id !== undefined) lastEventId = id;
          yield { type: event, id, data: JSON.parse(data) };
          if (settings.isLast(event)) return;
        }
      } finally {
        await reader.cancel().catch(() => undefined);
      }
    } catch (error) {
      if (isAbort(error) || signal.aborted) return;
      if (error instanceof BrandgenApiError && error.status >= 400 && error.status < 500 && error.status !== 429) throw error;
    }
    await sleep(options.reconnectDelayMs ?? settings.defaultDelayMs, signal).catch(() => undefined);
    if (signal.aborted) return;
  }
}

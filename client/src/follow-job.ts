import { EventSourceParserStream, type EventSourceMessage } from 'eventsource-parser/stream';
import type { Job } from './api-types.ts';
import type { paths } from './generated/schema.ts';
import { BrandgenApiError, isAbort } from './brandgen-api-error.ts';
import { sleep as realSleep, type Sleep } from './sleep.ts';
import type { Transport } from './transport.ts';

/**
 * What following a job yields, in order. `id` is the event's sequence number on the stream (absent on a resumed
 * stream's opening `state`, and on everything learnt by polling). `complete` or `failed` comes once, as soon as the
 * images are stored; `filed` follows when they are scored and in the library, and ends the iteration.
 */
export type JobEvent = FollowedEvent<StreamEvent>;

/** The events of `GET /api/jobs/{id}/events` as the OpenAPI document describes them: event name, id and JSON data. */
type StreamEvent = paths['/api/jobs/{id}/events']['get']['responses'][200]['content']['text/event-stream'];
/** One stream event as following yields it: its name as `type`, and an id that polling cannot give. */
type FollowedEvent<Event> = Event extends { event: infer Type; data: infer Data }
  ? { type: Type; id: string | undefined; data: Data }
  : never;

export type JobEventType = JobEvent['type'];

export interface FollowJobOptions {
  signal?: AbortSignal | undefined;
  /** `poll` skips the stream (e.g. when a page already holds many open streams). */
  transport?: 'auto' | 'poll' | undefined;
  /** Reconnects in a row, each resuming after the last event seen, before falling back to polling. */
  maxReconnects?: number | undefined;
  reconnectDelayMs?: number | undefined;
  pollIntervalMs?: number | undefined;
  /** Called when the stream is given up for polling, with why. */
  onFallback?: ((reason: unknown) => void) | undefined;
  sleep?: Sleep | undefined;
}

const EVENT_TYPES = new Set<string>(['state', 'progress', 'image', 'image_progress', 'complete', 'failed', 'filed']);
const DEFAULT_RECONNECTS = 3;
const DEFAULT_RECONNECT_DELAY_MS = 1_000;
export const DEFAULT_POLL_INTERVAL_MS = 2_000;
const FILING_POLL_INTERVAL_MS = 250;

/** Whether the event says how the job ended. It is not the last event: `filed` follows, with the brand-fit scores. */
export function isTerminal(event: JobEvent): boolean {
  return event.type === 'complete' || event.type === 'failed';
}

/**
 * What the caller has been told across reconnects and the switch to polling: a resumed stream says again how the job
 * ended, and the caller hears it once.
 */
interface Told {
  finish: boolean;
}

/** The stream ended or broke before the job was filed; worth resuming. */
class StreamDropped extends Error {}

/**
 * A job's events as an async iterator: Server-Sent Events read with fetch (so the bearer header goes along), resumed
 * with `Last-Event-ID` after a drop, and polling of GET /api/jobs/{id} when streams do not work here (a proxy that
 * buffers them, repeated drops). Ends after `filed`; leaving the loop early closes the connection.
 */
export async function* followJob(
  transport: Transport,
  jobId: string,
  options: FollowJobOptions = {},
): AsyncGenerator<JobEvent, void, undefined> {
  const stop = new AbortController();
  const onAbort = () => stop.abort(options.signal?.reason);
  if (options.signal?.aborted) onAbort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const sleep = options.sleep ?? realSleep;
  const told: Told = { finish: false };
  try {
    if (options.transport !== 'poll') {
      const streamed = yield* streamWithResume(transport, jobId, options, stop.signal, sleep, told);
      if (streamed.finished) return;
      options.onFallback?.(streamed.reason);
    }
    yield* poll(transport, jobId, options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS, stop.signal, sleep, told);
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    // Ends a stream still open when the caller leaves the loop early.
    stop.abort();
  }
}

async function* streamWithResume(
  transport: Transport,
  jobId: string,
  options: FollowJobOptions,
  signal: AbortSignal,
  sleep: Sleep,
  told: Told,
): AsyncGenerator<JobEvent, { finished: true } | { finished: false; reason: unknown }, undefined> {
  const maxReconnects = options.maxReconnects ?? DEFAULT_RECONNECTS;
  let lastEventId: string | undefined;
  let dropsInARow = 0;
  for (;;) {
    let progressed = false;
    try {
      for await (const event of streamOnce(transport, jobId, lastEventId, signal)) {
        if (event.id !== undefined) lastEventId = event.id;
        progressed = true;
        if (isTerminal(event) && told.finish) continue;
        if (isTerminal(event)) told.finish = true;
        yield event;
        if (event.type === 'filed') return { finished: true };
      }
      throw new StreamDropped('The event stream ended before the job was filed.');
    } catch (error) {
      if (isAbort(error) || !isWorthResuming(error)) throw error;
      dropsInARow = progressed ? 1 : dropsInARow + 1;
      if (dropsInARow > maxReconnects || (error instanceof BrandgenApiError && error.code === 'not_an_event_stream')) {
        return { finished: false, reason: error };
      }
      await sleep(options.reconnectDelayMs ?? DEFAULT_RECONNECT_DELAY_MS, signal);
    }
  }
}

/** An answer that asking again will not change (a deleted job, refused access), unlike 429 or a 5xx. */
function isRefusal(error: BrandgenApiError): boolean {
  return error.status >= 400 && error.status < 500 && error.status !== 429 && error.status !== 408;
}

/** Network failures, dropped streams and server errors may pass; a missing job or refused access will not. */
function isWorthResuming(error: unknown): boolean {
  return !(error instanceof BrandgenApiError) || !isRefusal(error);
}

async function* streamOnce(
  transport: Transport,
  jobId: string,
  lastEventId: string | undefined,
  signal: AbortSignal,
): AsyncGenerator<JobEvent> {
  const headers: Record<string, string> = { accept: 'text/event-stream' };
  if (lastEventId !== undefined) headers['last-event-id'] = lastEventId;
  const response = await transport.send(`/api/jobs/${encodeURIComponent(jobId)}/events`, { headers, signal, cache: 'no-store' });
  if (!response.body || !(response.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
    await response.body?.cancel();
    throw new BrandgenApiError({
      status: response.status,
      code: 'not_an_event_stream',
      message: 'The server did not answer with an event stream.',
    });
  }
  const messages = response.body.pipeThrough(new TextDecoderStream()).pipeThrough(new EventSourceParserStream());
  const reader = messages.getReader();
  try {
    for (;;) {
      let next: Awaited<ReturnType<typeof reader.read>>;
      try {
        next = await reader.read();
      } catch (error) {
        if (isAbort(error) || signal.aborted) throw error;
        throw new StreamDropped('The event stream broke off.', { cause: error });
      }
      if (next.done) return;
      const event = toJobEvent(next.value);
      if (event) yield event;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

function toJobEvent(message: EventSourceMessage): JobEvent | undefined {
  const type = message.event ?? 'message';
  if (!EVENT_TYPES.has(type)) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(message.data);
  } catch {
    return undefined;
  }
  return { type, id: message.id, data } as JobEvent;
}

/**
 * Polls the job; yields `state` whenever it changed, `complete`/`failed` once it finished (unless the stream said so
 * already), and `filed` once `filed_at` is set, which ends it.
 */
async function* poll(
  transport: Transport,
  jobId: string,
  intervalMs: number,
  signal: AbortSignal,
  sleep: Sleep,
  told: Told,
): AsyncGenerator<JobEvent> {
  let last: string | undefined;
  for (;;) {
    const job = await readJob(transport, jobId, signal);
    if (job) {
      if (job.status === 'complete' || job.status === 'failed') {
        if (!told.finish) yield { type: job.status, id: undefined, data: job };
        told.finish = true;
        if (job.filed_at !== null) {
          yield { type: 'filed', id: undefined, data: job };
          return;
        }
      } else {
        const seen = JSON.stringify(job);
        if (seen !== last) yield { type: 'state', id: undefined, data: job };
        last = seen;
      }
    }
    // Filing follows the end within moments, so a finished job is asked about again sooner.
    await sleep(told.finish ? Math.min(intervalMs, FILING_POLL_INTERVAL_MS) : intervalMs, signal);
  }
}

/** The job as GET /api/jobs/{id} gives it, or undefined after a failure that asking again may get past. */
async function readJob(transport: Transport, jobId: string, signal: AbortSignal): Promise<Job | undefined> {
  try {
    const response = await transport.send(`/api/jobs/${encodeURIComponent(jobId)}`, { signal, cache: 'no-store' });
    return (await response.json()) as Job;
  } catch (error) {
    // A blip or a restart is waited out; a deleted job or refused access ends the iteration.
    if (isAbort(error) || (error instanceof BrandgenApiError && isRefusal(error))) throw error;
    return undefined;
  }
}

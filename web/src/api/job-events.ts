import { ApiError } from './api-error.ts';
import { getJob, jobEventsUrl } from './client.ts';
import { applyImage, applyImageProgress, applyProgress, isFinished, pickNewer } from './job-state.ts';
import type { Job, JobProgress } from './types.ts';

/** The part of the browser's EventSource this module uses; tests pass a fake. */
export interface EventSourceLike {
  addEventListener(type: string, listener: (event: MessageEvent<string>) => void): void;
  onerror: ((event: Event) => void) | null;
  close(): void;
}

export interface FollowJobOptions {
  jobId: string;
  /** The cached job right now. */
  read: () => Job | undefined;
  /** Applies a change to the cached job; the cache is the single place both SSE and polling write to. */
  update: (change: (job: Job | undefined) => Job | undefined) => void;
  openEventSource?: ((url: string) => EventSourceLike) | null;
  fetchJob?: (jobId: string, signal: AbortSignal) => Promise<Job>;
  pollIntervalMilliseconds?: number;
}

export const POLL_INTERVAL_MILLISECONDS = 2000;

/**
 * Browsers allow about six HTTP/1.1 connections per origin, and every open SSE stream holds one. After a
 * reload with many unfinished jobs, streaming them all would starve ordinary requests, so past this many
 * streams further jobs are polled instead.
 */
export const MAX_OPEN_STREAMS = 4;
let openStreams = 0;

export function openStreamCount(): number {
  return openStreams;
}

function browserEventSource(): ((url: string) => EventSourceLike) | null {
  if (typeof EventSource === 'undefined') return null;
  return (url) => new EventSource(url);
}

function parseData<T>(event: MessageEvent<string>): T | undefined {
  try {
    return JSON.parse(event.data) as T;
  } catch {
    return undefined;
  }
}

/**
 * Keeps one job's cache entry current until it completes or fails: Server-Sent Events first, polling when the
 * stream breaks or cannot be opened. Returns a function that stops following.
 */
export function followJob(options: FollowJobOptions): () => void {
  const openEventSource = options.openEventSource === undefined ? browserEventSource() : options.openEventSource;
  const fetchJob = options.fetchJob ?? getJob;
  const pollInterval = options.pollIntervalMilliseconds ?? POLL_INTERVAL_MILLISECONDS;

  let stopped = false;
  let source: EventSourceLike | null = null;
  let pollTimer: ReturnType<typeof setTimeout> | null = null;
  let pollAbort: AbortController | null = null;

  const finished = (): boolean => {
    const job = options.read();
    return job !== undefined && isFinished(job);
  };

  const closeStream = (): void => {
    if (source === null) return;
    source.onerror = null;
    source.close();
    source = null;
    openStreams -= 1;
  };

  const stop = (): void => {
    stopped = true;
    closeStream();
    if (pollTimer !== null) clearTimeout(pollTimer);
    pollTimer = null;
    pollAbort?.abort();
    pollAbort = null;
  };

  const acceptJob = (job: Job | undefined): void => {
    if (job === undefined || job.id !== options.jobId) return;
    options.update((existing) => pickNewer(existing, job));
    if (isFinished(job)) stop();
  };

  const poll = async (): Promise<void> => {
    pollTimer = null;
    if (stopped) return;
    pollAbort = new AbortController();
    try {
      acceptJob(await fetchJob(options.jobId, pollAbort.signal));
    } catch (error) {
      // A deleted job will never finish; anything else (network blip, server restart) is worth retrying.
      if (error instanceof ApiError && error.status === 404) {
        stop();
        return;
      }
    }
    if (!stopped && !finished()) pollTimer = setTimeout(() => void poll(), pollInterval);
  };

  const startPolling = (): void => {
    closeStream();
    if (stopped || pollTimer !== null) return;
    // Poll at once: events may have been missed while the stream was failing.
    void poll();
  };

  if (finished()) return () => {};

  if (openEventSource === null || openStreams >= MAX_OPEN_STREAMS) {
    startPolling();
    return stop;
  }

  source = openEventSource(jobEventsUrl(options.jobId));
  openStreams += 1;
  source.addEventListener('state', (event) => acceptJob(parseData<Job>(event)));
  source.addEventListener('complete', (event) => acceptJob(parseData<Job>(event)));
  source.addEventListener('failed', (event) => acceptJob(parseData<Job>(event)));
  source.addEventListener('progress', (event) => {
    const progress = parseData<JobProgress>(event);
    if (progress === undefined) return;
    options.update((job) => (job === undefined ? job : applyProgress(job, progress)));
  });
  source.addEventListener('image_progress', (event) => {
    const progress = parseData<{ n: number; fraction: number }>(event);
    if (progress === undefined) return;
    options.update((job) => (job === undefined ? job : applyImageProgress(job, progress)));
  });
  source.addEventListener('image', (event) => {
    const image = parseData<{ n: number; url: string }>(event);
    if (image === undefined) return;
    options.update((job) => (job === undefined ? job : applyImage(job, image)));
  });
  source.onerror = () => {
    // The stream ends after `complete`/`failed`; an error before that means the connection is unreliable
    // (a proxy without SSE support, a server restart), so stop the browser's own reconnect loop and poll.
    if (finished()) stop();
    else startPolling();
  };
  return stop;
}

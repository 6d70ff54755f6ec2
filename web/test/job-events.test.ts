import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import { ApiError } from '../src/api/api-error.ts';
import { followJob, openStreamCount, type EventSourceLike } from '../src/api/job-events.ts';
import { partialProgress, placeholderJob } from '../src/api/job-state.ts';
import type { Job } from '../src/api/types.ts';

class FakeEventSource implements EventSourceLike {
  readonly url: string;
  onerror: ((event: Event) => void) | null = null;
  closed = false;
  private readonly listeners = new Map<string, ((event: MessageEvent<string>) => void)[]>();

  constructor(url: string) {
    this.url = url;
  }

  addEventListener(type: string, listener: (event: MessageEvent<string>) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  close(): void {
    this.closed = true;
  }

  emit(type: string, data: unknown): void {
    for (const listener of this.listeners.get(type) ?? []) listener({ data: JSON.stringify(data) } as MessageEvent<string>);
  }

  fail(): void {
    this.onerror?.(new Event('error'));
  }
}

function makeCache(initial: Job) {
  let current: Job | undefined = initial;
  return {
    read: () => current,
    update: (change: (job: Job | undefined) => Job | undefined) => {
      current = change(current);
    },
  };
}

const queued = placeholderJob({ id: 'job-1', prompt: 'a red bicycle', model: 'demo', sourceJobId: null });
const complete: Job = {
  ...queued,
  status: 'complete',
  progress: { done: 4, total: 4 },
  slots: queued.slots.map((slot) => ({ ...slot, status: 'ready', url: `/api/jobs/job-1/images/${slot.n}` })),
  images: [0, 1, 2, 3].map((n) => `/api/jobs/job-1/images/${n}`),
};

describe('followJob', () => {
  beforeEach(() => mock.timers.enable({ apis: ['setTimeout'] }));
  afterEach(() => mock.timers.reset());

  it('applies stream events to the cache and closes the stream on completion', () => {
    const cache = makeCache(queued);
    let source: FakeEventSource | undefined;
    followJob({
      jobId: 'job-1',
      ...cache,
      openEventSource: (url) => (source = new FakeEventSource(url)),
      fetchJob: () => assert.fail('should not poll while the stream works'),
    });
    assert.equal(source?.url, '/api/jobs/job-1/events');
    source?.emit('state', { ...queued, status: 'processing' });
    source?.emit('image', { n: 1, url: '/api/jobs/job-1/images/1' });
    source?.emit('progress', { done: 1, total: 4 });
    source?.emit('image_progress', { n: 0, fraction: 0.5 });
    source?.emit('image_progress', { n: 0, fraction: 0.3 });
    assert.deepEqual(cache.read()?.image_fractions, { 0: 0.5 }, 'progress within an image never moves back');
    assert.equal(partialProgress(cache.read()!), 1.5);
    assert.equal(cache.read()?.slots[1]?.status, 'ready');
    assert.equal(cache.read()?.progress.done, 1);
    source?.emit('complete', complete);
    assert.equal(cache.read()?.status, 'complete');
    assert.equal(source?.closed, true);
    assert.equal(openStreamCount(), 0);
  });

  it('falls back to polling every interval when the stream errors before the job finishes', async () => {
    const cache = makeCache(queued);
    let source: FakeEventSource | undefined;
    const answers: Job[] = [{ ...queued, status: 'processing', progress: { done: 2, total: 4 } }, complete];
    let polls = 0;
    followJob({
      jobId: 'job-1',
      ...cache,
      openEventSource: (url) => (source = new FakeEventSource(url)),
      fetchJob: async () => answers[polls++] ?? complete,
      pollIntervalMilliseconds: 2000,
    });
    source?.fail();
    assert.equal(source?.closed, true);
    await Promise.resolve();
    await Promise.resolve();
    assert.equal(polls, 1);
    assert.equal(cache.read()?.progress.done, 2);
    mock.timers.tick(1999);
    assert.equal(polls, 1);
    mock.timers.tick(1);
    await Promise.resolve();
    await Promise.resolve();
    assert.equal(polls, 2);
    assert.equal(cache.read()?.status, 'complete');
    mock.timers.tick(10_000);
    assert.equal(polls, 2, 'polling stops once the job is complete');
  });

  it('stops polling a job that no longer exists', async () => {
    const cache = makeCache(queued);
    let polls = 0;
    followJob({
      jobId: 'job-1',
      ...cache,
      openEventSource: null,
      fetchJob: async () => {
        polls += 1;
        throw new ApiError({ status: 404, code: 'not_found', message: 'No such job.' });
      },
    });
    await Promise.resolve();
    await Promise.resolve();
    mock.timers.tick(10_000);
    assert.equal(polls, 1);
  });

  it('does nothing for a finished job', () => {
    const cache = makeCache(complete);
    const stop = followJob({
      jobId: 'job-1',
      ...cache,
      openEventSource: () => assert.fail('no stream for a finished job'),
      fetchJob: () => assert.fail('no polling for a finished job'),
    });
    stop();
  });
});

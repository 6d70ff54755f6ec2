import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BrandgenApiError, type FollowJobOptions as ClientFollowOptions, type JobEvent } from '@brandgen/client';
import { followJob, MAX_OPEN_STREAMS, openStreamCount, type FollowEvents } from '../src/features/generate/api/follow-job.ts';
import { partialProgress, placeholderJob, type Job } from '../src/features/generate/job-state.ts';

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
const filed: Job = { ...complete, filed_at: '2025-01-01T00:00:01.000Z' };

/** Events the test hands out one at a time, standing in for the client's followJob (tested against a real server in client/). */
function scriptedFollow() {
  const calls: Array<{ jobId: string; options: ClientFollowOptions }> = [];
  const pending: Array<(result: IteratorResult<JobEvent>) => void> = [];
  const queue: Array<IteratorResult<JobEvent> | Error> = [];
  const follow: FollowEvents = (jobId, options) => {
    calls.push({ jobId, options });
    return {
      [Symbol.asyncIterator]: () => ({
        next: () =>
          new Promise<IteratorResult<JobEvent>>((resolve, reject) => {
            const ready = queue.shift();
            if (ready instanceof Error) reject(ready);
            else if (ready) resolve(ready);
            else pending.push(resolve);
          }),
      }),
    };
  };
  const push = (item: IteratorResult<JobEvent> | Error) => {
    const waiting = pending.shift();
    if (waiting && !(item instanceof Error)) waiting(item);
    else queue.push(item);
  };
  return {
    follow,
    calls,
    emit: async (event: JobEvent) => {
      push({ value: event, done: false });
      await settle();
    },
    end: async () => {
      push({ value: undefined, done: true });
      await settle();
    },
  };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('followJob (web cache glue)', () => {
  it('applies the client’s events to the cache and lets the stream go once the job is filed', async () => {
    const cache = makeCache(queued);
    const script = scriptedFollow();
    let filings = 0;
    followJob({ jobId: 'job-1', ...cache, follow: script.follow, onFiled: () => (filings += 1) });
    assert.equal(script.calls[0]?.jobId, 'job-1');
    assert.equal(script.calls[0]?.options.transport, 'auto');
    assert.equal(openStreamCount(), 1);
    await script.emit({ type: 'state', id: '1', data: { ...queued, status: 'processing' } });
    await script.emit({
      type: 'image',
      id: '2',
      data: { n: 1, url: '/api/jobs/job-1/images/1', thumbnail_url: '/api/jobs/job-1/images/1/thumbnail' },
    });
    await script.emit({ type: 'progress', id: '3', data: { done: 1, total: 4 } });
    await script.emit({ type: 'image_progress', id: '4', data: { n: 0, fraction: 0.5 } });
    await script.emit({ type: 'image_progress', id: '5', data: { n: 0, fraction: 0.3 } });
    assert.deepEqual(cache.read()?.image_fractions, { 0: 0.5 }, 'progress within an image never moves back');
    assert.equal(partialProgress(cache.read()!), 1.5);
    assert.equal(cache.read()?.slots[1]?.status, 'ready');
    assert.equal(cache.read()?.progress.done, 1);
    await script.emit({ type: 'complete', id: '6', data: complete });
    assert.equal(cache.read()?.status, 'complete');
    assert.equal(cache.read()?.filed_at, null);
    assert.equal(filings, 0);
    assert.equal(openStreamCount(), 1, 'still following: filed comes next');
    await script.emit({ type: 'filed', id: '7', data: filed });
    await script.end();
    assert.equal(cache.read()?.filed_at, filed.filed_at);
    assert.equal(filings, 1, 'the library is refreshed once the job is filed');
    assert.equal(openStreamCount(), 0);
  });

  it('does not move a filed job back when an older read of it arrives', async () => {
    const cache = makeCache(queued);
    const script = scriptedFollow();
    followJob({ jobId: 'job-1', ...cache, follow: script.follow });
    await script.emit({ type: 'filed', id: '7', data: filed });
    await script.emit({ type: 'state', id: undefined, data: complete });
    assert.equal(cache.read()?.filed_at, filed.filed_at);
    await script.end();
  });

  it('stops following when asked, aborting the client’s iteration', async () => {
    const script = scriptedFollow();
    const stop = followJob({ jobId: 'job-1', ...makeCache(queued), follow: script.follow });
    assert.equal(openStreamCount(), 1);
    stop();
    assert.equal(script.calls[0]?.options.signal?.aborted, true);
    assert.equal(openStreamCount(), 0);
  });

  it('gives the connection back when the client falls back to polling', async () => {
    const script = scriptedFollow();
    const stop = followJob({ jobId: 'job-1', ...makeCache(queued), follow: script.follow, pollIntervalMilliseconds: 1500 });
    assert.equal(script.calls[0]?.options.pollIntervalMs, 1500);
    script.calls[0]?.options.onFallback?.(new Error('no event stream here'));
    assert.equal(openStreamCount(), 0);
    stop();
    assert.equal(openStreamCount(), 0, 'released once');
  });

  it(`polls instead of streaming past ${MAX_OPEN_STREAMS} open streams`, () => {
    const script = scriptedFollow();
    const stops = Array.from({ length: MAX_OPEN_STREAMS + 1 }, (_, index) =>
      followJob({ jobId: `job-${index}`, ...makeCache({ ...queued, id: `job-${index}` }), follow: script.follow }),
    );
    assert.deepEqual(
      script.calls.map((call) => call.options.transport),
      [...Array.from({ length: MAX_OPEN_STREAMS }, () => 'auto'), 'poll'],
    );
    assert.equal(openStreamCount(), MAX_OPEN_STREAMS);
    for (const stop of stops) stop();
    assert.equal(openStreamCount(), 0);
  });

  it('ends quietly, releasing the stream, when the job no longer exists', async () => {
    const cache = makeCache(queued);
    const missing = new BrandgenApiError({ status: 404, code: 'not_found', message: 'No such job.' });
    followJob({
      jobId: 'job-1',
      ...cache,
      follow: () => ({ [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(missing) }) }),
    });
    assert.equal(openStreamCount(), 1);
    await settle();
    assert.equal(openStreamCount(), 0);
    assert.equal(cache.read(), queued, 'the cache keeps what it had');
  });

  it('keeps following a finished job that is not filed yet, for its filing', async () => {
    const script = scriptedFollow();
    const stop = followJob({ jobId: 'job-1', ...makeCache(complete), follow: script.follow });
    assert.equal(script.calls.length, 1);
    stop();
  });

  it('does nothing for a filed job', () => {
    const stop = followJob({ jobId: 'job-1', ...makeCache(filed), follow: () => assert.fail('no following for a filed job') });
    stop();
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Batch, BatchEvent, BatchJob } from '@brandgen/client';
import { allJobsFiled, applyBatchEvent } from '../src/features/batches/batch-state.ts';
import { isFiled } from '../src/features/generate/job-state.ts';
import { placeholderJob } from '../src/features/generate/job-state.ts';

const pendingSlots = [0, 1, 2, 3].map((n) => ({ n, status: 'pending' as const, url: null, thumbnail_url: null }));

function batchJob(id: string, overrides: Partial<BatchJob> = {}): BatchJob {
  return {
    job_id: id,
    prompt: `prompt ${id}`,
    status: 'queued',
    filed_at: null,
    progress: { done: 0, total: 4 },
    error: null,
    slots: pendingSlots,
    ...overrides,
  };
}

function batch(jobs: BatchJob[]): Batch {
  return {
    id: 'batch-1',
    status: 'running',
    template_id: null,
    created_at: '2026-11-30T10:00:00.000Z',
    cancelled_at: null,
    progress: { jobs: { done: 0, total: jobs.length }, images: { done: 0, total: 4 * jobs.length } },
    jobs,
    archive_url: '/api/batches/batch-1/archive',
  };
}

/** A whole job as the stream's state, complete, failed and filed events carry it. */
function streamedJob(id: string, status: 'processing' | 'complete' | 'failed', done: number, filedAt: string | null = null) {
  const job = placeholderJob({ id, prompt: `prompt ${id}`, model: 'demo', sourceJobId: null });
  const slots = job.slots.map((slot) =>
    slot.n < done ? { ...slot, status: 'ready' as const, url: `/api/jobs/${id}/images/${slot.n}`, thumbnail_url: `/t/${slot.n}` } : slot,
  );
  return { ...job, status, slots, progress: { done, total: 4 }, filed_at: filedAt };
}

const FILED_AT = '2026-11-30T10:01:00.000Z';

describe('applyBatchEvent', () => {
  it('moves a job on with progress and images, and sums the batch', () => {
    const untouched = batchJob('b');
    let current = batch([batchJob('a'), untouched]);
    current = applyBatchEvent(current, { type: 'progress', data: { job_id: 'a', done: 1, total: 4 } } as BatchEvent);
    current = applyBatchEvent(current, {
      type: 'image',
      data: { job_id: 'a', n: 2, url: '/api/jobs/a/images/2', thumbnail_url: '/api/jobs/a/images/2/thumbnail' },
    } as BatchEvent);
    const [first, second] = current.jobs;
    assert.equal(first!.status, 'processing');
    assert.deepEqual(first!.slots[2], {
      n: 2,
      status: 'ready',
      url: '/api/jobs/a/images/2',
      thumbnail_url: '/api/jobs/a/images/2/thumbnail',
    });
    assert.equal(second, untouched, 'the other job is untouched');
    assert.deepEqual(current.progress, { jobs: { done: 0, total: 2 }, images: { done: 1, total: 8 } });
    assert.equal(current.status, 'running', 'how the batch ends is the server’s to say');
  });

  it('takes a finished job whole, never moves it back, and says when every job is filed', () => {
    let current = batch([batchJob('a'), batchJob('b', { status: 'complete', progress: { done: 4, total: 4 }, filed_at: FILED_AT })]);
    current = applyBatchEvent(current, { type: 'complete', data: streamedJob('a', 'complete', 4) } as BatchEvent);
    assert.equal(current.jobs[0]!.status, 'complete');
    assert.equal(current.jobs[0]!.slots.filter((slot) => slot.status === 'ready').length, 4);
    assert.deepEqual(current.progress.jobs, { done: 2, total: 2 });
    assert.equal(allJobsFiled(current), false, 'finished, but its thumbnails are not there yet');
    current = applyBatchEvent(current, { type: 'filed', data: streamedJob('a', 'complete', 4, FILED_AT) } as BatchEvent);
    assert.equal(allJobsFiled(current), true);
    const late = applyBatchEvent(current, { type: 'state', data: streamedJob('a', 'processing', 2) } as BatchEvent);
    assert.equal(late.jobs[0]!.status, 'complete', 'an older state does not undo the end');
    const stray = applyBatchEvent(current, { type: 'progress', data: { job_id: 'other', done: 1, total: 4 } } as BatchEvent);
    assert.equal(stray, current, 'a job not in the batch changes nothing');
  });
});

describe('isFiled, for a batch’s jobs', () => {
  it('follows the stream’s word once it has one, and never takes a filing back', () => {
    let current = batch([batchJob('a')]);
    current = applyBatchEvent(current, { type: 'complete', data: streamedJob('a', 'complete', 4) } as BatchEvent);
    assert.equal(isFiled(current.jobs[0]!), false, 'complete is not filed');
    current = applyBatchEvent(current, { type: 'filed', data: streamedJob('a', 'complete', 4, FILED_AT) } as BatchEvent);
    assert.equal(isFiled(current.jobs[0]!), true);
    const late = applyBatchEvent(current, { type: 'complete', data: streamedJob('a', 'complete', 4) } as BatchEvent);
    assert.equal(isFiled(late.jobs[0]!), true, 'a repeated complete after filed changes nothing');
  });

  it('learns that a job listed as finished is not filed yet when its stream says so', () => {
    let current = batch([batchJob('a', { status: 'complete', progress: { done: 4, total: 4 } })]);
    current = applyBatchEvent(current, { type: 'state', data: streamedJob('a', 'complete', 4) } as BatchEvent);
    assert.equal(isFiled(current.jobs[0]!), false);
  });

  it('takes the server’s word on a listed job: filed once it says when', () => {
    assert.equal(isFiled(batchJob('a', { status: 'failed', filed_at: FILED_AT })), true);
    assert.equal(isFiled(batchJob('b', { status: 'complete' })), false, 'finished, not yet filed');
  });
});

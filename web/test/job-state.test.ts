import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  applyImage,
  applyProgress,
  describeJobStatus,
  isFiled,
  pickNewer,
  placeholderJob,
  type Job,
} from '../src/features/generate/job-state.ts';

function job(overrides: Partial<Job> = {}): Job {
  return { ...placeholderJob({ id: 'job-1', prompt: 'a red bicycle', model: 'demo', sourceJobId: null }), ...overrides };
}

describe('pickNewer', () => {
  it('never moves a finished job back to processing', () => {
    const complete = job({ status: 'complete', progress: { done: 4, total: 4 } });
    const stale = job({ status: 'processing', progress: { done: 3, total: 4 } });
    assert.equal(pickNewer(complete, stale), complete);
  });

  it('keeps the job with more images ready when both are processing', () => {
    const ahead = job({ status: 'processing', progress: { done: 3, total: 4 } });
    const behind = job({ status: 'processing', progress: { done: 2, total: 4 } });
    assert.equal(pickNewer(ahead, behind), ahead);
    assert.equal(pickNewer(behind, ahead), ahead);
  });

  it('never takes back a filing: a job read just before it was filed loses to the filed one', () => {
    const complete = job({ status: 'complete', progress: { done: 4, total: 4 } });
    const filed = { ...complete, filed_at: '2025-01-01T00:00:01.000Z' };
    assert.equal(pickNewer(filed, complete), filed);
    assert.equal(pickNewer(complete, filed), filed);
  });

  it('takes the server job over a placeholder of the same progress', () => {
    const placeholder = job();
    const server = job({ created_at: '2025-01-01T00:00:00.000Z' });
    assert.equal(pickNewer(placeholder, server), server);
  });
});

describe('live event reducers', () => {
  it('marks a slot ready and lists its image in slot order', () => {
    let current = applyImage(job(), { n: 2, url: '/api/jobs/job-1/images/2', thumbnail_url: '/api/jobs/job-1/images/2/thumbnail' });
    current = applyImage(current, { n: 0, url: '/api/jobs/job-1/images/0', thumbnail_url: '/api/jobs/job-1/images/0/thumbnail' });
    assert.equal(current.status, 'processing');
    assert.deepEqual(current.images, ['/api/jobs/job-1/images/0', '/api/jobs/job-1/images/2']);
    assert.equal(current.slots[2]?.status, 'ready');
    assert.equal(current.slots[2]?.thumbnail_url, '/api/jobs/job-1/images/2/thumbnail');
    assert.equal(current.progress.done, 2);
  });

  it('ignores a progress event older than what is shown', () => {
    const current = job({ status: 'processing', progress: { done: 3, total: 4 } });
    assert.equal(applyProgress(current, { done: 2, total: 4 }), current);
    assert.deepEqual(applyProgress(current, { done: 4, total: 4 }).progress, { done: 4, total: 4 });
  });
});

describe('describeJobStatus', () => {
  it('reads progress and completion in plain words', () => {
    assert.equal(describeJobStatus(job({ status: 'processing', progress: { done: 2, total: 4 } })), 'Generating… 2 of 4 images ready');
    const slots = job().slots.map((slot) => ({ ...slot, status: 'ready' as const, url: `/x/${slot.n}` }));
    assert.equal(describeJobStatus(job({ status: 'complete', slots, progress: { done: 4, total: 4 } })), 'Done: 4 images ready');
  });

  it('explains a failure with the server message', () => {
    const failed = job({ status: 'failed', error: { code: 'generation_failed', message: 'The provider timed out' } });
    assert.equal(describeJobStatus(failed), 'Generation failed. The provider timed out.');
  });
});

describe('isFiled', () => {
  it('is false for a new job and for a finished one not yet filed, true once filed_at is set', () => {
    assert.equal(isFiled(job()), false, 'a placeholder is not filed');
    assert.equal(isFiled(job({ status: 'complete' })), false);
    assert.equal(isFiled(job({ status: 'complete', filed_at: '2025-01-01T00:00:01.000Z' })), true);
  });
});

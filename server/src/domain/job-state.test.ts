import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pendingSlot, type JobSlot, type SlotStatus } from './job.ts';
import { canTransition, settledStatus, slotSeeds, statusesBefore } from './job-state.ts';

function slots(...statuses: SlotStatus[]): JobSlot[] {
  return statuses.map((status, slot) => ({ ...pendingSlot(slot, slot), status }));
}

test('a job moves forward only', () => {
  assert.ok(canTransition('queued', 'processing'));
  assert.ok(canTransition('processing', 'complete'));
  assert.ok(canTransition('processing', 'failed'));
  assert.ok(canTransition('processing', 'processing'), 'a restarted worker resumes a half-done job');
  assert.ok(!canTransition('complete', 'processing'));
  assert.ok(!canTransition('failed', 'complete'));
  assert.ok(!canTransition('queued', 'complete'), 'no job completes without running');
  assert.ok(!canTransition('processing', 'queued'));
});

test('the statuses a move may start from', () => {
  assert.deepEqual(statusesBefore('processing').sort(), ['processing', 'queued']);
  assert.deepEqual(statusesBefore('complete'), ['processing']);
  assert.deepEqual(statusesBefore('queued'), []);
});

test('slots settle into complete or failed only when none is pending', () => {
  assert.equal(settledStatus(slots('ready', 'ready', 'ready', 'ready')), 'complete');
  assert.equal(settledStatus(slots('ready', 'failed', 'ready', 'ready')), 'failed');
  assert.equal(settledStatus(slots('ready', 'pending', 'failed', 'ready')), undefined);
  assert.equal(settledStatus(slots('pending', 'pending', 'pending', 'pending')), undefined);
});

test('slot seeds are consecutive and wrap at 32 bits', () => {
  assert.deepEqual(slotSeeds(10, 4), [10, 11, 12, 13]);
  assert.deepEqual(slotSeeds(2 ** 32 - 2, 4), [2 ** 32 - 2, 2 ** 32 - 1, 0, 1]);
});

import type { JobSlot, JobStatus } from './job.ts';

/**
 * The job state machine. `processing → processing` is allowed because a worker that restarts after a crash
 * picks a half-done job up again where it stood.
 */
const transitions: Record<JobStatus, readonly JobStatus[]> = {
  queued: ['processing', 'failed'],
  processing: ['processing', 'complete', 'failed'],
  complete: [],
  failed: [],
};

export function canTransition(from: JobStatus, to: JobStatus): boolean {
  return transitions[from].includes(to);
}

/** The statuses a job may be in for a move to `to` to be legal: the condition of a compare-and-set update. */
export function statusesBefore(to: JobStatus): JobStatus[] {
  return (Object.keys(transitions) as JobStatus[]).filter((from) => canTransition(from, to));
}

/**
 * The status a job's slots add up to once none is pending: complete when all are ready, failed when any failed.
 * `undefined` while some slot still waits.
 */
export function settledStatus(slots: readonly JobSlot[]): 'complete' | 'failed' | undefined {
  if (slots.some((slot) => slot.status === 'pending')) return undefined;
  return slots.every((slot) => slot.status === 'ready') ? 'complete' : 'failed';
}

/** Seeds for the four slots: consecutive from the user's seed, or random, wrapped into 32 bits. */
export function slotSeeds(firstSeed: number, count: number): number[] {
  return Array.from({ length: count }, (_, slot) => (firstSeed + slot) % 2 ** 32);
}

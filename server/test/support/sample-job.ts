import { DEFAULT_BRAND_ID } from '../../src/domain/brand.ts';
import { pendingSlot, type Job } from '../../src/domain/job.ts';

/**
 * A queued job of four pending images, ready to insert; each test changes what it is about. A finished one counts as
 * filed when it finished, unless the test says otherwise, so no worker takes it up to file it.
 */
export function sampleJob(id: string, overrides: Partial<Job> = {}, firstSeed = 4_294_967_000): Job {
  const finished = overrides.status === 'complete' || overrides.status === 'failed';
  return {
    id,
    userId: 'user-a',
    prompt: 'a lighthouse',
    finalPrompt: 'brndgn style, a lighthouse',
    negativePrompt: 'blurry',
    model: 'demo',
    status: 'queued',
    settings: { seed: firstSeed, size: '1024x1024' },
    brand: { id: DEFAULT_BRAND_ID, version: 1 },
    estimatedCostUsd: 0,
    sourceJobId: null,
    error: null,
    createdAt: '2026-11-23T01:00:00.000Z',
    startedAt: null,
    completedAt: null,
    filedAt: finished ? (overrides.completedAt ?? '2026-11-23T01:00:05.000Z') : null,
    slots: [0, 1, 2, 3].map((slot) => pendingSlot(slot, firstSeed + slot)),
    ...overrides,
  };
}

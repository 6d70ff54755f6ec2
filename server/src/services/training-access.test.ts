import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BlobStore } from '../blobs/blob-store.ts';
import type { TrainingRepository } from '../db/training-repository.ts';
import type { TrainingSetRepository } from '../db/training-set-repository.ts';
import type { UsageRepository } from '../db/usage-repository.ts';
import type { BrandService } from './brand-service.ts';
import { systemClock } from './clock.ts';
import { ForbiddenError } from './errors.ts';
import type { TrainingEvents } from './training-events.ts';
import { TrainingService } from './training-service.ts';
import { TrainingSetService } from './training-set-service.ts';

/** Any use of a collaborator fails the test: a refusal for lack of the admin role must come before all of them. */
const untouchable = <T extends object>(name: string): T =>
  new Proxy({} as T, {
    get: (_target, property) => () => assert.fail(`${name}.${String(property)} was used before the role was checked`),
  });

const member = { userId: 'member', isAdmin: false };
const brandId = '00000000-0000-4000-8000-000000000001';
const id = '00000000-0000-4000-8000-00000000000a';

test('a member without the admin role may change no training set and start or cancel no training', async () => {
  const sets = new TrainingSetService({
    sets: untouchable<TrainingSetRepository>('sets'),
    trainings: untouchable<TrainingRepository>('trainings'),
    brands: untouchable<BrandService>('brands'),
    blobs: untouchable<BlobStore>('blobs'),
    clock: systemClock,
  });
  const trainings = new TrainingService({
    trainings: untouchable<TrainingRepository>('trainings'),
    sets: untouchable<TrainingSetRepository>('sets'),
    brands: untouchable<BrandService>('brands'),
    usage: untouchable<UsageRepository>('usage'),
    trainers: () => [],
    monthlyBudgetUsd: null,
    enqueue: async () => assert.fail('nothing may be queued'),
    clock: systemClock,
    events: untouchable<TrainingEvents>('events'),
  });
  const refusals = [
    sets.create(member, brandId, { triggerWord: 'brdgn', kind: 'style', images: [] }),
    sets.update(member, brandId, id, { name: 'x' }),
    sets.addImages(member, brandId, id, []),
    sets.removeImage(member, brandId, id, id),
    sets.delete(member, brandId, id),
    trainings.start(member, brandId, { setId: id, trainer: 'demo' }),
    trainings.cancel(member, id),
  ];
  for (const refusal of refusals)
    await assert.rejects(refusal, (error: unknown) => error instanceof ForbiddenError && error.code === 'forbidden');
});

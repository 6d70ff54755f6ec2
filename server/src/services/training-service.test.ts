import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TrainingRepository } from '../db/training-repository.ts';
import type { TrainingSetRepository } from '../db/training-set-repository.ts';
import type { UsageRepository } from '../db/usage-repository.ts';
import type { Training, TrainingEventBody } from '../domain/training.ts';
import type { WebhookEvent } from '../domain/webhook.ts';
import type { BrandService } from './brand-service.ts';
import type { TrainingEvents } from './training-events.ts';
import { TrainingService } from './training-service.ts';

const queued: Training = {
  id: 'training-1',
  brandId: 'brand-1',
  setId: 'set-1',
  trainer: 'replicate',
  family: 'flux',
  steps: 800,
  learningRate: 0.0004,
  useAtOnce: true,
  status: 'queued',
  step: 0,
  estimatedCostUsd: 1.48,
  providerRequestId: null,
  cancelRequested: false,
  loraId: null,
  brandVersion: null,
  error: null,
  createdBy: 'admin-1',
  createdAt: '2026-11-30T12:00:00.000Z',
  finishedAt: null,
};

/** The repository calls a cancel makes, recorded; the training ends as the transition says. */
function recordingTrainings() {
  let current = { ...queued };
  const transitions: { event: TrainingEventBody; webhook: WebhookEvent | undefined }[] = [];
  const trainings = {
    findById: async () => current,
    requestCancel: async () => void (current = { ...current, cancelRequested: true }),
    transition: async (_id: string, change: Partial<Training>, event: TrainingEventBody, _at: string, webhook?: WebhookEvent) => {
      transitions.push({ event, webhook });
      current = { ...current, ...change };
      return { ...event, sequence: 2 };
    },
  } as unknown as TrainingRepository;
  return { trainings, transitions };
}

test('canceling a queued training ends it at once and announces training.canceled to webhooks', async () => {
  const { trainings, transitions } = recordingTrainings();
  let woken = 0;
  const published: unknown[] = [];
  const service = new TrainingService({
    trainings,
    sets: {} as TrainingSetRepository,
    brands: {} as BrandService,
    usage: {} as UsageRepository,
    trainers: () => [],
    monthlyBudgetUsd: null,
    enqueue: async () => undefined,
    clock: { now: () => '2026-11-30T12:01:00.000Z', newId: () => 'unused' },
    onFinished: () => void (woken += 1),
    events: { publish: async (_id: string, event: unknown) => void published.push(event) } as unknown as TrainingEvents,
  });
  const canceled = await service.cancel({ userId: 'admin-1', isAdmin: true }, queued.id);
  assert.equal(canceled.status, 'canceled');
  assert.equal(transitions.length, 1);
  assert.equal(transitions[0]!.event.type, 'failed');
  assert.deepEqual(transitions[0]!.webhook, {
    type: 'training.canceled',
    userId: 'admin-1',
    data: {
      training_id: 'training-1',
      brand_id: 'brand-1',
      set_id: 'set-1',
      trainer: 'replicate',
      family: 'flux',
      steps: 800,
      estimated_cost_usd: 1.48,
      status: 'canceled',
      error: {
        code: 'canceled',
        message: 'The training was canceled; nothing was attached to the brand. The set is kept for another try.',
      },
    },
    createdAt: '2026-11-30T12:01:00.000Z',
  });
  assert.equal(woken, 1, 'the dispatcher is woken to send it');
  assert.deepEqual(published, [{ ...transitions[0]!.event, sequence: 2 }], 'open streams hear of it through the bus');
});

import { LoraRepository } from '../db/lora-repository.ts';
import { TrainingRepository } from '../db/training-repository.ts';
import { TrainingSetRepository } from '../db/training-set-repository.ts';
import { UsageRepository } from '../db/usage-repository.ts';
import { createDemoTrainer } from '../providers/demo/demo-trainer.ts';
import { createFalTrainer } from '../providers/fal/fal-trainer.ts';
import { createReplicateTrainer } from '../providers/replicate/replicate-trainer.ts';
import type { Trainer } from '../domain/training.ts';
import type { BrandService } from '../services/brand-service.ts';
import { TrainingEvents } from '../services/training-events.ts';
import { TrainingRunner } from '../services/training-runner.ts';
import { TrainingService } from '../services/training-service.ts';
import { TrainingSetService } from '../services/training-set-service.ts';
import type { WebhookDispatcher } from '../services/webhook-dispatcher.ts';
import type { ProviderSettingsMap } from '../providers/provider-ids.ts';
import type { Adapters } from './build-adapters.ts';
import type { CompositionContext } from './context.ts';

/** A demo training takes about three seconds at its default twenty steps: long enough to watch, short enough to wait. */
const DEMO_TRAINING_STEP_MS = 150;
/** With Redis, whose pub/sub can drop a message, how often open training streams read the store for what they lack. */
const TRAINING_EVENT_CATCH_UP_MS = 2_000;

export interface TrainingServices {
  trainingSets: TrainingSetService;
  trainings: TrainingService;
  trainingRunner: TrainingRunner;
}

/** Training sets, trainings and the runner that follows them in the queue; the demo trainer always, offline. */
export function buildTraining(
  adapters: Adapters,
  context: CompositionContext,
  shared: { brands: BrandService; dispatcher: WebhookDispatcher | undefined; currentProviders: () => ProviderSettingsMap },
): TrainingServices {
  const { config, clock, logger, overrides } = context;
  const { database, blobs, queue } = adapters;
  const sets = new TrainingSetRepository({ database });
  const trainings = new TrainingRepository({ database });
  const events = new TrainingEvents({
    repository: trainings,
    bus: adapters.bus,
    ...(config.redis && { catchUpMs: TRAINING_EVENT_CATCH_UP_MS }),
    onPublishError: (error) => logger.warn({ err: error }, 'a training event was stored but not broadcast'),
  });
  const demo = createDemoTrainer({ stepMs: overrides.demoTrainingStepMs ?? DEMO_TRAINING_STEP_MS });
  // Read at each use, so a key saved, replaced or removed on the Settings page applies as it does to the catalog.
  const trainers = () => hostedTrainers(shared.currentProviders(), context, demo);
  return {
    trainingSets: new TrainingSetService({ sets, trainings, brands: shared.brands, blobs, clock }),
    trainings: new TrainingService({
      trainings,
      sets,
      brands: shared.brands,
      trainers,
      usage: new UsageRepository({ database }),
      monthlyBudgetUsd: config.monthlyBudgetUsd,
      enqueue: (queueId) => queue.enqueue(queueId),
      clock,
      events,
      ...(shared.dispatcher && { onFinished: shared.dispatcher.wake }),
    }),
    trainingRunner: new TrainingRunner({
      trainings,
      sets,
      loras: new LoraRepository({ database }),
      brands: shared.brands,
      blobs,
      trainers,
      clock,
      events,
      ...(shared.dispatcher && { onFinished: shared.dispatcher.wake }),
      onError: (trainingId, error) => logger.error({ err: error, trainingId }, 'training failed'),
    }),
  };
}

/** The demo trainer, and each hosted trainer whose provider has a key now. */
function hostedTrainers(providers: ProviderSettingsMap, context: CompositionContext, demo: Trainer): Trainer[] {
  const trainers = [demo];
  const { fal, replicate } = providers;
  // With a fal.ai key, fal.ai trains FLUX LoRAs; FAL_BASE_URL (a proxy) or FAL_QUEUE_BASE_URL move its addresses.
  if (fal) {
    trainers.push(
      createFalTrainer({
        apiKey: fal.apiKey,
        queueBaseUrl: fal.queueBaseUrl ?? fal.baseUrl ?? 'https://queue.fal.run',
        storageBaseUrl: fal.baseUrl ?? 'https://rest.alpha.fal.ai',
        ...(fal.pollIntervalMs !== undefined && { pollIntervalMs: fal.pollIntervalMs }),
      }),
    );
  }
  // With a Replicate token, so does Replicate; REPLICATE_BASE_URL moves its API, REPLICATE_TRAINING_OWNER its models.
  if (replicate) {
    const pollIntervalMs = context.overrides.trainingPollIntervalMs ?? replicate.pollIntervalMs;
    trainers.push(
      createReplicateTrainer({
        apiKey: replicate.apiKey,
        baseUrl: replicate.baseUrl ?? 'https://api.replicate.com/v1',
        destinationOwner: context.config.replicateTrainingOwner,
        ...(pollIntervalMs !== undefined && { pollIntervalMs }),
      }),
    );
  }
  return trainers;
}

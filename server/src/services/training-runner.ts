import { createHash } from 'node:crypto';
import type { BlobStore } from '../blobs/blob-store.ts';
import type { LoraRepository } from '../db/lora-repository.ts';
import type { TrainingRepository } from '../db/training-repository.ts';
import type { TrainingSetRepository } from '../db/training-set-repository.ts';
import type { Lora } from '../domain/lora.ts';
import {
  DEMO_PROFILE_FILE,
  isTrainingFinished,
  TrainerError,
  type Trainer,
  type Training,
  type TrainingError,
  type TrainedWeights,
} from '../domain/training.ts';
import type { TrainingSet } from '../domain/training-set.ts';
import { trainingWebhook } from '../domain/training-webhook.ts';
import type { BrandService } from './brand-service.ts';
import type { Clock } from './clock.ts';
import { canceledError } from './training-service.ts';
import type { TrainingEvents } from './training-events.ts';
import { SafetensorsCheck } from '../domain/safetensors-check.ts';

export interface TrainingRunnerOptions {
  trainings: TrainingRepository;
  sets: TrainingSetRepository;
  loras: LoraRepository;
  brands: BrandService;
  blobs: BlobStore;
  /** The trainers offered now: they follow the provider keys saved on the Settings page. */
  trainers: () => readonly Trainer[];
  clock: Clock;
  /** Carries each stored event to the streams following the training, in this process or another. */
  events: TrainingEvents;
  /** How often a running training checks whether someone asked to cancel it (possibly through another process). */
  cancelCheckMs?: number;
  /** Wakes the webhook dispatcher after an event was written to the outbox. */
  onFinished?: () => void;
  onError?: (trainingId: string, error: unknown) => void;
}

/**
 * Runs one training to its end: the trainer's work (or, after a restart, the following of its provider request),
 * then the weights stored, registered as a trained LoRA and attached to the brand as a new version. Each of those
 * steps is checked before it is done, so a training resumed after a crash attaches once.
 */
export class TrainingRunner {
  private readonly options: TrainingRunnerOptions;
  private readonly stopping = new AbortController();

  constructor(options: TrainingRunnerOptions) {
    this.options = options;
  }

  /** Set once shutdown began: a training cut short stays running, for the next worker to pick up. */
  get aborted(): boolean {
    return this.stopping.signal.aborted;
  }

  abort(): void {
    this.stopping.abort();
  }

  async run(id: string): Promise<void> {
    const { trainings, sets, clock } = this.options;
    let training = await trainings.findById(id);
    if (!training || isTrainingFinished(training.status)) return;
    const trainer = this.options.trainers().find((candidate) => candidate.id === training?.trainer);
    const set = await sets.findById(training.setId);
    if (!trainer || !set) {
      const message = !trainer
        ? `The trainer "${training.trainer}" is no longer configured on this installation. Configure it again and start a new training.`
        : 'The training set was deleted before the training ran. Create the set again and start a new training.';
      await this.fail(training, { code: 'training_unavailable', message });
      return;
    }
    if (training.status === 'queued') {
      const now = clock.now();
      const running = await trainings.transition(
        id,
        { status: 'running' },
        { type: 'state', data: { status: 'running', step: training.step, steps: training.steps } },
        now,
      );
      await this.options.events.publish(id, running);
      training = { ...training, status: 'running' };
    }
    await this.follow(training, trainer, set);
  }

  private async follow(training: Training, trainer: Trainer, set: TrainingSet): Promise<void> {
    const canceled = new AbortController();
    const signal = AbortSignal.any([canceled.signal, this.stopping.signal]);
    const watch = setInterval(() => void this.checkCancel(training.id, canceled), this.options.cancelCheckMs ?? 1_000);
    watch.unref();
    let weights: TrainedWeights;
    try {
      weights = await trainer.train({
        training,
        set,
        signal,
        canceled: canceled.signal,
        readImage: async (image) => {
          const bytes = await this.options.blobs.read(image.blobKey);
          if (!bytes)
            throw new TrainerError(
              'image_missing',
              `The picture ${image.fileName} is missing from storage. Remove it from the set and train again.`,
            );
          return bytes;
        },
        onSubmitted: (requestId) => this.options.trainings.setProviderRequestId(training.id, requestId),
        onProgress: async (progress) => {
          const { trainings, clock, events } = this.options;
          await events.publish(
            training.id,
            await trainings.recordProgress(training.id, progress.step, { type: 'progress', data: progress }, clock.now()),
          );
        },
      });
    } catch (error) {
      if (this.aborted) return;
      if (canceled.signal.aborted) await this.fail(training, canceledError, 'canceled');
      else await this.fail(training, errorOf(error));
      if (!(error instanceof TrainerError) && !canceled.signal.aborted) this.options.onError?.(training.id, error);
      return;
    } finally {
      clearInterval(watch);
    }
    await this.complete(training, trainer, set, weights);
  }

  private async checkCancel(id: string, canceled: AbortController): Promise<void> {
    const training = await this.options.trainings.findById(id).catch(() => undefined);
    if (training?.cancelRequested) canceled.abort();
  }

  private async complete(training: Training, trainer: Trainer, set: TrainingSet, weights: TrainedWeights): Promise<void> {
    if (weights.bytes.byteLength === 0) {
      await this.fail(training, {
        code: 'no_weights',
        message: `${trainer.label} finished without weights. Nothing was attached; try again.`,
      });
      return;
    }
    if (weights.fileName !== DEMO_PROFILE_FILE && !isSafetensors(weights.bytes)) {
      await this.fail(training, {
        code: 'bad_weights',
        message: `${trainer.label} returned weights that are not a usable .safetensors file. Nothing was attached; the set is kept for another try.`,
      });
      return;
    }
    const lora = await this.register(training, trainer, set, weights);
    const brandVersion = training.useAtOnce ? await this.attach(training, lora, set) : null;
    const now = this.options.clock.now();
    const done = await this.options.trainings.transition(
      training.id,
      { status: 'complete', step: training.steps, loraId: lora.id, brandVersion, finishedAt: now },
      { type: 'complete', data: { lora_id: lora.id, brand_version: brandVersion } },
      now,
      trainingWebhook(training, 'training.completed', { lora_id: lora.id, brand_version: brandVersion, status: 'complete' }, now),
    );
    await this.options.events.publish(training.id, done);
    if (done) this.options.onFinished?.();
  }

  /** The LoRA's id is the training's: a resumed run finds the record it already made instead of adding a second. */
  private async register(training: Training, trainer: Trainer, set: TrainingSet, weights: TrainedWeights): Promise<Lora> {
    const existing = await this.options.loras.findById(training.id);
    if (existing) return existing;
    const blobKey = `loras/${training.id}-${weights.fileName}`;
    await this.options.blobs.put(blobKey, weights.bytes, 'application/octet-stream');
    const lora: Lora = {
      id: training.id,
      brandId: training.brandId,
      name: `${set.name} (${trainer.label}, ${training.steps} steps)`,
      family: training.family,
      triggerWord: set.triggerWord,
      defaultScale: 1,
      source: {
        kind: 'trained',
        blobKey,
        sha256: createHash('sha256').update(weights.bytes).digest('hex'),
        byteSize: weights.bytes.byteLength,
        fileName: weights.fileName,
      },
      createdAt: this.options.clock.now(),
    };
    await this.options.loras.insert(lora);
    return lora;
  }

  /** A new brand version pointing the family at the LoRA, unless the current one already does (a resumed run). */
  private async attach(training: Training, lora: Lora, set: TrainingSet): Promise<number> {
    const brand = await this.options.brands.get(training.brandId);
    const kit = brand.current.kit;
    if (kit.lora.by_family[training.family]?.lora_id === lora.id) return brand.current.version;
    const changed = {
      ...kit,
      lora: {
        trigger_word: kit.lora.trigger_word || set.triggerWord,
        by_family: { ...kit.lora.by_family, [training.family]: { lora_id: lora.id, scale: lora.defaultScale } },
      },
    };
    const updated = await this.options.brands.update({ userId: training.createdBy, isAdmin: true }, training.brandId, changed, 'training');
    return updated.current.version;
  }

  private async fail(training: Training, error: TrainingError, status: 'failed' | 'canceled' = 'failed'): Promise<void> {
    const now = this.options.clock.now();
    const done = await this.options.trainings.transition(
      training.id,
      { status, error, finishedAt: now },
      { type: 'failed', data: { error } },
      now,
      trainingWebhook(training, status === 'failed' ? 'training.failed' : 'training.canceled', { status, error }, now),
    );
    await this.options.events.publish(training.id, done);
    if (done) this.options.onFinished?.();
  }
}

function errorOf(error: unknown): TrainingError {
  if (error instanceof TrainerError) return { code: error.code, message: error.message };
  return {
    code: 'training_failed',
    message: 'The training failed on an unexpected error. Nothing was attached; the set is kept for another try.',
  };
}

/** Whether downloaded weights are a well-formed safetensors file, checked as an upload is, before they become a LoRA. */
function isSafetensors(bytes: Uint8Array): boolean {
  const check = new SafetensorsCheck();
  return check.add(bytes) === undefined && !('problem' in check.finish());
}

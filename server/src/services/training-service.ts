import type { TrainingRepository } from '../db/training-repository.ts';
import type { TrainingSetRepository } from '../db/training-set-repository.ts';
import type { UsageRepository } from '../db/usage-repository.ts';
import { estimatedTrainingCostUsd, isTrainingFinished, type Trainer, type Training, type TrainingEvent } from '../domain/training.ts';
import { trainingReadinessProblems } from '../domain/training-set.ts';
import { trainingWebhook } from '../domain/training-webhook.ts';
import type { BrandActor, BrandService } from './brand-service.ts';
import { requireAdmin } from './brand-service.ts';
import type { Clock } from './clock.ts';
import type { TrainingEvents } from './training-events.ts';
import { BudgetExceededError, ConflictError, NotFoundError, ValidationError, type FieldError } from './errors.ts';

/** Queue ids of trainings carry this prefix, so one queue runs jobs and trainings and tells them apart. */
export const TRAINING_QUEUE_PREFIX = 'training-';

export interface TrainingServiceOptions {
  trainings: TrainingRepository;
  sets: TrainingSetRepository;
  brands: BrandService;
  /** The trainers offered now: they follow the provider keys saved on the Settings page. */
  trainers: () => readonly Trainer[];
  usage: UsageRepository;
  monthlyBudgetUsd: number | null;
  enqueue: (queueId: string) => Promise<void>;
  clock: Clock;
  /** Carries each stored event to the streams following the training, in this process or another. */
  events: TrainingEvents;
  /** Wakes the webhook dispatcher after a queued training was canceled and its event written to the outbox. */
  onFinished?: () => void;
}

export interface TrainingRequest {
  setId: string;
  trainer: string;
  family?: string;
  steps?: number;
  learningRate?: number;
  useAtOnce?: boolean;
}

/** A trainer as offered: with the estimate of a default run, shown before anything starts. */
export interface OfferedTrainer {
  trainer: Trainer;
  estimatedCostUsd: number;
}

/** A month's training budget refusal, in the words of a training rather than of image generation. */
export class TrainingBudgetError extends BudgetExceededError {
  constructor(budgetUsd: number, spentUsd: number, costUsd: number) {
    super(budgetUsd, spentUsd);
    this.message =
      `This training is estimated at $${costUsd.toFixed(2)}, and $${spentUsd.toFixed(2)} of this month's budget of ` +
      `$${budgetUsd.toFixed(2)} is already spent. Train with fewer steps, wait for next month, or ask an administrator ` +
      'to raise BRANDGEN_MONTHLY_BUDGET_USD. The set is kept.';
  }
}

/** Starting, reading and canceling trainings; the runner does the work in the queue. */
export class TrainingService {
  private readonly options: TrainingServiceOptions;

  constructor(options: TrainingServiceOptions) {
    this.options = options;
  }

  trainers(): OfferedTrainer[] {
    return this.options.trainers().map((trainer) => ({
      trainer,
      estimatedCostUsd: estimatedTrainingCostUsd(trainer.price, trainer.defaultSteps),
    }));
  }

  async start(actor: BrandActor, brandId: string, request: TrainingRequest): Promise<Training> {
    requireAdmin(actor);
    await this.options.brands.get(brandId);
    const trainer = this.options.trainers().find((candidate) => candidate.id === request.trainer);
    const set = await this.options.sets.findById(request.setId);
    const fields = requestProblems(request, trainer, set?.brandId === brandId);
    if (fields.length > 0 || !trainer || !set) throw new ValidationError(fields);
    const problems = trainingReadinessProblems(set);
    if (problems.length > 0) throw new ValidationError([{ field: 'set_id', message: problems.join(' ') }], problems.join(' '));
    const steps = request.steps ?? trainer.defaultSteps;
    const cost = estimatedTrainingCostUsd(trainer.price, steps);
    await this.checkBudget(cost);
    const { clock } = this.options;
    const training: Training = {
      id: clock.newId(),
      brandId,
      setId: set.id,
      trainer: trainer.id,
      family: request.family ?? trainer.families[0] ?? '',
      steps,
      learningRate: request.learningRate ?? trainer.defaultLearningRate,
      useAtOnce: request.useAtOnce ?? true,
      status: 'queued',
      step: 0,
      estimatedCostUsd: cost,
      providerRequestId: null,
      cancelRequested: false,
      loraId: null,
      brandVersion: null,
      error: null,
      createdBy: actor.userId,
      createdAt: clock.now(),
      finishedAt: null,
    };
    await this.options.events.publish(
      training.id,
      await this.options.trainings.insert(training, { type: 'state', data: { status: 'queued', step: 0, steps } }),
    );
    await this.options.enqueue(`${TRAINING_QUEUE_PREFIX}${training.id}`);
    return training;
  }

  async get(id: string): Promise<Training> {
    const training = await this.options.trainings.findById(id);
    if (!training) throw new NotFoundError('There is no training with this id.');
    return training;
  }

  async list(brandId: string): Promise<Training[]> {
    await this.options.brands.get(brandId);
    return this.options.trainings.listForBrand(brandId);
  }

  /** A queued training ends at once; a running one is stopped by its worker, which reads the request. */
  async cancel(actor: BrandActor, id: string): Promise<Training> {
    requireAdmin(actor);
    const training = await this.get(id);
    if (isTrainingFinished(training.status)) {
      throw new ConflictError(`This training has already ended (${training.status}); there is nothing to cancel.`, 'training_finished');
    }
    await this.options.trainings.requestCancel(id);
    if (training.status === 'queued') {
      const now = this.options.clock.now();
      const error = canceledError;
      const done = await this.options.trainings.transition(
        id,
        { status: 'canceled', error, finishedAt: now },
        { type: 'failed', data: { error } },
        now,
        trainingWebhook(training, 'training.canceled', { status: 'canceled', error }, now),
      );
      await this.options.events.publish(id, done);
      if (done) this.options.onFinished?.();
    }
    return this.get(id);
  }

  /** The training's stored events after `afterSequence`, then live ones as they come, each once and in order. */
  follow(id: string, afterSequence: number, onEvent: (event: TrainingEvent) => void): Promise<() => void> {
    return this.options.events.follow(id, afterSequence, onEvent);
  }

  private async checkBudget(costUsd: number): Promise<void> {
    const budget = this.options.monthlyBudgetUsd;
    if (budget === null) return;
    const month = this.options.clock.now().slice(0, 7);
    const spent = await this.options.usage.monthSpendUsd(month);
    if (spent >= budget || spent + costUsd > budget) throw new TrainingBudgetError(budget, spent, costUsd);
  }
}

export const canceledError = {
  code: 'canceled',
  message: 'The training was canceled; nothing was attached to the brand. The set is kept for another try.',
};

function requestProblems(request: TrainingRequest, trainer: Trainer | undefined, setFound: boolean): FieldError[] {
  const fields: FieldError[] = [];
  if (!setFound) fields.push({ field: 'set_id', message: 'This brand has no training set with this id.' });
  if (!trainer) {
    fields.push({ field: 'trainer', message: 'Choose a trainer this installation offers (GET /api/trainers lists them).' });
    return fields;
  }
  if (request.family !== undefined && !trainer.families.includes(request.family)) {
    fields.push({ field: 'family', message: `The ${trainer.label} trainer makes LoRAs for ${trainer.families.join(', ')} only.` });
  }
  if (request.steps !== undefined && (!Number.isInteger(request.steps) || request.steps < 1 || request.steps > trainer.maxSteps)) {
    fields.push({ field: 'steps', message: `Steps are a whole number from 1 to ${trainer.maxSteps} for this trainer.` });
  }
  return fields;
}

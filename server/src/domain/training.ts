import type { TrainingSet, TrainingSetImage } from './training-set.ts';

/** The model family of the demo trainer's profiles: only the demo model reads them. */
export const DEMO_FAMILY = 'demo';
/** The file name a demo "LoRA" (a style profile, JSON) is stored under; delivery recognises profiles by it. */
export const DEMO_PROFILE_FILE = 'demo-style-profile.json';

export const TRAINING_STATUSES = ['queued', 'running', 'complete', 'failed', 'canceled'] as const;
export type TrainingStatus = (typeof TRAINING_STATUSES)[number];

export function isTrainingFinished(status: TrainingStatus): boolean {
  return status === 'complete' || status === 'failed' || status === 'canceled';
}

export interface TrainingError {
  code: string;
  message: string;
}

/** A training as a durable job: every field a worker needs to pick it up again after a restart. */
export interface Training {
  id: string;
  brandId: string;
  setId: string;
  trainer: string;
  family: string;
  steps: number;
  learningRate: number;
  /** Attach the result to the brand as a new version when it succeeds. */
  useAtOnce: boolean;
  status: TrainingStatus;
  /** The trainer's step reached so far. */
  step: number;
  estimatedCostUsd: number;
  /** The provider's id of the request, stored as soon as it is known, so polling resumes after a restart. */
  providerRequestId: string | null;
  cancelRequested: boolean;
  loraId: string | null;
  /** The brand version the LoRA was attached in. */
  brandVersion: number | null;
  error: TrainingError | null;
  createdBy: string;
  createdAt: string;
  finishedAt: string | null;
}

/** What a training reports as it goes; stored in order and streamed as Server-Sent Events. */
export type TrainingEventBody =
  | { type: 'state'; data: { status: TrainingStatus; step: number; steps: number } }
  | { type: 'progress'; data: { step: number; steps: number; logs: string[] } }
  | { type: 'complete'; data: { lora_id: string; brand_version: number | null } }
  | { type: 'failed'; data: { error: TrainingError } };

export type TrainingEvent = TrainingEventBody & { sequence: number };

/** A training event as it travels between processes: the training it belongs to, and its place in the order. */
export type TrainingBusEvent = TrainingEvent & { trainingId: string };

/** A trainer's price: what one run of `steps` steps is estimated to cost, from the provider's published price. */
export interface TrainerPrice {
  /** US dollars per 1,000 steps; trainers bill by run length. */
  usdPerThousandSteps: number;
  /** A floor some providers charge whatever the length. */
  minimumUsd: number;
}

export function estimatedTrainingCostUsd(price: TrainerPrice, steps: number): number {
  return Math.round(Math.max(price.minimumUsd, (price.usdPerThousandSteps * steps) / 1000) * 1_000_000) / 1_000_000;
}

/** The weights a trainer produced, to be stored in the blob store as a LoRA file. */
export interface TrainedWeights {
  bytes: Uint8Array;
  fileName: string;
}

/** What a trainer is given for one run (or the resumption of one). */
export interface TrainerRun {
  training: Training;
  set: TrainingSet;
  readImage(image: TrainingSetImage): Promise<Uint8Array>;
  /** Called once the provider accepted the request; the id is stored before anything else happens. */
  onSubmitted(providerRequestId: string): Promise<void>;
  onProgress(progress: { step: number; steps: number; logs: string[] }): Promise<void>;
  /** Aborted on cancel and on shutdown; a trainer stops waiting at once. */
  signal: AbortSignal;
  /** Aborted on cancel only: then the provider's request is canceled too (on shutdown it runs on, to be resumed). */
  canceled: AbortSignal;
}

/** A way of training a LoRA: offline (demo) or on a provider's account. */
export interface Trainer {
  id: string;
  label: string;
  /** The model families its weights are for. */
  families: readonly string[];
  defaultSteps: number;
  maxSteps: number;
  defaultLearningRate: number;
  price: TrainerPrice;
  /** Runs the training, or resumes following it when `training.providerRequestId` is set. */
  train(run: TrainerRun): Promise<TrainedWeights>;
}

/** A trainer's failure in words a person can act on; it ends the training, and nothing is attached. */
export class TrainerError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

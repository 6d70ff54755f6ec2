import { setTimeout as sleep } from 'node:timers/promises';
import { TrainerError, type Trainer, type TrainerRun, type TrainedWeights, type Training } from '../../domain/training.ts';
import { trainerCaller, type TrainerCall } from '../trainer-http.ts';
import { ensureDestination, uploadTrainingSet } from './training-destination.ts';
import { filesOfTar, isTarArchive } from './weights-archive.ts';

export const REPLICATE_TRAINER_MODEL = 'ostris/flux-dev-lora-trainer';
/** The trainer's version whose inputs are the ones sent below; a newer one may rename them. */
export const REPLICATE_TRAINER_VERSION = '26dce37af90b9d997eeb970d92e47de3064d46c300504ae376c75bef6a9022d2';

export interface ReplicateTrainerOptions {
  apiKey: string;
  /** Replicate's API, https://api.replicate.com/v1. */
  baseUrl: string;
  /** The user or organization owning the destination models; the token's own account when absent. */
  destinationOwner?: string | undefined;
  pollIntervalMs?: number;
  fetch?: typeof fetch;
}

/** A training as `GET /v1/trainings/{id}` answers it (the fields read here). */
interface ReplicateTraining {
  id?: string;
  status?: string;
  logs?: string | null;
  error?: unknown;
  output?: { weights?: string | null; version?: string | null } | null;
}

const ENDED = new Set(['succeeded', 'failed', 'canceled']);
/** Log lines per progress event: the trainer's progress bar writes many, and the newest say the most. */
const MAX_LOG_LINES = 20;

/**
 * ostris' FLUX LoRA trainer through Replicate's trainings API: the brand's destination model made when missing, the
 * set zipped (each caption as a .txt beside its picture) and sent through the files API, the training started with
 * `input_images`, `trigger_word`, `steps` and `learning_rate`, then polled (its logs giving the step) until it ends,
 * and the weights downloaded from `output.weights`. A training resumed after a restart only polls its stored id.
 */
export function createReplicateTrainer(options: ReplicateTrainerOptions): Trainer {
  return {
    id: 'replicate',
    label: 'Replicate FLUX LoRA trainer (ostris)',
    families: ['flux'],
    defaultSteps: 1000,
    maxSteps: 6000,
    defaultLearningRate: 0.0004,
    // Replicate bills this trainer by H100 time, about $0.0015 a second; 1,000 steps take about 20 minutes there.
    price: { usdPerThousandSteps: 1.85, minimumUsd: 0 },
    train: (run) => trainOnReplicate(run, options),
  };
}

async function trainOnReplicate(run: TrainerRun, options: ReplicateTrainerOptions): Promise<TrainedWeights> {
  const call = trainerCaller({
    provider: 'Replicate',
    keyName: 'REPLICATE_API_TOKEN',
    authorization: `Bearer ${options.apiKey}`,
    signal: run.signal,
    ...(options.fetch && { fetch: options.fetch }),
  });
  let trainingId = run.training.providerRequestId;
  if (!trainingId) {
    trainingId = await startTraining(call, options, run);
    await run.onSubmitted(trainingId);
  }
  const trainingUrl = `${options.baseUrl}/trainings/${encodeURIComponent(trainingId)}`;
  const cancel = () => void call(`${trainingUrl}/cancel`, { method: 'POST', ignoreAbort: true }).catch(() => undefined);
  // A cancel that came while the set was uploading has already fired: the training just started must stop too.
  if (run.canceled.aborted) cancel();
  run.canceled.addEventListener('abort', cancel, { once: true });
  try {
    const ended = await pollUntilEnded(call, trainingUrl, run, options.pollIntervalMs ?? 10_000);
    return await weightsOf(call, ended);
  } finally {
    run.canceled.removeEventListener('abort', cancel);
  }
}

async function startTraining(call: TrainerCall, options: ReplicateTrainerOptions, run: TrainerRun): Promise<string> {
  const destination = await ensureDestination(call, {
    baseUrl: options.baseUrl,
    owner: options.destinationOwner,
    brandId: run.training.brandId,
  });
  const inputImages = await uploadTrainingSet(call, options.baseUrl, run);
  const created = await call<ReplicateTraining>(
    `${options.baseUrl}/models/${REPLICATE_TRAINER_MODEL}/versions/${REPLICATE_TRAINER_VERSION}/trainings`,
    {
      method: 'POST',
      json: {
        destination,
        input: {
          input_images: inputImages,
          trigger_word: run.set.triggerWord,
          steps: run.training.steps,
          learning_rate: run.training.learningRate,
          // Every picture has its caption beside it in the ZIP; the trainer's own captioner would replace them.
          autocaption: false,
        },
      },
    },
  );
  if (!created.id) throw new TrainerError('provider_error', 'Replicate accepted the training but gave no id for it. Try again.');
  return created.id;
}

async function pollUntilEnded(call: TrainerCall, url: string, run: TrainerRun, intervalMs: number): Promise<ReplicateTraining> {
  let seenLines = 0;
  for (;;) {
    const training = await call<ReplicateTraining>(url);
    const lines = (training.logs ?? '')
      .split(/\r\n|\r|\n/u)
      .map((line) => line.trim())
      .filter(Boolean);
    const fresh = lines.slice(seenLines);
    seenLines = lines.length;
    if (fresh.length > 0) {
      await run.onProgress({ step: stepOf(lines, run.training), steps: run.training.steps, logs: fresh.slice(-MAX_LOG_LINES) });
    }
    if (ENDED.has(training.status ?? '')) return training;
    await sleep(intervalMs, undefined, { signal: run.signal });
  }
}

/** The trainer's progress bar reads "… 250/1000 […]": the latest count out of the training's steps is the step reached. */
function stepOf(lines: string[], training: Training): number {
  let step = training.step;
  for (const line of lines) {
    for (const match of line.matchAll(/(\d+)\s*\/\s*(\d+)/gu)) {
      if (Number(match[2]) === training.steps) step = Math.max(step, Number(match[1]));
    }
  }
  return Math.min(step, training.steps);
}

async function weightsOf(call: TrainerCall, training: ReplicateTraining): Promise<TrainedWeights> {
  if (training.status === 'failed') {
    const said = typeof training.error === 'string' && training.error.trim() ? `: ${training.error.trim().slice(0, 300)}` : '';
    throw new TrainerError('provider_failed', `Replicate's training failed${said}. Nothing was attached; the set is kept for another try.`);
  }
  if (training.status === 'canceled') {
    throw new TrainerError(
      'provider_canceled',
      'The training was canceled on Replicate. Nothing was attached; the set is kept for another try.',
    );
  }
  const url = training.output?.weights;
  if (!url) throw new TrainerError('no_weights', 'Replicate finished the training without weights. Nothing was attached; try again.');
  // The weights link is a signed delivery address: the token is not sent to it.
  const bytes = await call<Uint8Array>(url, { binary: true, anonymous: true });
  return weightsFrom(bytes, url);
}

/** The trainer returns a tar with the LoRA inside; a plain file is taken as it is (the runner checks it either way). */
function weightsFrom(bytes: Uint8Array, url: string): TrainedWeights {
  if (!isTarArchive(bytes)) {
    const name = new URL(url).pathname.split('/').pop() ?? '';
    return { bytes, fileName: name.endsWith('.safetensors') ? safeName(name) : 'lora.safetensors' };
  }
  const files = filesOfTar(bytes).filter((file) => file.path.endsWith('.safetensors'));
  const lora = files.find((file) => file.path.split('/').pop() === 'lora.safetensors') ?? files[0];
  if (!lora) {
    throw new TrainerError(
      'no_weights',
      "Replicate's weights archive holds no .safetensors file. Nothing was attached; the set is kept for another try.",
    );
  }
  return { bytes: lora.bytes, fileName: safeName(lora.path.split('/').pop() ?? 'lora.safetensors') };
}

function safeName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]/gu, '_');
}

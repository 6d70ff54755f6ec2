import { setTimeout as sleep } from 'node:timers/promises';
import { TrainerError, type Trainer, type TrainerRun, type TrainedWeights } from '../../domain/training.ts';
import { trainerCaller, type TrainerCall } from '../trainer-http.ts';
import { trainingSetZip } from '../training-set-zip.ts';

export const FAL_TRAINING_MODEL = 'fal-ai/flux-lora-fast-training';

export interface FalTrainerOptions {
  apiKey: string;
  /** fal's queue API, https://queue.fal.run. */
  queueBaseUrl: string;
  /** fal's REST API, where storage uploads start: https://rest.alpha.fal.ai. */
  storageBaseUrl: string;
  pollIntervalMs?: number;
  fetch?: typeof fetch;
}

interface QueueStatus {
  status?: string;
  logs?: { message?: string }[] | null;
}

/**
 * fal.ai's FLUX LoRA fast training through its queue API: the set zipped with each caption as a .txt beside its
 * picture, uploaded to fal's storage, submitted with `images_data_url`, `trigger_word`, `steps` and `is_style`, then
 * polled (with logs) until it completes, and the result's `diffusers_lora_file` downloaded. A training resumed after a
 * restart only polls its stored request id.
 */
export function createFalTrainer(options: FalTrainerOptions): Trainer {
  return {
    id: 'fal',
    label: 'fal.ai FLUX LoRA fast training',
    families: ['flux'],
    defaultSteps: 1000,
    maxSteps: 10_000,
    defaultLearningRate: 0.0004,
    // fal lists the run at $2 for 1,000 steps, scaled by steps.
    price: { usdPerThousandSteps: 2, minimumUsd: 0 },
    train: (run) => trainOnFal(run, options),
  };
}

async function trainOnFal(run: TrainerRun, options: FalTrainerOptions): Promise<TrainedWeights> {
  const call = trainerCaller({
    provider: 'fal.ai',
    keyName: 'FAL_KEY',
    authorization: `Key ${options.apiKey}`,
    signal: run.signal,
    ...(options.fetch && { fetch: options.fetch }),
  });
  let requestId = run.training.providerRequestId;
  if (!requestId) {
    const zipUrl = await uploadZip(call, options.storageBaseUrl, run);
    const submitted = await call<{ request_id?: string }>(`${options.queueBaseUrl}/${FAL_TRAINING_MODEL}`, {
      method: 'POST',
      json: {
        images_data_url: zipUrl,
        trigger_word: run.set.triggerWord,
        steps: run.training.steps,
        is_style: run.set.kind === 'style',
      },
    });
    if (!submitted.request_id) throw new TrainerError('provider_error', 'fal.ai accepted the training but gave no request id. Try again.');
    requestId = submitted.request_id;
    await run.onSubmitted(requestId);
  }
  const requestUrl = `${options.queueBaseUrl}/${FAL_TRAINING_MODEL}/requests/${requestId}`;
  const cancel = () => void call(`${requestUrl}/cancel`, { method: 'PUT', ignoreAbort: true }).catch(() => undefined);
  run.canceled.addEventListener('abort', cancel, { once: true });
  try {
    await pollUntilDone(call, requestUrl, run, options.pollIntervalMs ?? 5_000);
    const result = await call<{ diffusers_lora_file?: { url?: string; file_name?: string } }>(requestUrl);
    const file = result.diffusers_lora_file;
    if (!file?.url)
      throw new TrainerError('no_weights', 'fal.ai finished the training without a LoRA file. Nothing was attached; try again.');
    const bytes = await call<Uint8Array>(file.url, { binary: true, anonymous: true });
    return { bytes, fileName: (file.file_name ?? 'pytorch_lora_weights.safetensors').replace(/[^A-Za-z0-9._-]/gu, '_') };
  } finally {
    run.canceled.removeEventListener('abort', cancel);
  }
}

async function pollUntilDone(call: TrainerCall, requestUrl: string, run: TrainerRun, intervalMs: number): Promise<void> {
  let seenLogs = 0;
  for (;;) {
    const status = await call<QueueStatus>(`${requestUrl}/status?logs=1`);
    const logs = (status.logs ?? []).map((line) => line.message ?? '').filter(Boolean);
    const fresh = logs.slice(seenLogs);
    seenLogs = logs.length;
    // fal's trainer logs "step N/M"-like lines; the latest such number is the step reached.
    const step = Math.max(run.training.step, ...logs.map((line) => Number(/(\d+)\s*\/\s*\d+/u.exec(line)?.[1] ?? 0)));
    if (fresh.length > 0) await run.onProgress({ step: Math.min(step, run.training.steps), steps: run.training.steps, logs: fresh });
    if (status.status === 'COMPLETED') return;
    await sleep(intervalMs, undefined, { signal: run.signal });
  }
}

async function uploadZip(call: TrainerCall, storageBaseUrl: string, run: TrainerRun): Promise<string> {
  const zip = await trainingSetZip(run);
  const upload = await call<{ upload_url?: string; file_url?: string }>(`${storageBaseUrl}/storage/upload/initiate`, {
    method: 'POST',
    json: { content_type: 'application/zip', file_name: `training-set-${run.set.id}.zip` },
  });
  if (!upload.upload_url || !upload.file_url)
    throw new TrainerError('provider_error', 'fal.ai storage did not say where to upload the set. Try again.');
  await call(upload.upload_url, {
    method: 'PUT',
    body: new Blob([new Uint8Array(zip)]),
    contentType: 'application/zip',
    anonymous: true,
    binary: true,
  });
  return upload.file_url;
}

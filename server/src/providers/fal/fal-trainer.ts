import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadSharp } from '../../images/sharp-loader.ts';
import { TrainerError, type Trainer, type TrainerRun, type TrainedWeights } from '../../domain/training.ts';
import { zipStream } from '../../images/zip-stream.ts';

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
  const call = falCaller(options, run.signal);
  let requestId = run.training.providerRequestId;
  if (!requestId) {
    const zipUrl = await uploadZip(call, run);
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
    const result = await call<{ diffusers_lora_file?: { url?: string; file_name?: string } }>(requestUrl, {});
    const file = result.diffusers_lora_file;
    if (!file?.url)
      throw new TrainerError('no_weights', 'fal.ai finished the training without a LoRA file. Nothing was attached; try again.');
    const bytes = await call<Uint8Array>(file.url, { binary: true, anonymous: true });
    return { bytes, fileName: (file.file_name ?? 'pytorch_lora_weights.safetensors').replace(/[^A-Za-z0-9._-]/gu, '_') };
  } finally {
    run.canceled.removeEventListener('abort', cancel);
  }
}

async function pollUntilDone(call: FalCall, requestUrl: string, run: TrainerRun, intervalMs: number): Promise<void> {
  let seenLogs = 0;
  for (;;) {
    const status = await call<QueueStatus>(`${requestUrl}/status?logs=1`, {});
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

async function uploadZip(call: FalCall, run: TrainerRun): Promise<string> {
  const sharp = await loadSharp();
  const entries = run.set.images.flatMap((image, index) => {
    const base = `${String(index + 1).padStart(3, '0')}-${image.fileName.replace(/\.[^.]*$/u, '').replace(/[^A-Za-z0-9_-]/gu, '_')}`;
    return [
      {
        name: `${base}.png`,
        mtime: new Date(0),
        open: async () =>
          Readable.from([
            await sharp(await run.readImage(image))
              .png()
              .toBuffer(),
          ]),
      },
      { name: `${base}.txt`, mtime: new Date(0), open: async () => Readable.from([Buffer.from(image.caption, 'utf8')]) },
    ];
  });
  const chunks: Buffer[] = [];
  for await (const chunk of zipStream(entries)) chunks.push(chunk as Buffer);
  const zip = Buffer.concat(chunks);
  const upload = await call<{ upload_url?: string; file_url?: string }>(`${call.storageBaseUrl}/storage/upload/initiate`, {
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

interface CallOptions {
  method?: string;
  json?: unknown;
  body?: Blob;
  contentType?: string;
  /** Signed storage and CDN links carry their own authority: the key is not sent to them. */
  anonymous?: boolean;
  binary?: boolean;
  ignoreAbort?: boolean;
}

type FalCall = (<T>(url: string, options: CallOptions) => Promise<T>) & { storageBaseUrl: string };

/** One HTTP call to fal with the key, 429s waited out per Retry-After, and failures said in plain words. */
function falCaller(options: FalTrainerOptions, signal: AbortSignal): FalCall {
  const fetchImpl = options.fetch ?? fetch;
  const call = async <T>(url: string, callOptions: CallOptions): Promise<T> => {
    for (let attempt = 1; ; attempt += 1) {
      const headers: Record<string, string> = {};
      if (!callOptions.anonymous) headers.authorization = `Key ${options.apiKey}`;
      if (callOptions.json !== undefined) headers['content-type'] = 'application/json';
      if (callOptions.contentType) headers['content-type'] = callOptions.contentType;
      const body = callOptions.json !== undefined ? JSON.stringify(callOptions.json) : callOptions.body;
      const response = await fetchImpl(url, {
        method: callOptions.method ?? 'GET',
        headers,
        ...(body !== undefined && { body }),
        ...(!callOptions.ignoreAbort && { signal }),
      });
      if (response.status === 429 && attempt < 5) {
        const wait = Number(response.headers.get('retry-after'));
        await sleep((Number.isFinite(wait) && wait > 0 ? Math.min(wait, 300) : 5) * 1000, undefined, { signal });
        continue;
      }
      if (!response.ok) throw await failureOf(response);
      if (callOptions.binary) return new Uint8Array(await response.arrayBuffer()) as T;
      return (await response.json().catch(() => ({}))) as T;
    }
  };
  return Object.assign(call, { storageBaseUrl: options.storageBaseUrl });
}

async function failureOf(response: Response): Promise<TrainerError> {
  const text = await response.text().catch(() => '');
  const detail = /"detail"\s*:\s*"([^"]{1,300})"/u.exec(text)?.[1];
  if (response.status === 401 || response.status === 403) {
    return new TrainerError('provider_key_rejected', 'fal.ai refused the API key. Check FAL_KEY in the settings, then train again.');
  }
  if (response.status === 429)
    return new TrainerError('provider_busy', 'fal.ai kept answering that it is busy. Train again in a few minutes.');
  const said = detail ? ` It said: ${detail}` : '';
  return new TrainerError(
    'provider_error',
    `fal.ai answered ${response.status} to the training request.${said} Nothing was attached; the set is kept.`,
  );
}

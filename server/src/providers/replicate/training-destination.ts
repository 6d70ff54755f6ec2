import { TrainerError, type TrainerRun } from '../../domain/training.ts';
import type { TrainerCall } from '../trainer-http.ts';
import { trainingSetZip } from '../training-set-zip.ts';

/**
 * Hardware of the destination model. Replicate requires one when a model is created; Brandgen never runs the model
 * (it downloads the weights and applies them through FLUX.1 [dev] with LoRA), so the smallest GPU is named.
 */
const DESTINATION_HARDWARE = 'gpu-t4';

/** One private model per brand on the owner's account: each training of the brand pushes a new version to it. */
export function destinationName(brandId: string): string {
  return `brandgen-${brandId.toLowerCase().replace(/[^a-z0-9_.-]/gu, '-')}`.slice(0, 100);
}

/**
 * The `owner/name` a training pushes to: the configured owner, or the account the token belongs to, and the brand's
 * model, created (private) when it does not exist yet, since Replicate refuses a training without an existing model.
 */
export async function ensureDestination(
  call: TrainerCall,
  options: { baseUrl: string; owner: string | undefined; brandId: string },
): Promise<string> {
  const owner = options.owner ?? (await call<{ username?: string }>(`${options.baseUrl}/account`)).username;
  if (!owner) {
    throw new TrainerError(
      'provider_error',
      'Replicate did not say which account the API token belongs to. Set REPLICATE_TRAINING_OWNER, then train again.',
    );
  }
  const name = destinationName(options.brandId);
  const existing = await call<object | undefined>(`${options.baseUrl}/models/${encodeURIComponent(owner)}/${name}`, { missingOk: true });
  if (!existing) {
    await call(`${options.baseUrl}/models`, {
      method: 'POST',
      json: {
        owner,
        name,
        visibility: 'private',
        hardware: DESTINATION_HARDWARE,
        description: 'LoRAs trained by Brandgen for one brand',
      },
    });
  }
  return `${owner}/${name}`;
}

/** The set's ZIP sent through Replicate's files API (multipart `content`); its `urls.get` is what the trainer reads. */
export async function uploadTrainingSet(call: TrainerCall, baseUrl: string, run: TrainerRun): Promise<string> {
  const zip = await trainingSetZip(run);
  const form = new FormData();
  form.append('content', new Blob([new Uint8Array(zip)], { type: 'application/zip' }), `training-set-${run.set.id}.zip`);
  form.append('metadata', new Blob([JSON.stringify({ brandgen_training_id: run.training.id })], { type: 'application/json' }));
  const file = await call<{ urls?: { get?: string } }>(`${baseUrl}/files`, { method: 'POST', body: form });
  if (!file.urls?.get) throw new TrainerError('provider_error', 'Replicate stored the set but did not say where. Try again.');
  return file.urls.get;
}

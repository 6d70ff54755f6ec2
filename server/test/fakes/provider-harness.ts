import { generateImage } from 'ai';
import type { JobSettings } from '../../src/domain/job.ts';
import { catalogEntriesFor } from '../../src/providers/catalog-builder.ts';
import type { CatalogEntry } from '../../src/providers/image-model-catalog.ts';
import type { ProviderId, ProviderSettings } from '../../src/providers/provider-ids.ts';
import { ProviderHealth } from '../../src/providers/resilience/provider-health.ts';
import { imageCall } from '../../src/services/image-call.ts';

export const TEST_KEY = 'test-secret-key-0123456789';

/** Catalog entries of one provider pointed at a fake, with short backoff so retries do not slow the suite. */
export function entriesAgainst(
  provider: ProviderId,
  baseUrl: string,
  overrides: Partial<ProviderSettings> = {},
  health: ProviderHealth = new ProviderHealth({ coolDownMs: 60_000 }),
): Map<string, CatalogEntry> {
  const settings: ProviderSettings = { apiKey: TEST_KEY, baseUrl, timeoutMs: 10_000, concurrency: 2, ...overrides };
  const entries = catalogEntriesFor({ [provider]: settings }, { policy: { backoffMs: 20, maxBackoffMs: 2_000 }, health: () => health });
  return new Map(entries.map((entry) => [entry.id, entry]));
}

/** One image exactly as the job runner asks for it. */
export async function generateOne(
  entry: CatalogEntry,
  settings: Partial<JobSettings> = {},
  options: { prompt?: string; negativePrompt?: string; seed?: number; sourceImage?: Uint8Array; abortSignal?: AbortSignal } = {},
) {
  const { preset: _preset, ...call } = imageCall(entry, {
    prompt: options.prompt ?? 'brndgn style, a red bicycle',
    negativePrompt: options.negativePrompt ?? 'blurry, text',
    settings: { seed: null, size: '1024x1024', aspectRatio: '1:1', ...settings },
    // Contract tests hand the delivered form straight in; LoraDeliveryService makes it from a record in a job.
    lora: settings.lora && 'path' in settings.lora ? settings.lora : null,
    seed: options.seed ?? 7,
    sourceImage: options.sourceImage,
    ...(options.abortSignal && { abortSignal: options.abortSignal }),
  });
  return generateImage(call);
}

/** One edit as the job runner sends it: the instruction as the whole prompt (no brand template) with the source image. */
export function editOnce(entry: CatalogEntry, instruction: string, sourceImage: Uint8Array) {
  return generateOne(
    entry,
    { refinement: { kind: 'edit', instruction, sourcePrompt: 'a lighthouse', sourceBlobKey: 'jobs/x/0.png' } },
    { prompt: instruction, negativePrompt: '', sourceImage },
  );
}

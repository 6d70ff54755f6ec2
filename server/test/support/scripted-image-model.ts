import type { ImageModelV4 } from '@ai-sdk/provider';
import sharp from 'sharp';
import { licences } from '../../src/domain/licences.ts';
import { fixedCatalogEntry, type CatalogEntry } from '../../src/providers/image-model-catalog.ts';

/** The catalog entry of a scripted model: what a test puts in the catalog instead of a real provider's models. */
export function scriptedCatalogEntry(model: ImageModelV4): CatalogEntry {
  return fixedCatalogEntry({
    id: 'scripted',
    label: 'Scripted',
    provider: 'scripted',
    description: 'test model',
    isDemo: false,
    licence: licences.demo,
    model,
  });
}

/**
 * An image model whose answers a test scripts per seed: fail a given number of times, or always. With `hang`, no
 * call ever answers until its abort signal fires, like a worker frozen or about to crash mid-job. A seed in
 * `heldBySeed` answers only once its promise settles, so a test can keep one image of a job unfinished.
 * With `gatherCalls`, each call waits (at most `atMostMs`) until that many calls are running at once, so a test can
 * tell calls made side by side from calls made one after another by `peakInFlight`, not by the clock.
 * It exercises our retry and failure handling; provider contracts are tested against their own fakes.
 */
export function createScriptedImageModel(script: {
  failuresBySeed?: Map<number, number>;
  latencyMs?: number;
  hang?: boolean;
  heldBySeed?: Map<number, Promise<unknown>>;
  gatherCalls?: { count: number; atMostMs: number };
}): ImageModelV4 & {
  calls: Array<{ prompt: string | undefined; seed: number | undefined }>;
  readonly peakInFlight: number;
} {
  const calls: Array<{ prompt: string | undefined; seed: number | undefined }> = [];
  const failures = script.failuresBySeed ?? new Map<number, number>();
  let inFlight = 0;
  let peakInFlight = 0;
  const gathered = new Set<() => void>();
  async function gather(): Promise<void> {
    if (!script.gatherCalls || inFlight >= script.gatherCalls.count) {
      for (const release of gathered) release();
      return;
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, script.gatherCalls!.atMostMs);
      gathered.add(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
  async function answer(options: Parameters<ImageModelV4['doGenerate']>[0]) {
    if (script.hang) {
      await new Promise((_resolve, reject) => options.abortSignal?.addEventListener('abort', () => reject(options.abortSignal!.reason)));
    }
    await script.heldBySeed?.get(options.seed ?? -1);
    await new Promise((resolve) => setTimeout(resolve, script.latencyMs ?? 1));
    const remaining = failures.get(options.seed ?? -1) ?? 0;
    if (remaining > 0) {
      failures.set(options.seed ?? -1, remaining - 1);
      throw new Error(`GPU out of memory for seed ${options.seed}`);
    }
    const png = await sharp({
      create: { width: 1024, height: 1024, channels: 3, background: { r: (options.seed ?? 0) % 256, g: 80, b: 160 } },
    })
      .png()
      .toBuffer();
    return { images: [new Uint8Array(png)], warnings: [], response: { timestamp: new Date(), modelId: 'scripted', headers: undefined } };
  }

  return {
    specificationVersion: 'v4',
    provider: 'scripted',
    modelId: 'scripted',
    maxImagesPerCall: 1,
    calls,
    get peakInFlight() {
      return peakInFlight;
    },
    async doGenerate(options) {
      calls.push({ prompt: options.prompt, seed: options.seed });
      inFlight += 1;
      peakInFlight = Math.max(peakInFlight, inFlight);
      try {
        await gather();
        return await answer(options);
      } finally {
        inFlight -= 1;
      }
    },
  };
}

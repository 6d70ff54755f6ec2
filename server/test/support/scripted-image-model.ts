import type { ImageModelV4 } from '@ai-sdk/provider';
import sharp from 'sharp';

/**
 * An image model whose answers a test scripts per seed: fail a given number of times, or always. With `hang`, no
 * call ever answers until its abort signal fires, like a worker frozen or about to crash mid-job. A seed in
 * `heldBySeed` answers only once its promise settles, so a test can keep one image of a job unfinished.
 * It exercises our retry and failure handling; provider contracts are tested against their own fakes.
 */
export function createScriptedImageModel(script: {
  failuresBySeed?: Map<number, number>;
  latencyMs?: number;
  hang?: boolean;
  heldBySeed?: Map<number, Promise<unknown>>;
}): ImageModelV4 & {
  calls: Array<{ prompt: string | undefined; seed: number | undefined }>;
} {
  const calls: Array<{ prompt: string | undefined; seed: number | undefined }> = [];
  const failures = script.failuresBySeed ?? new Map<number, number>();
  return {
    specificationVersion: 'v4',
    provider: 'scripted',
    modelId: 'scripted',
    maxImagesPerCall: 1,
    calls,
    async doGenerate(options) {
      calls.push({ prompt: options.prompt, seed: options.seed });
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
    },
  };
}

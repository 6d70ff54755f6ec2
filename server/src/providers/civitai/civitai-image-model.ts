import type { ImageModelV4, ImageModelV4CallOptions } from '@ai-sdk/provider';
import { downloadImages } from './download-images.ts';
import { imageGenWorkflow, type CivitaiOptions } from './image-gen-workflow.ts';
import { orchestrationCaller } from './orchestration-caller.ts';
import { runWorkflow } from './run-workflow.ts';
import { endedWithoutImages, imageLinks } from './workflow-state.ts';

export interface CivitaiSettings {
  apiKey: string;
  /** https://orchestration.civitai.com, or a proxy in front of it (CIVITAI_BASE_URL). */
  baseUrl: string;
  /** How often a running workflow is polled; civitai suggests a few seconds for images. */
  pollIntervalMs?: number;
  fetch?: typeof fetch;
}

/**
 * civitai's generator as an AI SDK image model. The model id is the base model's AIR (a FLUX.1 diffuser or an SDXL
 * checkpoint); each call is one workflow with one `imageGen` step, followed until it ends, its image downloaded from
 * the result's signed blob link. Hand-written because no AI SDK provider for civitai exists.
 */
export function createCivitaiImageModel(modelAir: string, settings: CivitaiSettings): ImageModelV4 {
  const call = orchestrationCaller({
    baseUrl: settings.baseUrl,
    apiKey: settings.apiKey,
    ...(settings.fetch && { fetch: settings.fetch }),
  });
  const pollIntervalMs = settings.pollIntervalMs ?? 2_000;
  return {
    specificationVersion: 'v4',
    provider: 'civitai',
    modelId: modelAir,
    maxImagesPerCall: 1,
    async doGenerate(options: ImageModelV4CallOptions) {
      const civitai = (options.providerOptions?.civitai ?? {}) as CivitaiOptions;
      const [width, height] = (options.size ?? '1024x1024').split('x').map(Number) as [number, number];
      const body = imageGenWorkflow({ modelAir, prompt: options.prompt ?? '', width, height, seed: options.seed, options: civitai });
      const workflow = await runWorkflow({ call, body, pollIntervalMs, signal: options.abortSignal });
      const links = workflow.status === 'succeeded' ? imageLinks(workflow) : [];
      if (links.length === 0) throw new Error(endedWithoutImages(workflow));
      const images = await downloadImages(links.slice(0, 1), { fetch: settings.fetch ?? fetch, signal: options.abortSignal });
      return { images, warnings: [], response: { timestamp: new Date(), modelId: modelAir, headers: undefined } };
    },
  };
}

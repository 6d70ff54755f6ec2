import type { ImageModelV4 } from '@ai-sdk/provider';
import type { ProviderId, ProviderSettings } from './provider-ids.ts';
import { falQueueFetch } from './fal/queue-fetch.ts';
import { cancelOnAbortFetch } from './replicate/cancel-on-abort-fetch.ts';

const defaultBaseUrls: Record<ProviderId, string> = {
  fal: 'https://fal.run',
  replicate: 'https://api.replicate.com/v1',
  openai: 'https://api.openai.com/v1',
  google: 'https://generativelanguage.googleapis.com/v1beta',
  'black-forest-labs': 'https://api.bfl.ai/v1',
  civitai: 'https://orchestration.civitai.com',
};

type ImageModelFactory = (modelId: string) => ImageModelV4;

/**
 * A function from a provider's own model id to its AI SDK image model, with the key and base URL applied.
 * The provider's SDK is imported on the first generation, not at start: a laptop with no provider configured, or
 * with one, should not carry every provider's code in memory (about 18 MB together).
 */
export function imageModelFactory(provider: ProviderId, settings: ProviderSettings): ImageModelFactory {
  let factory: Promise<ImageModelFactory> | undefined;
  return (modelId) => {
    let model: Promise<ImageModelV4> | undefined;
    const load = () => (model ??= (factory ??= loadFactory(provider, settings)).then((create) => create(modelId)));
    return {
      specificationVersion: 'v4',
      provider,
      modelId,
      maxImagesPerCall: async () => {
        const loaded = await load();
        const limit = loaded.maxImagesPerCall;
        return typeof limit === 'function' ? limit({ modelId }) : limit;
      },
      doGenerate: async (options) => (await load()).doGenerate(options),
    };
  };
}

async function loadFactory(provider: ProviderId, settings: ProviderSettings): Promise<ImageModelFactory> {
  const baseURL = settings.baseUrl ?? defaultBaseUrls[provider];
  const apiKey = settings.apiKey;
  switch (provider) {
    case 'fal': {
      // Behind a proxy both APIs go through the configured address; otherwise the queue lives at queue.fal.run.
      const queueBaseUrl = settings.queueBaseUrl ?? (settings.baseUrl ? baseURL : 'https://queue.fal.run');
      const { createFal } = await import('@ai-sdk/fal');
      const fal = createFal({
        apiKey,
        baseURL,
        fetch: falQueueFetch({
          apiBaseUrl: baseURL,
          queueBaseUrl,
          ...(settings.pollIntervalMs && { pollIntervalMs: settings.pollIntervalMs }),
        }),
      });
      return (modelId) => fal.image(modelId);
    }
    case 'replicate': {
      const { createReplicate } = await import('@ai-sdk/replicate');
      const replicate = createReplicate({ apiToken: apiKey, baseURL, fetch: cancelOnAbortFetch(apiKey, baseURL) });
      return (modelId) => replicate.image(modelId as Parameters<typeof replicate.image>[0]);
    }
    case 'openai': {
      const { createOpenAI } = await import('@ai-sdk/openai');
      const openai = createOpenAI({ apiKey, baseURL });
      return (modelId) => openai.image(modelId);
    }
    case 'google': {
      const { createGoogleGenerativeAI } = await import('@ai-sdk/google');
      const google = createGoogleGenerativeAI({ apiKey, baseURL });
      return (modelId) => google.image(modelId as Parameters<typeof google.image>[0]);
    }
    case 'black-forest-labs': {
      const { createBlackForestLabs } = await import('@ai-sdk/black-forest-labs');
      const bfl = createBlackForestLabs({ apiKey, baseURL });
      return (modelId) => bfl.image(modelId as Parameters<typeof bfl.image>[0]);
    }
    case 'civitai': {
      const { createCivitaiImageModel } = await import('./civitai/civitai-image-model.ts');
      const pollIntervalMs = settings.pollIntervalMs;
      return (modelId) => createCivitaiImageModel(modelId, { apiKey, baseUrl: baseURL, ...(pollIntervalMs && { pollIntervalMs }) });
    }
  }
}

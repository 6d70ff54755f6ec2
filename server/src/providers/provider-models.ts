import { createBlackForestLabs } from '@ai-sdk/black-forest-labs';
import { createFal } from '@ai-sdk/fal';
import { createGoogleGenerativeAI } from '@ai-sdk/google';
import { createOpenAI } from '@ai-sdk/openai';
import type { ImageModelV4 } from '@ai-sdk/provider';
import { createReplicate } from '@ai-sdk/replicate';
import type { ProviderId, ProviderSettings } from './provider-ids.ts';
import { falQueueFetch } from './fal/queue-fetch.ts';
import { cancelOnAbortFetch } from './replicate/cancel-on-abort-fetch.ts';

const defaultBaseUrls: Record<ProviderId, string> = {
  fal: 'https://fal.run',
  replicate: 'https://api.replicate.com/v1',
  openai: 'https://api.openai.com/v1',
  google: 'https://generativelanguage.googleapis.com/v1beta',
  'black-forest-labs': 'https://api.bfl.ai/v1',
};

/** A function from a provider's own model id to its AI SDK image model, with the key and base URL applied. */
export function imageModelFactory(provider: ProviderId, settings: ProviderSettings): (modelId: string) => ImageModelV4 {
  const baseURL = settings.baseUrl ?? defaultBaseUrls[provider];
  const apiKey = settings.apiKey;
  switch (provider) {
    case 'fal': {
      // Behind a proxy both APIs go through the configured address; otherwise the queue lives at queue.fal.run.
      const queueBaseUrl = settings.queueBaseUrl ?? (settings.baseUrl ? baseURL : 'https://queue.fal.run');
      const fal = createFal({ apiKey, baseURL, fetch: falQueueFetch({ apiBaseUrl: baseURL, queueBaseUrl, ...(settings.pollIntervalMs && { pollIntervalMs: settings.pollIntervalMs }) }) });
      return (modelId) => fal.image(modelId);
    }
    case 'replicate': {
      const replicate = createReplicate({ apiToken: apiKey, baseURL, fetch: cancelOnAbortFetch(apiKey, baseURL) });
      return (modelId) => replicate.image(modelId as Parameters<typeof replicate.image>[0]);
    }
    case 'openai': {
      const openai = createOpenAI({ apiKey, baseURL });
      return (modelId) => openai.image(modelId);
    }
    case 'google': {
      const google = createGoogleGenerativeAI({ apiKey, baseURL });
      return (modelId) => google.image(modelId as Parameters<typeof google.image>[0]);
    }
    case 'black-forest-labs': {
      const bfl = createBlackForestLabs({ apiKey, baseURL });
      return (modelId) => bfl.image(modelId as Parameters<typeof bfl.image>[0]);
    }
  }
}

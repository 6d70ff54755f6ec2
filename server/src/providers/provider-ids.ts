/** The hosted and self-hosted image providers Brandgen can call, with the names people know them by. */
export const PROVIDER_IDS = ['fal', 'replicate', 'openai', 'google', 'black-forest-labs', 'civitai'] as const;
export type ProviderId = (typeof PROVIDER_IDS)[number];

export const providerLabels: Record<ProviderId, string> = {
  fal: 'fal.ai',
  replicate: 'Replicate',
  openai: 'OpenAI',
  google: 'Google',
  'black-forest-labs': 'Black Forest Labs',
  civitai: 'civitai',
};

/** How a provider is reached and how hard Brandgen may push it. */
export interface ProviderSettings {
  apiKey: string;
  /** A proxy or gateway in front of the provider; the provider's own address when absent. */
  baseUrl: string | undefined;
  /** fal only: the queue API used for long-running models (FAL_QUEUE_BASE_URL). */
  queueBaseUrl?: string | undefined;
  /** How often a queued or long-running request is polled; a test seam, one second by default. */
  pollIntervalMs?: number;
  timeoutMs: number;
  /** Calls in flight at once; fal's default account allows 2. */
  concurrency: number;
}

export type ProviderSettingsMap = Partial<Record<ProviderId, ProviderSettings>>;

/** The environment variables of each provider: key, base URL and concurrency. */
export const providerEnvironment: Record<ProviderId, { key: string[]; baseUrl: string; concurrency: string; defaultConcurrency: number }> =
  {
    fal: { key: ['FAL_KEY', 'FAL_API_KEY'], baseUrl: 'FAL_BASE_URL', concurrency: 'FAL_CONCURRENCY', defaultConcurrency: 2 },
    replicate: { key: ['REPLICATE_API_TOKEN'], baseUrl: 'REPLICATE_BASE_URL', concurrency: 'REPLICATE_CONCURRENCY', defaultConcurrency: 4 },
    openai: { key: ['OPENAI_API_KEY'], baseUrl: 'OPENAI_BASE_URL', concurrency: 'OPENAI_CONCURRENCY', defaultConcurrency: 4 },
    google: {
      key: ['GOOGLE_GENERATIVE_AI_API_KEY'],
      baseUrl: 'GOOGLE_GENERATIVE_AI_BASE_URL',
      concurrency: 'GOOGLE_CONCURRENCY',
      defaultConcurrency: 4,
    },
    'black-forest-labs': { key: ['BFL_API_KEY'], baseUrl: 'BFL_BASE_URL', concurrency: 'BFL_CONCURRENCY', defaultConcurrency: 4 },
    civitai: { key: ['CIVITAI_TOKEN'], baseUrl: 'CIVITAI_BASE_URL', concurrency: 'CIVITAI_CONCURRENCY', defaultConcurrency: 2 },
  };

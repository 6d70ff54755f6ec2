import type { LanguageModel } from 'ai';

/** The services "Expand brief" can ask, by the AI SDK provider that speaks each one's API. */
export const TEXT_PROVIDERS = ['openai', 'google', 'anthropic', 'openai-compatible'] as const;
export type TextProvider = (typeof TEXT_PROVIDERS)[number];

export interface TextModelConfig {
  provider: TextProvider;
  model: string;
  /** Absent only for an OpenAI-compatible server that needs no key (a local one). */
  apiKey: string | undefined;
  /** A proxy, a compatible server or a test fake; the provider's own address when absent. */
  baseUrl: string | undefined;
}

/**
 * The configured model through its AI SDK provider. Each provider package is imported only when chosen, so an
 * installation without a language model, or with another one, does not load it.
 */
export async function createLanguageModel(config: TextModelConfig): Promise<LanguageModel> {
  const common = {
    ...(config.apiKey !== undefined && { apiKey: config.apiKey }),
    ...(config.baseUrl !== undefined && { baseURL: config.baseUrl }),
  };
  switch (config.provider) {
    case 'openai': {
      const { createOpenAI } = await import('@ai-sdk/openai');
      // Chat completions rather than the Responses API: the one every OpenAI-style gateway and proxy also serves.
      return createOpenAI(common).chat(config.model);
    }
    case 'google': {
      const { createGoogleGenerativeAI } = await import('@ai-sdk/google');
      return createGoogleGenerativeAI(common)(config.model);
    }
    case 'anthropic': {
      const { createAnthropic } = await import('@ai-sdk/anthropic');
      return createAnthropic(common)(config.model);
    }
    case 'openai-compatible': {
      const { createOpenAICompatible } = await import('@ai-sdk/openai-compatible');
      return createOpenAICompatible({
        name: 'brief-llm',
        baseURL: config.baseUrl!,
        ...(config.apiKey !== undefined && { apiKey: config.apiKey }),
        supportsStructuredOutputs: true,
      }).chatModel(config.model);
    }
  }
}

import type { Config } from '../config/config.ts';
import type { BrandReviewer } from '../providers/text/brand-reviewer.ts';

const NO_MODEL =
  'Review against the brief needs a language model that can see images, and none is configured. An administrator sets ' +
  'BRANDGEN_LLM_PROVIDER (openai, google or anthropic), BRANDGEN_LLM_MODEL and its API key; see docs/providers.md.';

/** The reviewer for "Review against the brief" when the configured language model sees images; else why not. */
export async function brandReviewerFor(config: Config): Promise<{ reviewer: BrandReviewer | undefined; unavailableMessage: string }> {
  const llm = config.languageModel;
  if (!llm) return { reviewer: undefined, unavailableMessage: NO_MODEL };
  if (!config.languageModelSeesImages) {
    return {
      reviewer: undefined,
      unavailableMessage:
        `Review against the brief needs a language model that can see images, and ${llm.model} is not set as one. ` +
        'If it takes images, an administrator sets BRANDGEN_LLM_VISION=true; otherwise configure a vision model.',
    };
  }
  // Imported only when a language model is configured, like the brief expander.
  const { createLanguageModel } = await import('../providers/text/text-providers.ts');
  const { LanguageModelBrandReviewer } = await import('../providers/text/brand-reviewer.ts');
  return {
    reviewer: new LanguageModelBrandReviewer({ languageModel: await createLanguageModel(llm), model: llm.model }),
    unavailableMessage: '',
  };
}

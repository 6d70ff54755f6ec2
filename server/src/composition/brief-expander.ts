import type { Config } from '../config/config.ts';
import { LanguageModelBriefExpander, TemplateBriefExpander, type BriefExpander } from '../providers/text/brief-expander.ts';

/** "Expand brief" uses the configured language model, or the labelled template expansion without one. */
export async function briefExpanderFor(config: Config): Promise<BriefExpander> {
  const llm = config.languageModel;
  if (!llm) return new TemplateBriefExpander();
  // Imported only when a language model is configured, like the scaled adapters.
  const { createLanguageModel } = await import('../providers/text/text-providers.ts');
  return new LanguageModelBriefExpander({
    model: await createLanguageModel(llm),
    modelLabel: `the language model ${llm.model}`,
    looksAtImages: config.languageModelSeesImages,
  });
}

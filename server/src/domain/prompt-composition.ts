import type { BrandKit } from './brand-kit.ts';

export const MAX_PROMPT_LENGTH = 500;

export interface ComposedPrompt {
  prompt: string;
  negativePrompt: string;
}

/**
 * Joins the brand's trigger word, the user's description and the brand's style suffix.
 * The trigger word leads because LoRAs are trained with it at the start of captions.
 */
export function composePrompt(brand: BrandKit, userPrompt: string): ComposedPrompt {
  const description = normalizePrompt(userPrompt);
  const parts = [brand.lora.trigger_word, description, brand.style_suffix]
    .map((part) => part.trim().replace(/[,\s]+$/u, ''))
    .filter((part) => part.length > 0);
  return { prompt: parts.join(', '), negativePrompt: brand.negative_prompt.trim() };
}

/** Collapses runs of whitespace so that "a  cat\n" and "a cat" are the same request. */
export function normalizePrompt(prompt: string): string {
  return prompt.replace(/\s+/gu, ' ').trim();
}

/** Counts what a person sees as characters, so an emoji is one, not two UTF-16 units. */
export function promptLength(prompt: string): number {
  return [...prompt].length;
}

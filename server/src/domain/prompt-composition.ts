// Type-only import of the kit: the web app's brand editor runs this module in the browser, without the kit's schema.
import { DEFAULT_ASSET_TYPE, type AssetType } from './asset-types.ts';
import type { BrandKit } from './brand-kit.ts';
import { DESCRIPTION_PLACEHOLDER } from './brand-kit-formats.ts';

export const MAX_PROMPT_LENGTH = 500;

export interface ComposedPrompt {
  prompt: string;
  negativePrompt: string;
}

/**
 * Joins the brand's trigger word, the user's description set in the asset type's template, and the brand's
 * style suffix. The trigger word leads because LoRAs are trained with it at the start of captions.
 */
export function composePrompt(brand: BrandKit, userPrompt: string, assetType: AssetType = DEFAULT_ASSET_TYPE): ComposedPrompt {
  const description = normalizePrompt(userPrompt);
  const settings = brand.asset_types[assetType];
  // A function replacement, so a "$&" typed by the user stays literal text.
  const framed = settings.prompt_template.replaceAll(DESCRIPTION_PLACEHOLDER, () => description);
  return {
    prompt: joinParts([brand.lora.trigger_word, framed, brand.style_suffix]),
    negativePrompt: joinParts([brand.negative_prompt, settings.negative_prompt]),
  };
}

function joinParts(parts: string[]): string {
  return parts
    .map((part) => part.trim().replace(/[,\s]+$/u, ''))
    .filter((part) => part.length > 0)
    .join(', ');
}

/** Collapses runs of whitespace so that "a  cat\n" and "a cat" are the same request. */
export function normalizePrompt(prompt: string): string {
  return prompt.replace(/\s+/gu, ' ').trim();
}

/** Counts what a person sees as characters, so an emoji is one, not two UTF-16 units. */
export function promptLength(prompt: string): number {
  return [...prompt].length;
}

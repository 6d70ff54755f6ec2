/**
 * The written formats of a brand kit's fields, as plain patterns with their rule in words: the kit's schema checks
 * with them, and the web app's brand editor checks as people type, so the two cannot disagree.
 */
export interface FieldFormat {
  pattern: RegExp;
  /** Completes "<field> …", e.g. "The palette (entry 2) must be a colour like #1F3A5F". */
  rule: string;
}

export const HEX_COLOUR: FieldFormat = { pattern: /^#[0-9a-fA-F]{6}$/, rule: 'must be a colour like #1F3A5F' };
export const IMAGE_SIZE: FieldFormat = { pattern: /^\d{3,4}x\d{3,4}$/, rule: 'must be WIDTHxHEIGHT, like 1024x1024' };
export const ASPECT_RATIO: FieldFormat = { pattern: /^\d+:\d+$/, rule: 'must be like 16:9' };

/** A LoRA's strength, as the kit allows it. */
export const LORA_SCALE = { min: 0, max: 2 } as const;

/** How many colours a palette takes. */
export const PALETTE_SIZE = { min: 2, max: 12 } as const;

/** Where an asset type's prompt template takes the user's description. */
export const DESCRIPTION_PLACEHOLDER = '{description}';

/** The brand's dos and don'ts: short plain-text rules a person (or a model asked to review) checks an image against. */
export const BRAND_RULES = { maxRules: 20, minLength: 1, maxLength: 200 } as const;

import { z } from 'zod';
import { DEFAULT_ASSET_TYPE, type AssetType } from './asset-types.ts';
import {
  ASPECT_RATIO,
  BRAND_RULES,
  DESCRIPTION_PLACEHOLDER,
  HEX_COLOUR,
  IMAGE_SIZE,
  LORA_SCALE,
  PALETTE_SIZE,
} from './brand-kit-formats.ts';

export { ASSET_TYPES, DEFAULT_ASSET_TYPE, isAssetType, type AssetType } from './asset-types.ts';

const hexColour = z.string().regex(HEX_COLOUR.pattern, HEX_COLOUR.rule);
const imageSize = z.string().regex(IMAGE_SIZE.pattern, IMAGE_SIZE.rule);

const brandRule = z
  .string()
  .trim()
  .min(BRAND_RULES.minLength)
  .max(BRAND_RULES.maxLength, { message: `must be at most ${BRAND_RULES.maxLength} characters: keep each rule to one short sentence` });
// Kits from before dos and don'ts have none; a review then has nothing to check.
const brandRules = z.array(brandRule).max(BRAND_RULES.maxRules).default([]);

/** A LoRA record of the brand's library (GET /api/brands/{id}/loras), at the strength this kit uses it. */
const loraReference = z.object({
  lora_id: z.string().min(1, { message: 'must name a LoRA from the brand library' }),
  scale: z.number().min(LORA_SCALE.min).max(LORA_SCALE.max).default(1),
});

const assetTypeSettings = z.object({
  label: z.string().min(1),
  /** `{description}` is replaced by the user's words; the brand's trigger word and style suffix frame it. */
  prompt_template: z.string().includes(DESCRIPTION_PLACEHOLDER, { message: `must contain ${DESCRIPTION_PLACEHOLDER}` }),
  size: imageSize,
  aspect_ratio: z.string().regex(ASPECT_RATIO.pattern, ASPECT_RATIO.rule),
  /** Added to the brand's own negative prompt. */
  negative_prompt: z.string().default(''),
  /** A LoRA per model family (hidream, flux, sd35); falls back to the brand's LoRA for the family. */
  lora_by_family: z.record(z.string(), loraReference).default({}),
});

const defaultAssetType = (label: string, size: string, aspect: string) => ({
  label,
  prompt_template: '{description}',
  size,
  aspect_ratio: aspect,
  negative_prompt: '',
  lora_by_family: {},
});

/** The brand file: everything applied to a prompt without the user configuring anything (seed FR-1.5). */
export const brandKitSchema = z.object({
  name: z.string().min(1),
  palette: z.array(hexColour).min(PALETTE_SIZE.min).max(PALETTE_SIZE.max),
  style_suffix: z.string().default(''),
  negative_prompt: z.string().default(''),
  /** What every image should do, in plain words ("Use the navy as the main colour"). */
  dos: brandRules,
  /** What no image should do ("No text or lettering"). */
  donts: brandRules,
  lora: z
    .object({
      trigger_word: z.string().default(''),
      by_family: z.record(z.string(), loraReference).default({}),
    })
    .default({ trigger_word: '', by_family: {} }),
  // Older brand files have no asset types; each then gets a plain template at the default size.
  asset_types: z
    .object({
      product_illustration: assetTypeSettings.default(defaultAssetType('Product illustration', '1024x1024', '1:1')),
      icon: assetTypeSettings.default(defaultAssetType('Icon', '1024x1024', '1:1')),
      hero_image: assetTypeSettings.default(defaultAssetType('Marketing / hero image', '1344x768', '16:9')),
      logo_concept: assetTypeSettings.default(defaultAssetType('Logo concept', '1024x1024', '1:1')),
    })
    .default({
      product_illustration: defaultAssetType('Product illustration', '1024x1024', '1:1'),
      icon: defaultAssetType('Icon', '1024x1024', '1:1'),
      hero_image: defaultAssetType('Marketing / hero image', '1344x768', '16:9'),
      logo_concept: defaultAssetType('Logo concept', '1024x1024', '1:1'),
    }),
});

export type BrandKit = z.infer<typeof brandKitSchema>;
export type LoraReference = z.infer<typeof loraReference>;
export type AssetTypeSettings = z.infer<typeof assetTypeSettings>;

/** The asset type's own LoRA for the family, else the brand's general one. */
export function loraForFamily(
  brand: BrandKit,
  family: string | undefined,
  assetType: AssetType = DEFAULT_ASSET_TYPE,
): LoraReference | undefined {
  if (!family) return undefined;
  return brand.asset_types[assetType].lora_by_family[family] ?? brand.lora.by_family[family];
}

/** A LoRA a kit points at, with the field path the kit names it by (`asset_types.icon.lora_by_family.flux`). */
export interface KitLoraReference {
  field: string;
  loraId: string;
}

/** Every LoRA reference of a kit, the brand's own first, then each asset type's. */
export function loraReferencesOf(kit: BrandKit): KitLoraReference[] {
  const references = Object.entries(kit.lora.by_family).map(([family, reference]) => ({
    field: `lora.by_family.${family}`,
    loraId: reference.lora_id,
  }));
  for (const [type, settings] of Object.entries(kit.asset_types)) {
    for (const [family, reference] of Object.entries(settings.lora_by_family)) {
      references.push({ field: `asset_types.${type}.lora_by_family.${family}`, loraId: reference.lora_id });
    }
  }
  return references;
}

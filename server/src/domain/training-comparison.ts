import { ASSET_TYPES, type AssetType } from './asset-types.ts';

/** One prompt of the before-and-after comparison: the same for the version before a training and the version after. */
export interface ComparisonShot {
  assetType: AssetType;
  /** What the image shows; the brand kit's template, trigger word and style suffix frame it as for any job. */
  description: string;
  seed: number;
}

/** The first comparison seed; the shots take it and the next three, so a comparison can be drawn again exactly. */
export const COMPARISON_FIRST_SEED = 2026;

/**
 * One short subject per asset type. The four asset types are the four kinds of picture the kit frames (each with its
 * own template, size and LoRA), so the comparison shows the new LoRA where the studio will use it. The subjects are
 * fixed and plain, not taken from the studio's prompts, so every training of every brand is judged on the same
 * pictures, and the difference between the rows comes from the LoRA rather than from the words.
 */
const SUBJECTS: Record<AssetType, (brandName: string) => string> = {
  product_illustration: () => 'a travel mug on a plain table',
  icon: () => 'a paper plane',
  hero_image: () => 'a sunlit workspace with a laptop and a potted plant',
  logo_concept: (brandName) => `a simple mark for ${brandName}`,
};

/** The four shots of a brand's comparison, led by the set's trigger word so that both versions read the same words. */
export function comparisonShots(brandName: string, triggerWord: string): ComparisonShot[] {
  return ASSET_TYPES.map((assetType, index) => ({
    assetType,
    description: `${triggerWord.trim()} ${SUBJECTS[assetType](brandName.trim())}`.trim(),
    seed: COMPARISON_FIRST_SEED + index,
  }));
}

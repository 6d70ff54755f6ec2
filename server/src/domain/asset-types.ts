/**
 * The kinds of asset a studio asks for (seed Phase 2); each has its own template, size and LoRAs in the brand kit.
 * Kept apart from the kit's schema so that prompt composition needs no validator library: the web app's brand editor
 * imports composition as it is, to preview the exact prompt the server will send.
 */
export const ASSET_TYPES = ['product_illustration', 'icon', 'hero_image', 'logo_concept'] as const;
export type AssetType = (typeof ASSET_TYPES)[number];
export const DEFAULT_ASSET_TYPE: AssetType = 'product_illustration';

export function isAssetType(value: string): value is AssetType {
  return (ASSET_TYPES as readonly string[]).includes(value);
}

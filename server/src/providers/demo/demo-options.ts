import type { ImageModelV4CallOptions, SharedV4ProviderOptions } from '@ai-sdk/provider';
import { isAssetType, type AssetType } from '../../domain/brand-kit.ts';
import type { ModelRequestSettings } from '../image-model-catalog.ts';
import { isHexColour } from './palette-colours.ts';
import { parseStyleProfile, type DemoStyleProfile } from './style-profile.ts';

export { DEMO_FAMILY } from '../../domain/training.ts';

const PROFILE_LINK = 'data:application/json;base64,';

/** The demo model's key in `providerOptions`, as the AI SDK names a provider's own request fields. */
export const demoProvider = 'brandgen-demo';

/** What the demo model reads beyond the prompt. Each is null when the caller did not send it. */
export interface DemoCallOptions {
  /** The user's own description, before the asset type's template and the brand's style words were added. */
  description: string | null;
  assetType: AssetType | null;
  /** Image-to-image: how much of a fresh composition replaces the source (0.05 to 1). */
  strength: number | null;
  /** The job's brand palette and name; the model's own (the default brand's at start) when null. */
  palette: string[] | null;
  brandName: string | null;
  /** The brand's trained demo style (its "LoRA"): palette, contrast and shape density to draw with. */
  styleProfile: DemoStyleProfile | null;
}

/** The request fields the demo catalog entry sends: the description and asset type always, the strength when set. */
export function demoProviderOptions({ description, assetType, strength, brandLook, lora }: ModelRequestSettings): SharedV4ProviderOptions {
  const profile = lora?.path.startsWith(PROFILE_LINK)
    ? Buffer.from(lora.path.slice(PROFILE_LINK.length), 'base64').toString('utf8')
    : undefined;
  return {
    [demoProvider]: {
      description,
      assetType,
      ...(strength !== null && { strength }),
      ...(brandLook && { palette: brandLook.palette, brandName: brandLook.name }),
      ...(profile !== undefined && { styleProfile: profile }),
    },
  };
}

export function readDemoOptions(options: ImageModelV4CallOptions): DemoCallOptions {
  const fields = options.providerOptions?.[demoProvider] ?? {};
  const { description, assetType, strength, palette, brandName, styleProfile } = fields;
  const colours = Array.isArray(palette)
    ? palette.filter((colour): colour is string => typeof colour === 'string' && isHexColour(colour))
    : [];
  return {
    palette: colours.length > 0 ? colours : null,
    brandName: typeof brandName === 'string' && brandName.trim() !== '' ? brandName : null,
    description: typeof description === 'string' && description.trim() !== '' ? description : null,
    assetType: typeof assetType === 'string' && isAssetType(assetType) ? assetType : null,
    strength: typeof strength === 'number' && Number.isFinite(strength) ? Math.min(1, Math.max(0.05, strength)) : null,
    styleProfile: typeof styleProfile === 'string' ? (parseStyleProfile(styleProfile) ?? null) : null,
  };
}

import type { generateImage } from 'ai';
import { DEFAULT_ASSET_TYPE } from '../domain/brand-kit.ts';
import type { JobSettings } from '../domain/job.ts';
import { DEFAULT_PRESET, type PresetSettings } from '../domain/quality-presets.ts';
import type { CatalogEntry, DeliveredLora } from '../providers/image-model-catalog.ts';

export type ImageCall = Parameters<typeof generateImage>[0];

/**
 * The one image request a job slot makes: the preset's variant, the asset type's shape, the brand's LoRA. A refinement
 * with a source image sends it beside the text (`prompt: { images, text }`), to the model's edit or image-to-image
 * endpoint, with the strength of an image-to-image variation.
 */
export function imageCall(
  entry: CatalogEntry,
  input: {
    prompt: string;
    /** The user's own words, before the template and style suffix; the prompt when a caller has none. */
    description?: string;
    negativePrompt: string;
    settings: JobSettings;
    /** The job's LoRA in the form this provider takes (see LoraDeliveryService); none when left out. */
    lora?: DeliveredLora | null;
    seed: number;
    sourceImage?: Uint8Array | undefined;
    abortSignal?: AbortSignal;
  },
): ImageCall & { preset: PresetSettings } {
  const preset = entry.presets[input.settings.preset ?? DEFAULT_PRESET];
  const refinement = input.settings.refinement;
  const source = input.sourceImage;
  const strength = source && refinement?.kind === 'variation' ? refinement.strength : null;
  // A variation with a source and no strength is one of an edited image by a model that only edits (see vary).
  const sourceVariant = !source
    ? undefined
    : refinement?.kind === 'edit' || strength === null
      ? entry.sourceImageVariants?.edit
      : entry.sourceImageVariants?.imageToImage;
  const variant = sourceVariant ?? preset.variant;
  return {
    preset: { ...preset, variant },
    model: entry.model(variant),
    prompt: source ? { images: [source], text: input.prompt } : input.prompt,
    n: 1,
    ...entry.imageShape(input.settings.size, input.settings.aspectRatio ?? '1:1'),
    seed: input.seed,
    providerOptions: entry.providerOptions({
      preset,
      negativePrompt: input.negativePrompt,
      lora: input.lora ?? null,
      strength,
      description: input.description ?? input.prompt,
      assetType: input.settings.assetType ?? DEFAULT_ASSET_TYPE,
      brandLook: input.settings.brandLook ?? null,
    }),
    // Retries live in the provider policy (Retry-After, backoff, health) and in the job runner's slot loop.
    maxRetries: 0,
    ...(input.abortSignal && { abortSignal: input.abortSignal }),
  };
}

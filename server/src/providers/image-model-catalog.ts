import type { ImageModelV4, SharedV4ProviderOptions } from '@ai-sdk/provider';
import type { AssetType } from '../domain/brand-kit.ts';
import type { BrandLook } from '../domain/job.ts';
import type { Licence } from '../domain/licences.ts';
import { samePresets, type PresetSettings, type PresetTable } from '../domain/quality-presets.ts';

/**
 * A LoRA in the form its provider takes: an https link (fal.ai, Replicate), a file name in models/loras (ComfyUI) or a
 * civitai AIR, with the strength to apply it at.
 */
export interface DeliveredLora {
  path: string;
  scale: number;
}

/** What a job asks of a model beyond prompt, size and seed: resolved from the preset and the brand kit. */
export interface ModelRequestSettings {
  preset: PresetSettings;
  negativePrompt: string;
  lora: DeliveredLora | null;
  /** Image-to-image only: how far the result may move from the source image, 0.05 (barely) to 1 (freely). */
  strength: number | null;
  /** The user's own words, before the template and style suffix: what the offline demo model draws. */
  description: string;
  assetType: AssetType;
  /** The job's brand name and palette, which the offline demo model draws with; null for jobs from before brands. */
  brandLook: BrandLook | null;
}

/** The ways a model can take an existing image; the API and the web app offer only what a model can do. */
export interface SourceImageSupport {
  /** Follows a written instruction to change a given image (FLUX Kontext, gpt-image-1 edits, Gemini image). */
  supportsEdit: boolean;
  /** Redraws a given image from the prompt, keeping as much of it as a strength says (image-to-image). */
  supportsImageToImage: boolean;
  /** The provider's endpoint for a call with a source image, when it is not the preset's own (fal's `…/image-to-image`). */
  sourceImageVariants?: { edit?: string; imageToImage?: string };
}

export type ImageShape = { size: `${number}x${number}` } | { aspectRatio: `${number}:${number}` };

/** Most providers take a pixel size; the default for entries that do not say otherwise. */
export function bySize(size: `${number}x${number}`): ImageShape {
  return { size };
}

export interface CatalogEntry extends SourceImageSupport {
  id: string;
  label: string;
  provider: string;
  description: string;
  /** True for the offline demo model, which draws compositions and is not AI. */
  isDemo: boolean;
  /** hidream, flux, sd35, …: picks the brand LoRA and the workflow; null for models without a LoRA family. */
  family: string | null;
  licence: Licence;
  supportsLora: boolean;
  supportsImageInput: boolean;
  imagesPerCall: number;
  presets: PresetTable;
  /** How this model is told the asset type's shape: a pixel size or an aspect ratio. */
  imageShape(size: `${number}x${number}`, aspectRatio: `${number}:${number}`): ImageShape;
  /** The model to call for a preset's variant. */
  model(variant: string): ImageModelV4;
  /** The provider-specific request fields: steps, guidance, negative prompt and LoRA in the provider's own names. */
  providerOptions(settings: ModelRequestSettings): SharedV4ProviderOptions;
}

/** An entry for a model with one variant and no provider options, such as the demo model or a test model. */
export function fixedCatalogEntry(fields: {
  id: string;
  label: string;
  provider: string;
  description: string;
  isDemo: boolean;
  licence: Licence;
  model: ImageModelV4;
  pricePerImageUsd?: number;
  /** The model reads `files`: an edit is the instruction as prompt; image-to-image passes `strength` under the provider's key. */
  sourceImages?: boolean;
}): CatalogEntry {
  const { model, pricePerImageUsd = 0, sourceImages = false, ...rest } = fields;
  return {
    ...rest,
    family: null,
    supportsLora: false,
    supportsImageInput: sourceImages,
    supportsEdit: sourceImages,
    supportsImageToImage: sourceImages,
    imagesPerCall: model.maxImagesPerCall === undefined || typeof model.maxImagesPerCall === 'function' ? 1 : model.maxImagesPerCall,
    presets: samePresets({ variant: model.modelId, steps: null, guidance: null, pricePerImageUsd }),
    imageShape: bySize,
    model: () => model,
    providerOptions: ({ strength }) => (sourceImages && strength !== null ? { [rest.provider]: { strength } } : {}),
  };
}

/** The image models this installation can use, in the order a person should see them; the first is the default. */
export class ImageModelCatalog {
  private entries: CatalogEntry[];

  constructor(options: { entries: CatalogEntry[] }) {
    if (options.entries.length === 0) throw new Error('The model catalog needs at least one model.');
    this.entries = options.entries;
  }

  /** Swaps in a new set of models when an administrator saves or removes a provider key. */
  replace(entries: CatalogEntry[]): void {
    if (entries.length === 0) throw new Error('The model catalog needs at least one model.');
    this.entries = entries;
  }

  list(): readonly CatalogEntry[] {
    return this.entries;
  }

  get(id: string): CatalogEntry | undefined {
    return this.entries.find((entry) => entry.id === id);
  }

  get defaultEntry(): CatalogEntry {
    return this.entries[0]!;
  }

  /** Models that can follow an instruction to change an image, in catalog order. */
  editors(): CatalogEntry[] {
    return this.entries.filter((entry) => entry.supportsEdit);
  }

  /** True when at least one real (not demo) model is configured. */
  get hasRealModel(): boolean {
    return this.entries.some((entry) => !entry.isDemo);
  }
}

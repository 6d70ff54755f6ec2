import type { SharedV4ProviderOptions } from '@ai-sdk/provider';
import { licences, type Licence } from '../domain/licences.ts';
import { samePresets, type PresetTable } from '../domain/quality-presets.ts';
import { civitaiShape } from './civitai/civitai-shape.ts';
import { bySize, type ImageShape, type ModelRequestSettings, type SourceImageSupport } from './image-model-catalog.ts';
import type { ProviderId } from './provider-ids.ts';

/** A model Brandgen knows how to call once its provider is configured. Prices are list-price estimates per image. */
export interface ModelDefinition extends SourceImageSupport {
  id: string;
  label: string;
  provider: ProviderId;
  family: string | null;
  description: string;
  licence: Licence;
  supportsLora: boolean;
  supportsImageInput: boolean;
  presets: PresetTable;
  imageShape(size: `${number}x${number}`, aspectRatio: `${number}:${number}`): ImageShape;
  providerOptions(settings: ModelRequestSettings): SharedV4ProviderOptions;
}

/** fal's image endpoints share one request shape: steps, guidance, negative prompt and `loras: [{path, scale}]`. */
function falOptions({ preset, negativePrompt, lora, strength }: ModelRequestSettings): SharedV4ProviderOptions {
  return {
    fal: {
      ...(strength !== null && { strength }),
      ...(preset.steps !== null && { numInferenceSteps: preset.steps }),
      ...(preset.guidance !== null && { guidanceScale: preset.guidance }),
      ...(negativePrompt && { negative_prompt: negativePrompt }),
      ...(lora && { loras: [{ path: lora.path, scale: lora.scale }] }),
      outputFormat: 'png',
    },
  };
}

/**
 * Replicate's FLUX LoRA models take one LoRA as `lora_weights` and `lora_scale`; their image-to-image input is `image`
 * (sent by the AI SDK from the source file) with its strength as `prompt_strength`.
 */
function replicateOptions({ preset, lora, strength }: ModelRequestSettings): SharedV4ProviderOptions {
  return {
    replicate: {
      ...(strength !== null && { prompt_strength: strength }),
      ...(preset.steps !== null && { num_inference_steps: preset.steps }),
      ...(preset.guidance !== null && { guidance: preset.guidance }),
      ...(lora && { lora_weights: lora.path, lora_scale: lora.scale }),
      output_format: 'png',
    },
  };
}

/**
 * civitai's stable-diffusion.cpp engine takes LoRAs as a map of AIR to strength; the brand LoRA arrives here already
 * as its AIR (LoraDeliveryService refuses any other source before the call).
 */
function civitaiOptions({ preset, negativePrompt, lora }: ModelRequestSettings): SharedV4ProviderOptions {
  return {
    civitai: {
      ...(preset.steps !== null && { steps: preset.steps }),
      ...(preset.guidance !== null && { cfgScale: preset.guidance }),
      ...(negativePrompt && { negativePrompt }),
      ...(lora && { loras: { [lora.path]: lora.scale } }),
    },
  };
}

/** The base models civitai runs for Brandgen, by AIR: Black Forest Labs' FLUX.1 [dev] diffuser and Stability AI's SDXL 1.0. */
const CIVITAI_FLUX_DEV = 'urn:air:flux1:diffuser:civitai:618692@691639';
const CIVITAI_SDXL = 'urn:air:sdxl:checkpoint:civitai:101055@128078';

const byAspectRatio = (_size: string, aspectRatio: `${number}:${number}`): ImageShape => ({ aspectRatio });

/** gpt-image-1 makes three sizes only: square, landscape and portrait. */
function openAiShape(size: `${number}x${number}`): ImageShape {
  const [width, height] = size.split('x').map(Number) as [number, number];
  if (width > height) return { size: '1536x1024' };
  if (height > width) return { size: '1024x1536' };
  return { size: '1024x1024' };
}

/** 1000 Buzz, civitai's currency, cost one US dollar. */
const buzz = (amount: number) => amount / 1000;

export const modelDefinitions: ModelDefinition[] = [
  {
    id: 'fal-hidream-i1',
    label: 'HiDream-I1 (fal.ai)',
    provider: 'fal',
    family: 'hidream',
    description: 'Open 17B model with strong prompt following; Draft uses HiDream Fast, Standard Dev, High Full.',
    licence: licences.hidream,
    supportsLora: true,
    supportsImageInput: false,
    supportsEdit: false,
    supportsImageToImage: false,
    presets: {
      draft: { variant: 'fal-ai/hidream-i1-fast', steps: 16, guidance: null, pricePerImageUsd: 0.01 },
      standard: { variant: 'fal-ai/hidream-i1-dev', steps: 28, guidance: null, pricePerImageUsd: 0.03 },
      high: { variant: 'fal-ai/hidream-i1-full', steps: 50, guidance: 5, pricePerImageUsd: 0.05 },
    },
    imageShape: bySize,
    providerOptions: falOptions,
  },
  {
    id: 'fal-flux-dev',
    label: 'FLUX.1 [dev] with LoRA (fal.ai)',
    provider: 'fal',
    family: 'flux',
    description: 'FLUX.1 [dev] with the brand LoRA. Non-commercial weights licence.',
    licence: licences.fluxDev,
    supportsLora: true,
    supportsImageInput: true,
    supportsEdit: false,
    supportsImageToImage: true,
    sourceImageVariants: { imageToImage: 'fal-ai/flux-lora/image-to-image' },
    presets: {
      draft: { variant: 'fal-ai/flux-lora', steps: 14, guidance: 3.5, pricePerImageUsd: 0.035 },
      standard: { variant: 'fal-ai/flux-lora', steps: 28, guidance: 3.5, pricePerImageUsd: 0.035 },
      high: { variant: 'fal-ai/flux-lora', steps: 45, guidance: 3.5, pricePerImageUsd: 0.035 },
    },
    imageShape: bySize,
    providerOptions: falOptions,
  },
  {
    id: 'fal-flux-schnell',
    label: 'FLUX.1 [schnell] (fal.ai)',
    provider: 'fal',
    family: 'flux',
    description: 'Fast four-step FLUX under Apache-2.0; no LoRA.',
    licence: licences.fluxSchnell,
    supportsLora: false,
    supportsImageInput: false,
    supportsEdit: false,
    supportsImageToImage: false,
    presets: {
      draft: { variant: 'fal-ai/flux/schnell', steps: 2, guidance: null, pricePerImageUsd: 0.003 },
      standard: { variant: 'fal-ai/flux/schnell', steps: 4, guidance: null, pricePerImageUsd: 0.003 },
      high: { variant: 'fal-ai/flux/schnell', steps: 8, guidance: null, pricePerImageUsd: 0.003 },
    },
    imageShape: bySize,
    providerOptions: (settings) => falOptions({ ...settings, lora: null }),
  },
  {
    id: 'fal-sd35-large',
    label: 'Stable Diffusion 3.5 Large (fal.ai)',
    provider: 'fal',
    family: 'sd35',
    description: 'Stable Diffusion 3.5 Large with the brand LoRA.',
    licence: licences.sd35,
    supportsLora: true,
    supportsImageInput: true,
    supportsEdit: false,
    supportsImageToImage: false,
    presets: {
      draft: { variant: 'fal-ai/stable-diffusion-v35-large', steps: 16, guidance: 3.5, pricePerImageUsd: 0.065 },
      standard: { variant: 'fal-ai/stable-diffusion-v35-large', steps: 28, guidance: 3.5, pricePerImageUsd: 0.065 },
      high: { variant: 'fal-ai/stable-diffusion-v35-large', steps: 40, guidance: 4.5, pricePerImageUsd: 0.065 },
    },
    imageShape: bySize,
    providerOptions: falOptions,
  },
  {
    id: 'fal-flux-kontext',
    label: 'FLUX.1 Kontext [pro] (fal.ai)',
    provider: 'fal',
    family: null,
    description: 'Edits an image by instruction ("make the background blue") and keeps the rest; also generates from text. No LoRA.',
    licence: licences.blackForestLabsApi,
    supportsLora: false,
    supportsImageInput: true,
    supportsEdit: true,
    supportsImageToImage: false,
    // Kontext has one endpoint that edits (prompt + image_url) and another that only generates.
    sourceImageVariants: { edit: 'fal-ai/flux-pro/kontext' },
    presets: samePresets({ variant: 'fal-ai/flux-pro/kontext/text-to-image', steps: null, guidance: 3.5, pricePerImageUsd: 0.04 }),
    imageShape: bySize,
    providerOptions: (settings) => falOptions({ ...settings, negativePrompt: '', lora: null, strength: null }),
  },
  {
    id: 'replicate-flux-dev-lora',
    label: 'FLUX.1 [dev] with LoRA (Replicate)',
    provider: 'replicate',
    family: 'flux',
    description: 'FLUX.1 [dev] with the brand LoRA on Replicate. Non-commercial weights licence.',
    licence: licences.fluxDev,
    supportsLora: true,
    supportsImageInput: true,
    supportsEdit: false,
    supportsImageToImage: true,
    presets: {
      draft: { variant: 'black-forest-labs/flux-dev-lora', steps: 14, guidance: 3, pricePerImageUsd: 0.032 },
      standard: { variant: 'black-forest-labs/flux-dev-lora', steps: 28, guidance: 3, pricePerImageUsd: 0.032 },
      high: { variant: 'black-forest-labs/flux-dev-lora', steps: 50, guidance: 3, pricePerImageUsd: 0.032 },
    },
    imageShape: byAspectRatio,
    providerOptions: replicateOptions,
  },
  {
    id: 'replicate-flux-schnell',
    label: 'FLUX.1 [schnell] (Replicate)',
    provider: 'replicate',
    family: 'flux',
    description: 'Fast FLUX under Apache-2.0 on Replicate; no LoRA.',
    licence: licences.fluxSchnell,
    supportsLora: false,
    supportsImageInput: false,
    supportsEdit: false,
    supportsImageToImage: false,
    presets: samePresets({ variant: 'black-forest-labs/flux-schnell', steps: 4, guidance: null, pricePerImageUsd: 0.003 }),
    imageShape: byAspectRatio,
    providerOptions: (settings) => replicateOptions({ ...settings, lora: null }),
  },
  {
    id: 'openai-gpt-image-1',
    label: 'GPT Image 1 (OpenAI)',
    provider: 'openai',
    family: null,
    description: 'OpenAI gpt-image-1; follows long instructions well; no LoRA, so the brand style comes from the prompt only.',
    licence: licences.openai,
    supportsLora: false,
    supportsImageInput: true,
    supportsEdit: true,
    supportsImageToImage: false,
    presets: {
      draft: { variant: 'gpt-image-1', steps: null, guidance: null, quality: 'low', pricePerImageUsd: 0.011 },
      standard: { variant: 'gpt-image-1', steps: null, guidance: null, quality: 'medium', pricePerImageUsd: 0.042 },
      high: { variant: 'gpt-image-1', steps: null, guidance: null, quality: 'high', pricePerImageUsd: 0.167 },
    },
    imageShape: openAiShape,
    providerOptions: ({ preset }) => ({ openai: { ...(preset.quality && { quality: preset.quality }) } }),
  },
  {
    id: 'google-gemini-image',
    label: 'Gemini image (Google)',
    provider: 'google',
    family: null,
    description: 'Google Gemini image generation; High uses Gemini 3 Pro Image; no LoRA.',
    licence: licences.google,
    supportsLora: false,
    supportsImageInput: true,
    supportsEdit: true,
    supportsImageToImage: false,
    presets: {
      draft: { variant: 'gemini-2.5-flash-image', steps: null, guidance: null, pricePerImageUsd: 0.039 },
      standard: { variant: 'gemini-2.5-flash-image', steps: null, guidance: null, pricePerImageUsd: 0.039 },
      high: { variant: 'gemini-3-pro-image-preview', steps: null, guidance: null, pricePerImageUsd: 0.134 },
    },
    imageShape: byAspectRatio,
    providerOptions: () => ({}),
  },
  {
    id: 'bfl-flux-pro',
    label: 'FLUX 1.1 [pro] (Black Forest Labs)',
    provider: 'black-forest-labs',
    family: null,
    description: 'FLUX 1.1 [pro] from its makers, licensed for commercial use through the API; no LoRA.',
    licence: licences.blackForestLabsApi,
    supportsLora: false,
    supportsImageInput: false,
    supportsEdit: false,
    supportsImageToImage: false,
    presets: {
      draft: { variant: 'flux-pro-1.1', steps: null, guidance: null, pricePerImageUsd: 0.04 },
      standard: { variant: 'flux-pro-1.1', steps: null, guidance: null, pricePerImageUsd: 0.04 },
      high: { variant: 'flux-pro-1.1-ultra', steps: null, guidance: null, pricePerImageUsd: 0.06 },
    },
    imageShape: bySize,
    providerOptions: () => ({ blackForestLabs: { outputFormat: 'png' } }),
  },
  {
    id: 'civitai-flux-dev',
    label: 'FLUX.1 [dev] with LoRA (civitai)',
    provider: 'civitai',
    family: 'flux',
    description: 'FLUX.1 [dev] on civitai with a brand LoRA from civitai (by its AIR). Non-commercial weights licence.',
    licence: licences.fluxDev,
    supportsLora: true,
    supportsImageInput: false,
    supportsEdit: false,
    supportsImageToImage: false,
    // civitai's FLUX.1 price is half a Buzz per step, doubled when guidance is on (cfgScale other than 1).
    presets: {
      draft: { variant: CIVITAI_FLUX_DEV, steps: 14, guidance: 3.5, pricePerImageUsd: buzz(14) },
      standard: { variant: CIVITAI_FLUX_DEV, steps: 28, guidance: 3.5, pricePerImageUsd: buzz(28) },
      high: { variant: CIVITAI_FLUX_DEV, steps: 45, guidance: 3.5, pricePerImageUsd: buzz(45) },
    },
    imageShape: civitaiShape({ min: 832, max: 1216, multiple: 16 }),
    providerOptions: civitaiOptions,
  },
  {
    id: 'civitai-sdxl',
    label: 'Stable Diffusion XL with LoRA (civitai)',
    provider: 'civitai',
    family: 'sdxl',
    description: 'SDXL 1.0 on civitai with a brand LoRA from civitai (by its AIR); cheap and quick, with a negative prompt.',
    licence: licences.sdxl,
    supportsLora: true,
    supportsImageInput: false,
    supportsEdit: false,
    supportsImageToImage: false,
    // civitai's SDXL price is 8 Buzz per 1024×1024 image at 20 steps, in proportion to pixels and steps.
    presets: {
      draft: { variant: CIVITAI_SDXL, steps: 15, guidance: 7, pricePerImageUsd: buzz(6) },
      standard: { variant: CIVITAI_SDXL, steps: 25, guidance: 7, pricePerImageUsd: buzz(10) },
      high: { variant: CIVITAI_SDXL, steps: 40, guidance: 7, pricePerImageUsd: buzz(16) },
    },
    imageShape: civitaiShape({ min: 64, max: 2048, multiple: 8 }),
    providerOptions: civitaiOptions,
  },
];

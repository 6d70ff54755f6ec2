import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { licences } from '../../domain/licences.ts';
import { samePresets, type PresetTable } from '../../domain/quality-presets.ts';
import { bySize, type CatalogEntry, type ModelRequestSettings } from '../image-model-catalog.ts';
import { ConcurrencyLimit } from '../resilience/concurrency-limit.ts';
import { ProviderHealth } from '../resilience/provider-health.ts';
import { modelsUnderPolicy, type ProviderPolicy } from '../resilience/resilient-image-model.ts';
import { bundledWorkflows } from './bundled-workflows.ts';
import { createComfyUiImageModel } from './comfyui-image-model.ts';
import { takesImageToImage } from './image-to-image-workflow.ts';
import { workflowTemplateSchema, type WorkflowTemplate } from './workflow-template.ts';

export interface ComfyUiConfig {
  baseUrl: string;
  timeoutMs: number;
  concurrency: number;
  /** Folder of administrator-registered workflow files; none when absent. */
  workflowsDirectory: string | undefined;
}

/** A registered workflow: the template plus what the catalog shows about it. */
const registeredWorkflowSchema = workflowTemplateSchema.extend({
  family: z.string().nullable().default(null),
  licence: z.object({ name: z.string(), url: z.string(), warning: z.string().nullable().default(null) }).optional(),
  description: z.string().default('A workflow registered by an administrator.'),
});

const options = (settings: ModelRequestSettings) => ({
  comfyui: {
    steps: settings.preset.steps,
    guidance: settings.preset.guidance,
    negativePrompt: settings.negativePrompt,
    lora: settings.lora ? { path: settings.lora.path, scale: settings.lora.scale } : null,
    denoise: settings.strength,
  },
});

type ShippedEntry = Omit<
  CatalogEntry,
  | 'model'
  | 'providerOptions'
  | 'imageShape'
  | 'isDemo'
  | 'imagesPerCall'
  | 'provider'
  | 'supportsEdit'
  | 'supportsImageToImage'
  | 'supportsImageInput'
> & { presets: PresetTable };

const shipped: ShippedEntry[] = [
  {
    id: 'comfyui-hidream-i1',
    label: 'HiDream-I1 (your ComfyUI)',
    family: 'hidream',
    description: 'HiDream-I1 with the brand LoRA on your own GPU; Draft uses Fast, Standard Dev, High Full.',
    licence: licences.hidream,
    supportsLora: true,
    presets: {
      draft: { variant: 'hidream-i1-fast', steps: 16, guidance: null, pricePerImageUsd: 0 },
      standard: { variant: 'hidream-i1-dev', steps: 28, guidance: null, pricePerImageUsd: 0 },
      high: { variant: 'hidream-i1-full', steps: 50, guidance: 5, pricePerImageUsd: 0 },
    },
  },
  {
    id: 'comfyui-flux-dev',
    label: 'FLUX.1 [dev] (your ComfyUI)',
    family: 'flux',
    description: 'FLUX.1 [dev] with the brand LoRA on your own GPU. Non-commercial weights licence.',
    licence: licences.fluxDev,
    supportsLora: true,
    presets: {
      draft: { variant: 'flux1-dev', steps: 14, guidance: 3.5, pricePerImageUsd: 0 },
      standard: { variant: 'flux1-dev', steps: 28, guidance: 3.5, pricePerImageUsd: 0 },
      high: { variant: 'flux1-dev', steps: 45, guidance: 3.5, pricePerImageUsd: 0 },
    },
  },
  {
    id: 'comfyui-flux-schnell',
    label: 'FLUX.1 [schnell] (your ComfyUI)',
    family: 'flux',
    description: 'Fast FLUX under Apache-2.0 on your own GPU, with the brand LoRA.',
    licence: licences.fluxSchnell,
    supportsLora: true,
    presets: {
      draft: { variant: 'flux1-schnell', steps: 2, guidance: null, pricePerImageUsd: 0 },
      standard: { variant: 'flux1-schnell', steps: 4, guidance: null, pricePerImageUsd: 0 },
      high: { variant: 'flux1-schnell', steps: 8, guidance: null, pricePerImageUsd: 0 },
    },
  },
  {
    id: 'comfyui-sd35-large',
    label: 'Stable Diffusion 3.5 Large (your ComfyUI)',
    family: 'sd35',
    description: 'Stable Diffusion 3.5 Large with the brand LoRA on your own GPU.',
    licence: licences.sd35,
    supportsLora: true,
    presets: {
      draft: { variant: 'sd3.5-large', steps: 16, guidance: 3.5, pricePerImageUsd: 0 },
      standard: { variant: 'sd3.5-large', steps: 28, guidance: 4.5, pricePerImageUsd: 0 },
      high: { variant: 'sd3.5-large', steps: 40, guidance: 4.5, pricePerImageUsd: 0 },
    },
  },
];

/** Reads every `*.json` in the folder as a registered workflow; a broken file stops the start with its name. */
export function loadRegisteredWorkflows(directory: string | undefined): Array<z.infer<typeof registeredWorkflowSchema>> {
  if (!directory) return [];
  return readdirSync(directory)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => {
      const file = path.join(directory, name);
      const parsed = registeredWorkflowSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
      if (!parsed.success) {
        throw new Error(
          `The ComfyUI workflow ${file} is invalid: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`,
        );
      }
      return parsed.data;
    });
}

export function comfyUiEntries(
  config: ComfyUiConfig,
  policyOverrides: Partial<ProviderPolicy> = {},
  health = new ProviderHealth(),
): CatalogEntry[] {
  const registered = loadRegisteredWorkflows(config.workflowsDirectory);
  const templates = new Map<string, WorkflowTemplate>([...bundledWorkflows, ...registered].map((template) => [template.id, template]));
  const policy: ProviderPolicy = {
    providerLabel: 'ComfyUI',
    timeoutMs: config.timeoutMs,
    limit: new ConcurrencyLimit({ limit: config.concurrency }),
    health,
    secrets: [],
    ...policyOverrides,
  };
  const modelFor = modelsUnderPolicy((variant) => {
    const template = templates.get(variant);
    if (!template) throw new Error(`There is no ComfyUI workflow "${variant}".`);
    return createComfyUiImageModel(template, { baseUrl: config.baseUrl });
  }, policy);
  // A model redraws images when every workflow its presets use has an image-to-image form; none follows instructions.
  const redraws = (presets: PresetTable) =>
    Object.values(presets).every((preset) => {
      const template = templates.get(preset.variant);
      return template !== undefined && takesImageToImage(template);
    });
  const common = {
    provider: 'comfyui',
    isDemo: false,
    imagesPerCall: 1,
    supportsEdit: false,
    imageShape: bySize,
    model: modelFor,
    providerOptions: options,
  };
  return [
    ...shipped.map((entry) => {
      const takesSourceImage = redraws(entry.presets);
      return { ...entry, ...common, supportsImageInput: takesSourceImage, supportsImageToImage: takesSourceImage };
    }),
    ...registered.map((workflow) => ({
      ...common,
      id: `comfyui-${workflow.id}`,
      label: `${workflow.label} (your ComfyUI)`,
      family: workflow.family,
      description: workflow.description,
      licence: workflow.licence ?? { name: 'Set by your administrator', url: config.baseUrl, warning: null },
      supportsLora: workflow.inputs.lora_name !== undefined,
      supportsImageInput: workflow.inputs.image !== undefined || workflow.inputs.image_to_image !== undefined,
      supportsImageToImage: takesImageToImage(workflow),
      presets: samePresets({ variant: workflow.id, steps: null, guidance: null, pricePerImageUsd: 0 }),
    })),
  ];
}

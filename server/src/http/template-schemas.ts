import { z } from 'zod';
import { idParam } from './path-params.ts';
import { ASSET_TYPES } from '../domain/brand-kit.ts';
import { MAX_PROMPT_LENGTH } from '../domain/prompt-composition.ts';
import { QUALITY_PRESETS } from '../domain/quality-presets.ts';

const optionalName = (label: string) =>
  z
    .string({ error: `${label} must be text.` })
    .trim()
    .max(100, `${label} must be 100 characters or fewer.`)
    .nullable()
    .optional()
    .transform((value) => (value ? value : null));

/** One of the catalog's choices (GET /api/models), or empty or null for none. */
const optionalChoice = <Choices extends readonly [string, ...string[]]>(choices: Choices, message: string) =>
  z
    .union([z.enum(choices), z.literal('')], { error: message })
    .nullable()
    .optional()
    .transform((value) => (value ? value : null));

export const templateBody = z
  .object({
    name: z
      .string({ error: 'Give the template a name.' })
      .trim()
      .min(1, 'Give the template a name.')
      .max(100, 'Keep the name to 100 characters or fewer.'),
    prompt: z
      .string({ error: 'Write the prompt, with {placeholders} where values go.' })
      .trim()
      .min(1, 'Write the prompt, with {placeholders} where values go.')
      .max(MAX_PROMPT_LENGTH, `Keep the prompt to ${MAX_PROMPT_LENGTH} characters or fewer.`),
    asset_type: optionalChoice(ASSET_TYPES, `The asset type must be one of ${ASSET_TYPES.join(', ')}.`),
    model: optionalName('The model'),
    preset: optionalChoice(QUALITY_PRESETS, `The quality preset must be one of ${QUALITY_PRESETS.join(', ')}.`),
    lora_overrides: z
      .record(
        z.string().min(1).max(200),
        z
          .number({ error: 'Each LoRA weight must be a number from -2 to 2.' })
          .min(-2, 'Each LoRA weight must be a number from -2 to 2.')
          .max(2, 'Each LoRA weight must be a number from -2 to 2.'),
      )
      .refine((record) => Object.keys(record).length <= 10, 'Override at most 10 LoRAs.')
      .default({})
      .describe('LoRA name → weight (-2 to 2).'),
  })
  .strict();

export const applyTemplateBody = z
  .object({
    values: z
      .record(
        z.string().max(100),
        z.string({ error: 'Placeholder values must be text.' }).max(300, 'Keep each value to 300 characters or fewer.'),
      )
      .default({})
      .describe('Placeholder name → value.'),
  })
  .strict();

export const templateIdParams = z.object({ id: idParam('template') });

export const templateResponse = z.object({
  id: z.string(),
  name: z.string(),
  prompt: z.string(),
  placeholders: z.array(z.string()).describe('The {placeholder} names in the prompt, in order.'),
  asset_type: z.string().nullable(),
  model: z.string().nullable(),
  preset: z.string().nullable(),
  lora_overrides: z.record(z.string(), z.number()),
  created_at: z.string(),
  updated_at: z.string(),
});

export const templateListResponse = z.object({ templates: z.array(templateResponse) });

export const appliedTemplateResponse = z.object({
  prompt: z.string(),
  asset_type: z.string().nullable(),
  model: z.string().nullable(),
  preset: z.string().nullable(),
  lora_overrides: z.record(z.string(), z.number()),
});

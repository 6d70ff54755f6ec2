import { z } from 'zod';
import { ASSET_TYPES } from '../domain/brand-kit.ts';
import { QUALITY_PRESETS } from '../domain/quality-presets.ts';

/**
 * Request and response shapes: the single source of validation, serialisation and the OpenAPI document. Here the
 * fields several nouns share and the small shapes of models, usage and probes; each noun's own are in <noun>-schemas.ts.
 */

/** A seed in a request: the same checks and words wherever one is taken. */
export const seedField = z
  .number({ error: 'The seed must be a whole number.' })
  .int('The seed must be a whole number.')
  .min(0, 'The seed must be 0 or more.')
  .max(2 ** 32 - 1, 'The seed must be at most 4294967295.');

/** A brand named in a request; the default brand when left out. */
export const brandIdField = z
  .string({ error: 'The brand must be a brand id from GET /api/brands.' })
  .min(1, 'The brand must be a brand id from GET /api/brands.')
  .max(100, 'The brand must be a brand id from GET /api/brands.')
  .describe('A brand id from GET /api/brands; the default brand when left out.');

/** A model named in a request, in the words of the route that takes it. */
export const modelField = (message: string) => z.string({ error: message }).min(1, message).max(200);

/** A quality preset in a request. */
export const presetField = z.enum(QUALITY_PRESETS, { error: `The quality preset must be one of ${QUALITY_PRESETS.join(', ')}.` });

export const errorResponse = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      fields: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
    }),
  })
  .describe('The one error shape of the API.');

/** How well an image keeps to the brand palette (docs/brand-fit.md); null for images made before scoring. */
export const brandFitField = z
  .number()
  .int()
  .min(0)
  .max(100)
  .nullable()
  .describe('How well the image keeps to the brand palette, 0 to 100; null for images not scored.');
export const brandFitReasonField = z
  .string()
  .nullable()
  .describe('The score in plain words, e.g. "uses 4 of 5 brand colours; 12% of the image off-palette".');

export const modelsResponse = z.object({
  models: z.array(
    z.object({
      id: z.string(),
      label: z.string(),
      provider: z.string(),
      description: z.string(),
      is_demo: z.boolean(),
      default: z.boolean(),
      family: z.string().nullable().describe('hidream, flux, sd35, …; picks the brand LoRA.'),
      licence: z.object({
        name: z.string(),
        url: z.string(),
        warning: z.string().nullable().describe('Set where commercial use is restricted; confirm before first use.'),
      }),
      supports_lora: z.boolean(),
      supports_image_input: z.boolean(),
      supports_edit: z.boolean().describe('Follows an instruction to change an image: POST /api/images/{id}/edit.'),
      supports_image_to_image: z
        .boolean()
        .describe('Redraws an image with a strength: POST /api/images/{id}/variations with {"strength"}.'),
      images_per_call: z.number(),
      presets: z.record(
        z.enum(QUALITY_PRESETS),
        z.object({
          variant: z.string(),
          steps: z.number().nullable(),
          guidance: z.number().nullable(),
          price_per_image_usd: z.number().describe('List-price estimate.'),
        }),
      ),
      default_steps: z.number().nullable(),
      default_guidance: z.number().nullable(),
      price_per_image_usd: z.number().describe('Estimate at the Standard preset.'),
    }),
  ),
  asset_types: z.array(z.object({ id: z.enum(ASSET_TYPES), label: z.string(), size: z.string(), aspect_ratio: z.string() })),
  presets: z.array(z.object({ id: z.enum(QUALITY_PRESETS), label: z.string() })),
  demo_only: z.boolean().describe('True when no real provider is configured.'),
});

export const usageQuery = z.object({
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/u, 'The month must look like 2026-11.')
    .optional()
    .describe('YYYY-MM; all months when left out.'),
});

export const usageResponse = z.object({
  rows: z.array(
    z.object({
      user_id: z.string(),
      model: z.string().describe('The model of the jobs, or training:{trainer} for LoRA trainings.'),
      month: z.string(),
      jobs: z.number().describe('How many jobs (or trainings) of this model the person started in the month.'),
      estimated_cost_usd: z.number(),
    }),
  ),
  total_usd: z.number(),
  monthly_budget_usd: z.number().nullable(),
  this_month_usd: z.number().describe("Everyone's estimated spend this month, images and trainings: what the monthly budget counts."),
});

export const healthResponse = z.object({ status: z.string() });
export const readyResponse = z.object({
  status: z.enum(['ready', 'not_ready']),
  checks: z.record(z.string(), z.enum(['ok', 'unreachable'])),
});

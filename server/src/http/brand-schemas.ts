import { z } from 'zod';
import { idParam } from './path-params.ts';
import { portableLoraSchema } from '../domain/brand-file.ts';
import { brandKitSchema } from '../domain/brand-kit.ts';
import { VERSION_SOURCES } from '../domain/brand.ts';

/**
 * A brand kit as sent: any JSON object, checked whole by the brand service so that every problem is named by its
 * field in plain words (a schema here would answer with the validator's words instead).
 */
export const brandKitBody = z
  .looseObject({})
  .describe(
    'A whole brand kit in the brand-file format: the shape of `kit` in the brand answers (name, palette, style_suffix, ' +
      'negative_prompt, lora, asset_types), and on import the `loras` an export describes. Fields left out take their ' +
      'defaults; problems come back per field.',
  );

export const brandIdParams = z.object({ id: idParam('brand') });
export const brandVersionParams = z.object({
  id: idParam('brand'),
  n: z
    .string()
    .regex(/^[1-9]\d{0,8}$/, { error: (issue) => `This brand has no version ${String(issue.input)}.` })
    .describe('A version number from GET /api/brands/{id}/versions.'),
});

export const brandListQuery = z
  .object({
    include_archived: z
      .enum(['true', 'false'], { error: 'include_archived must be true or false.' })
      .transform((value) => value === 'true')
      .optional()
      .describe('Also list archived brands (kept for the jobs made with them).'),
  })
  .strict();

export const brandImportQuery = z
  .object({
    brand_id: z.string().min(1).max(100).optional().describe('Import as a new version of this brand instead of a new brand.'),
  })
  .strict();

/** One named component of the OpenAPI document (`BrandKit`), referenced wherever a kit is answered. */
export const brandKitResponse = brandKitSchema.describe('The brand kit, in the brand-file format.').meta({ id: 'BrandKit' });

/** An exported brand file: the kit (the BrandKit component), and the LoRAs it points at described for another Brandgen. */
export const brandFileResponse = brandKitResponse
  .and(
    z.object({
      loras: z
        .array(portableLoraSchema)
        .describe(
          'Each LoRA the kit points at. On import a link, AIR or ComfyUI file is added to the brand when missing; an uploaded ' +
            'or trained file is found by its SHA-256 in the brand it is imported into.',
        ),
    }),
  )
  .describe('A brand file: the kit in the brand-file format with its LoRAs described.');

export const brandResponse = z.object({
  id: z.string(),
  name: z.string(),
  is_default: z.boolean().describe('Jobs that name no brand are made with the default brand.'),
  version: z.number().int().describe('The current version; every change adds one.'),
  created_at: z.string(),
  updated_at: z.string().describe('When the current version was made.'),
  archived_at: z.string().nullable().describe('Set on a brand deleted after jobs were made with it; it takes no new jobs.'),
  kit: brandKitResponse,
});

export const brandListResponse = z.object({ brands: z.array(brandResponse) });

export const brandVersionResponse = z.object({
  version: z.number().int(),
  source: z
    .enum(VERSION_SOURCES)
    .describe('How the version came to be: shipped, data_folder, create, edit, restore, import or training (a trained LoRA attached).'),
  restored_from: z.number().int().nullable().describe('For a restore: the version it copies.'),
  created_by: z.string(),
  created_at: z.string(),
  kit: brandKitResponse,
});

export const brandVersionListResponse = z.object({ brand_id: z.string(), versions: z.array(brandVersionResponse) });

export const brandDeletedResponse = z.object({
  id: z.string(),
  result: z.enum(['deleted', 'archived']).describe('archived: jobs were made with it before this month, so its versions stay for them.'),
});

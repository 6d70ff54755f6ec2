import { z } from 'zod';
import { idParam, isId } from './path-params.ts';
import { EDIT_VARIATION_STRENGTH, MAX_INSTRUCTION_LENGTH, MAX_STRENGTH, MIN_STRENGTH } from '../domain/job.ts';
import { brandFitField, brandFitReasonField, brandIdField, modelField, presetField, seedField } from './schemas.ts';

/** Request and response shapes of the library routes (images, favorites, thumbnails). */

const dateTime = (field: string) =>
  z
    .string()
    .max(40)
    .refine((value) => !Number.isNaN(Date.parse(value)), `${field} must be a date such as 2026-01-31 or an ISO timestamp.`)
    .transform((value) => new Date(value).toISOString());

const minBrandFitMessage = 'min_brand_fit must be a whole number from 0 to 100.';

export const listImagesQuery = z
  .object({
    limit: z.coerce
      .number({ error: 'The limit must be a whole number from 1 to 200.' })
      .int('The limit must be a whole number from 1 to 200.')
      .min(1, 'The limit must be a whole number from 1 to 200.')
      .max(200, 'The limit must be a whole number from 1 to 200.')
      .default(50),
    cursor: z
      .string()
      .regex(/^(?:-1_|[0-9]{1,3}_)?[1-9][0-9]{0,15}$/, 'Use the next_cursor value of the previous page.')
      .optional()
      .describe('next_cursor from the previous page'),
    q: z
      .string()
      .max(200, 'Keep the search to 200 characters or fewer.')
      .optional()
      .describe('Words the prompt must contain (prefixes match).'),
    asset_type: z.string().min(1).max(100).optional(),
    model: z.string().min(1).max(200).optional(),
    project_id: z.string().min(1).max(100).optional(),
    brand_id: z.string().min(1).max(100).optional().describe('Only images made with this brand (any of its versions).'),
    parent_id: z.string().min(1).max(100).optional().describe('Only refinements (variations) of this image.'),
    job_id: z.string().min(1).max(100).optional().describe('Only the images of this job.'),
    batch_id: z.string().min(1).max(100).optional().describe('Only the images of the jobs of this batch.'),
    favorite: z
      .enum(['true', 'false'], { error: 'favorite must be true or false.' })
      .transform((value) => value === 'true')
      .optional(),
    from: dateTime('from').optional().describe('Only images made at or after this time.'),
    to: dateTime('to').optional().describe('Only images made before this time.'),
    min_brand_fit: z.coerce
      .number({ error: minBrandFitMessage })
      .int(minBrandFitMessage)
      .min(0, minBrandFitMessage)
      .max(100, minBrandFitMessage)
      .optional()
      .describe('Only images whose brand fit is at least this (0 to 100); images not scored are left out.'),
    sort: z
      .enum(['newest', 'brand_fit'], { error: 'sort must be newest or brand_fit.' })
      .default('newest')
      .describe('newest (the default) or brand_fit: best fit first, images not scored last.'),
  })
  .strict();

export const MAX_ARCHIVE_IMAGES = 200;

export const archiveQuery = z
  .object({
    ids: z
      .string({ error: 'List the image ids to download, separated by commas.' })
      .max(MAX_ARCHIVE_IMAGES * 37, `Download at most ${MAX_ARCHIVE_IMAGES} images at once.`)
      .transform((value) =>
        value
          .split(',')
          .map((id) => id.trim())
          .filter(Boolean),
      )
      .refine((ids) => ids.length > 0, 'List the image ids to download, separated by commas.')
      .refine((ids) => ids.length <= MAX_ARCHIVE_IMAGES, `Download at most ${MAX_ARCHIVE_IMAGES} images at once.`)
      .refine((ids) => ids.every(isId), 'Every id must be an image id from GET /api/images.')
      .describe(`Comma-separated image ids, 1 to ${MAX_ARCHIVE_IMAGES}.`),
  })
  .strict();

export const imageIdParams = z.object({ id: idParam('image') });

/** Which thumbnail: 256 px for lists, 512 px for screens with two device pixels to the CSS pixel (a srcset's 2x). */
export const thumbnailQuery = z
  .object({
    size: z
      .enum(['256', '512'], { error: 'The thumbnail size must be 256 or 512.' })
      .transform(Number)
      .optional()
      .describe('256 (the default) or 512 pixels on the longest side.'),
  })
  .strict();

export const favoriteBody = z
  .object({ favorite: z.boolean({ error: 'favorite must be true or false.' }) })
  .strict()
  .describe('Star (true) or unstar (false) the image.');

const strengthMessage = `The strength must be a number from ${MIN_STRENGTH} to ${MAX_STRENGTH}.`;

export const variationsBody = z
  .object({
    strength: z
      .number({ error: strengthMessage })
      .min(MIN_STRENGTH, strengthMessage)
      .max(MAX_STRENGTH, strengthMessage)
      .optional()
      .describe(
        'Image-to-image: redraw the image itself, keeping less of it the higher the value. Only for models with ' +
          'supports_image_to_image; without it, variations are new seeds of the same settings, except for an edited ' +
          `image, which is redrawn from itself at ${EDIT_VARIATION_STRENGTH} (its prompt alone would draw the picture before the edit).`,
      ),
    brand_id: brandIdField.optional().describe("A brand from GET /api/brands; the image's own brand version when left out."),
  })
  .strict()
  .nullish()
  .describe('Optional; send nothing for new seeds of the same settings.');

const instructionMessage = `Say what to change in 1 to ${MAX_INSTRUCTION_LENGTH} characters, for example "make the background blue".`;

export const editBody = z
  .object({
    instruction: z
      .string({ error: instructionMessage })
      .refine((instruction) => instruction.trim().length > 0, instructionMessage)
      .refine((instruction) => [...instruction.trim()].length <= MAX_INSTRUCTION_LENGTH, instructionMessage)
      .describe(`What to change, 1 to ${MAX_INSTRUCTION_LENGTH} characters.`),
    model: modelField('The model must be a model id from GET /api/models.')
      .optional()
      .describe("A model with supports_edit; the image's own model when it can edit, otherwise the first that can."),
    preset: presetField.optional().describe('The preset the image was made with when left out.'),
    seed: seedField.optional().describe('Makes the edits repeatable: edit n uses seed + n.'),
    brand_id: brandIdField.optional().describe("A brand from GET /api/brands; the image's own brand when left out."),
  })
  .strict()
  .describe('An edit of an image by instruction.');

const refinementResponse = z
  .discriminatedUnion('kind', [
    z.object({
      kind: z.literal('edit'),
      instruction: z.string().describe('What the edit was asked to change; the prompt stays that of the image it edits.'),
    }),
    z.object({ kind: z.literal('variation'), strength: z.number().nullable().describe('null: new seeds of the same settings.') }),
  ])
  .nullable()
  .describe('How this image was made from its parent; null when it refines nothing.');

export const libraryImageResponse = z.object({
  id: z.string(),
  job_id: z.string(),
  n: z.number().describe('The image number within its job (0 to 3).'),
  prompt: z
    .string()
    .describe('The prompt of the picture; an edit keeps the prompt of the image it edits (the instruction is in refinement).'),
  model: z.string(),
  asset_type: z.string().nullable(),
  project_id: z.string().nullable(),
  parent_id: z.string().nullable().describe('The image this one refines, if any.'),
  refinement: refinementResponse,
  seed: z.number(),
  width: z.number(),
  height: z.number(),
  favorite: z.boolean(),
  created_at: z.string(),
  expires_at: z.string().nullable().describe('When retention removes the image; null for favorites or when retention is off.'),
  url: z.string().describe('The full-resolution PNG.'),
  thumbnail_url: z.string().describe('A 256 px WebP.'),
  placeholder: z.string().describe('ThumbHash (base64) to paint while the thumbnail loads.'),
  brand_fit: brandFitField,
  brand_fit_reason: brandFitReasonField,
  brand_id: z.string().describe('The brand the image was made with.'),
  brand_version: z.number().int().describe("The version of that brand's kit; POST /api/generate takes both to repeat it."),
});

export const libraryPageResponse = z.object({
  images: z.array(libraryImageResponse),
  next_cursor: z.string().nullable(),
});

export type LibraryImageResponse = z.infer<typeof libraryImageResponse>;

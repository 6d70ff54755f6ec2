import { z } from 'zod';
import { TRAINING_KINDS } from '../domain/training-set.ts';
import { idParam } from './path-params.ts';

export const trainingSetParams = z.object({ id: idParam('brand'), setId: idParam('training set') });
export const trainingSetImageParams = trainingSetParams.extend({ imageId: idParam('training image') });

const trainingImage = z.object({
  id: z.string(),
  file_name: z.string(),
  width: z.number().int(),
  height: z.number().int(),
  sha256: z.string(),
  caption: z.string().describe('Prefilled with the trigger word when none was given.'),
  url: z.string().describe('The cleaned image (WebP, metadata stripped).'),
  small: z.boolean().describe('Under 512 px on the short side: trainers learn blur from it.'),
  near_duplicate_of: z.string().nullable().describe('The id of an earlier image of the set this one nearly repeats (perceptual hash).'),
});

export const trainingSetResponse = z.object({
  id: z.string(),
  brand_id: z.string(),
  name: z.string(),
  trigger_word: z.string(),
  kind: z.enum(TRAINING_KINDS),
  images: z.array(trainingImage),
  ready: z.boolean().describe('Whether a training may start from the set (10–50 images, a trigger word).'),
  problems: z.array(z.string()).describe('Why it cannot be trained yet, in plain words.'),
  created_at: z.string(),
  updated_at: z.string(),
});

export const trainingSetListResponse = z.object({ training_sets: z.array(trainingSetResponse) });

export const trainingSetUpdateBody = z
  .object({
    name: z.string().max(120).optional(),
    trigger_word: z.string().max(40).optional(),
    kind: z.enum(TRAINING_KINDS).optional(),
    captions: z
      .record(z.string(), z.string().max(1000))
      .optional()
      .describe('Image id → caption; an empty caption becomes the trigger word.'),
  })
  .strict();

/** Documents the multipart form; the route reads the parts itself, streaming each file with a size limit. */
export const multipartDescription =
  'multipart/form-data: `images` (one part per file: PNG, JPEG or WebP, at most 10 MB each, 50 in all), ' +
  '`captions` (optional, a JSON array of strings in the order of the images), and for a new set `trigger_word`, ' +
  '`kind` (style or subject) and optionally `name`.';

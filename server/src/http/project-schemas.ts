import { z } from 'zod';
import { idParam } from './path-params.ts';
import { MAX_EXPANDED_PROMPTS } from '../domain/brief-template.ts';
import { MAX_PROMPT_LENGTH } from '../domain/prompt-composition.ts';
import { brandIdField } from './schemas.ts';

const words = (label: string) =>
  z
    .array(z.string().trim().min(1, `${label}: leave out empty entries.`).max(100, `${label}: keep each entry to 100 characters.`))
    .max(20, `${label}: at most 20 entries.`)
    .default([]);

const text = (label: string) =>
  z
    .string({ error: `${label} must be text.` })
    .trim()
    .max(300, `${label}: at most 300 characters.`)
    .default('');

export const briefSchema = z
  .object({
    brand_name: z
      .string({ error: 'Give the brand name.' })
      .trim()
      .min(1, 'Give the brand name.')
      .max(100, 'Keep the brand name to 100 characters.'),
    industry: text('Industry'),
    audience: text('Audience'),
    tone: words('Tone'),
    style_words: words('Style words'),
    colours: words('Colours'),
    dos: words('Dos'),
    donts: words("Don'ts"),
  })
  .strict();

export const projectBody = z
  .object({
    name: z
      .string({ error: 'Give the project a name.' })
      .trim()
      .min(1, 'Give the project a name.')
      .max(100, 'Keep the name to 100 characters.'),
    brief: briefSchema,
    brand_id: brandIdField
      .optional()
      .describe("The brand the project's jobs are made with; the default (or, on update, the same) brand when left out."),
  })
  .strict();

export const expandBody = z
  .object({
    count: z
      .number({ error: `count must be a whole number from 1 to ${MAX_EXPANDED_PROMPTS}.` })
      .int(`count must be a whole number from 1 to ${MAX_EXPANDED_PROMPTS}.`)
      .min(1, `count must be a whole number from 1 to ${MAX_EXPANDED_PROMPTS}.`)
      .max(MAX_EXPANDED_PROMPTS, `count must be a whole number from 1 to ${MAX_EXPANDED_PROMPTS}.`)
      .default(6),
  })
  .strict();

export const projectGenerateBody = z
  .object({
    prompt: z
      .string({ error: 'Give the prompt to generate.' })
      .trim()
      .min(1, 'Give the prompt to generate.')
      .max(MAX_PROMPT_LENGTH, `Keep the prompt to ${MAX_PROMPT_LENGTH} characters or fewer.`),
    model: z.string().min(1).max(200).optional(),
    brand_id: brandIdField.optional().describe("The project's own brand when left out."),
  })
  .strict();

export const generateAllBody = z
  .object({
    model: z.string().min(1).max(200).optional().describe('The default model when left out.'),
    brand_id: brandIdField.optional().describe("The project's own brand when left out."),
  })
  .strict();

export const projectIdParams = z.object({ id: idParam('project') });

const briefResponse = z.object({
  brand_name: z.string(),
  industry: z.string(),
  audience: z.string(),
  tone: z.array(z.string()),
  style_words: z.array(z.string()),
  colours: z.array(z.string()),
  dos: z.array(z.string()),
  donts: z.array(z.string()),
});

export const expandedResponse = z.object({
  source: z.enum(['llm', 'template']).describe('llm: written by the configured language model; template: the built-in expansion, not AI.'),
  label: z.string(),
  prompts: z.array(z.string()),
  expanded_at: z.string(),
});

export const projectResponse = z.object({
  id: z.string(),
  name: z.string(),
  brief: briefResponse,
  inspiration: z
    .object({
      url: z.string().describe('GET this for the image; the query changes whenever the image is replaced'),
      width: z.number().int(),
      height: z.number().int(),
      media_type: z.string(),
    })
    .nullable()
    .describe('The inspiration image, stored upright and without metadata, or null'),
  brand_id: z.string().describe("The brand the project's jobs are made with."),
  expansion: expandedResponse.nullable().describe('The prompts of the last expansion of the brief, or null before the first'),
  created_at: z.string(),
  updated_at: z.string(),
  images_url: z.string().describe('The project images: GET /api/images?project_id=…'),
  events_url: z.string().describe('Live progress of every job of the project: GET /api/projects/{id}/events'),
});

export const projectListResponse = z.object({
  projects: z.array(
    projectResponse.extend({
      image_count: z.number().int().describe('How many library images the project has'),
      cover_url: z.string().nullable().describe("The thumbnail of the project's newest image, or null without images"),
      last_change_at: z.string().describe('The later of the last edit and the newest image'),
    }),
  ),
});

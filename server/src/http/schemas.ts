import { z } from 'zod';
import { MAX_PROMPT_LENGTH } from '../domain/prompt-composition.ts';

/** Request and response shapes: the single source of validation, serialisation and the OpenAPI document. */

const fieldMessage = (expected: string, missing: string) => (issue: { input?: unknown }) =>
  issue.input === undefined ? missing : expected;

export const generateBody = z
  .object({
    prompt: z
      .string({ error: fieldMessage('The description must be text.', 'Describe the image you need.') })
      .refine((prompt) => prompt.trim().length > 0, 'Describe the image you need.')
      .refine(
        (prompt) => [...prompt.trim()].length <= MAX_PROMPT_LENGTH,
        `Keep the description to ${MAX_PROMPT_LENGTH} characters or fewer.`,
      )
      .describe(`What the image should show, 1 to ${MAX_PROMPT_LENGTH} characters.`),
    model: z
      .string({ error: 'The model must be a model id such as "demo".' })
      .min(1, 'The model must be a model id such as "demo".')
      .max(200)
      .optional()
      .describe('A model id from GET /api/models; the first one when left out.'),
    seed: z
      .number({ error: 'The seed must be a whole number.' })
      .int('The seed must be a whole number.')
      .min(0, 'The seed must be 0 or more.')
      .max(2 ** 32 - 1, 'The seed must be at most 4294967295.')
      .optional()
      .describe('Makes the result repeatable: image n uses seed + n.'),
  })
  .strict()
  .describe('A generation request.');

export const jobIdParams = z.object({ id: z.string().max(100) });
export const imageParams = z.object({ id: z.string().max(100), n: z.string().max(20) });

export const listJobsQuery = z.object({
  limit: z.coerce
    .number({ error: 'The limit must be a whole number from 1 to 100.' })
    .int('The limit must be a whole number from 1 to 100.')
    .min(1, 'The limit must be a whole number from 1 to 100.')
    .max(100, 'The limit must be a whole number from 1 to 100.')
    .default(20),
  cursor: z.string().max(100).optional().describe('next_cursor from the previous page'),
});

export const errorResponse = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      fields: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
    }),
  })
  .describe('The one error shape of the API.');

const jobError = z.object({ code: z.string(), message: z.string() });

export const jobResponse = z.object({
  id: z.string(),
  prompt: z.string(),
  final_prompt: z.string().describe('The prompt sent to the model, with the brand kit applied.'),
  negative_prompt: z.string(),
  status: z.enum(['queued', 'processing', 'complete', 'failed']),
  model: z.string(),
  user_id: z.string(),
  seed: z.number().nullable().describe('The seed the user chose, or null for random seeds.'),
  created_at: z.string(),
  started_at: z.string().nullable(),
  completed_at: z.string().nullable(),
  progress: z.object({ done: z.number(), total: z.number() }),
  images: z.array(z.string()).describe('URLs of the ready images, in slot order.'),
  slots: z.array(
    z.object({
      n: z.number(),
      status: z.enum(['pending', 'ready', 'failed', 'expired']),
      seed: z.number(),
      url: z.string().nullable(),
      error: z.string().nullable(),
      completed_at: z.string().nullable().describe('When the image was stored, or the slot gave up.'),
    }),
  ),
  source_job_id: z.string().nullable().describe('The job this one makes more of, for "Generate More".'),
  error: jobError.optional(),
});

export const jobAccepted = z.object({ job_id: z.string(), status: z.literal('queued') });

export const jobPageResponse = z.object({ jobs: z.array(jobResponse), next_cursor: z.string().nullable() });

export const modelsResponse = z.object({
  models: z.array(
    z.object({
      id: z.string(),
      label: z.string(),
      provider: z.string(),
      description: z.string(),
      is_demo: z.boolean(),
      default: z.boolean(),
    }),
  ),
});

export const healthResponse = z.object({ status: z.string() });

export type JobResponse = z.infer<typeof jobResponse>;

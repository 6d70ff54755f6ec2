import { z } from 'zod';
import { ID_PATTERN, idParam } from './path-params.ts';
import { MAX_BATCH_JOBS } from '../services/batch-service.ts';
import { brandIdField } from './schemas.ts';

export const createBatchBody = z
  .object({
    prompts: z
      .array(z.string({ error: 'Each prompt must be text.' }), { error: 'prompts must be a list of texts.' })
      .max(MAX_BATCH_JOBS, `A batch holds at most ${MAX_BATCH_JOBS} prompts.`)
      .optional()
      .describe('One job per prompt; blank lines are skipped.'),
    model: z.string().min(1).max(200).optional().describe('For prompts: a model id from GET /api/models.'),
    template_id: z.string().max(100).optional().describe('Fill this template once per row of `csv`.'),
    csv: z
      .string({ error: 'csv must be text.' })
      .max(60_000, 'Keep the CSV under 60,000 characters.')
      .optional()
      .describe('With template_id: a header row of placeholder names, then one row per job.'),
    brand_id: brandIdField.optional().describe('Every job of the batch is made with this brand; the default brand when left out.'),
  })
  .strict()
  .refine((body) => (body.prompts !== undefined) !== (body.template_id !== undefined), {
    message: 'Send either prompts, or template_id with csv.',
    path: ['prompts'],
  })
  .refine((body) => body.template_id === undefined || body.csv !== undefined, {
    message: 'Send the CSV rows to fill the template with.',
    path: ['csv'],
  });

// Loose: the other headers stay as they came.
export const createBatchHeaders = z.looseObject({
  'idempotency-key': z
    .string()
    .regex(/^[\x21-\x7e]{1,255}$/u, 'The Idempotency-Key must be 1 to 255 visible ASCII characters, e.g. a UUID.')
    .optional()
    .describe('Send the same key when retrying: the batch made the first time is answered, and nothing starts twice.'),
});

export const batchIdParams = z.object({ id: idParam('batch') });

const progress = z.object({ done: z.number(), total: z.number() });

export const batchResponse = z.object({
  id: z.string(),
  status: z.enum(['running', 'complete', 'failed', 'cancelled']),
  template_id: z.string().nullable(),
  created_at: z.string(),
  cancelled_at: z.string().nullable(),
  progress: z.object({ jobs: progress, images: progress }),
  jobs: z.array(
    z.object({
      job_id: z.string(),
      prompt: z.string(),
      status: z.enum(['queued', 'processing', 'complete', 'failed']),
      filed_at: z.string().nullable().describe("When the job's images were scored and filed (thumbnails there); null until then."),
      progress,
      error: z.object({ code: z.string(), message: z.string() }).nullable(),
      slots: z
        .array(
          z.object({
            n: z.number(),
            status: z.enum(['pending', 'ready', 'failed', 'expired']),
            url: z.string().nullable(),
            thumbnail_url: z.string().nullable().describe('The 256 px WebP thumbnail of a ready image, for contact sheets.'),
          }),
        )
        .describe("The job's four images in slot order, for showing the batch as a contact sheet."),
    }),
  ),
  archive_url: z.string().describe('All ready images of the batch as one ZIP.'),
});

const limitMessage = 'The limit must be a whole number from 1 to 20.';

export const listBatchesQuery = z
  .object({
    limit: z.coerce.number({ error: limitMessage }).int(limitMessage).min(1, limitMessage).max(20, limitMessage).default(10),
    cursor: z
      .string()
      .regex(ID_PATTERN, 'Use the next_cursor value of the previous page.')
      .optional()
      .describe('next_cursor from the previous page'),
  })
  .strict();

export const batchPageResponse = z.object({
  batches: z.array(batchResponse).describe('Newest first, each with its jobs.'),
  next_cursor: z.string().nullable().describe('Pass as cursor for the next page; null on the last page.'),
});

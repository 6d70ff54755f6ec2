import { z } from 'zod';
import { ASSET_TYPES } from '../../domain/brand-kit.ts';
import { MAX_PROMPT_LENGTH } from '../../domain/prompt-composition.ts';
import { IMAGES_PER_JOB } from '../../domain/job.ts';
import { QUALITY_PRESETS } from '../../domain/quality-presets.ts';
import { ID_PATTERN, idParam } from '../path-params.ts';
import { brandFitField, brandFitReasonField, brandIdField, modelField, presetField, seedField } from '../schemas.ts';

/** Request and response shapes of jobs: asking for one, reading it, its images and its event stream. */

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
    model: modelField('The model must be a model id such as "demo".')
      .optional()
      .describe('A model id from GET /api/models; the first one when left out.'),
    seed: seedField.optional().describe('Makes the result repeatable: image n uses seed + n.'),
    asset_type: z
      .enum(ASSET_TYPES, { error: `The asset type must be one of ${ASSET_TYPES.join(', ')}.` })
      .optional()
      .describe('Picks the brand kit template, size, negative prompt and LoRA; product_illustration when left out.'),
    preset: presetField.optional().describe('Draft, Standard or High: steps, guidance and model variant; standard when left out.'),
    images: z
      .number({ error: `The number of images must be a whole number from 1 to ${IMAGES_PER_JOB}.` })
      .int(`The number of images must be a whole number from 1 to ${IMAGES_PER_JOB}.`)
      .min(1, `The number of images must be a whole number from 1 to ${IMAGES_PER_JOB}.`)
      .max(IMAGES_PER_JOB, `The number of images must be a whole number from 1 to ${IMAGES_PER_JOB}.`)
      .optional()
      .describe(
        `How many images to make, 1 to ${IMAGES_PER_JOB}; ${IMAGES_PER_JOB} when left out. Fewer cost less, e.g. for a quick check.`,
      ),
    brand_id: brandIdField.optional(),
    brand_version: z
      .number({ error: 'The brand version must be a whole number from 1 up.' })
      .int('The brand version must be a whole number from 1 up.')
      .min(1, 'The brand version must be a whole number from 1 up.')
      .optional()
      .describe("An exact version of brand_id's kit (GET /api/brands/{id}/versions), to repeat earlier work; its newest when left out."),
  })
  .strict()
  .refine((body) => body.brand_version === undefined || body.brand_id !== undefined, {
    path: ['brand_version'],
    message: 'A brand version needs the brand it belongs to: send brand_id with it.',
  })
  .describe('A generation request.');

export const jobIdParams = z.object({ id: idParam('job') });
export const jobImageParams = z.object({
  id: idParam('job'),
  n: z
    .string()
    .regex(/^[0-3]$/, 'Image numbers go from 0 to 3.')
    .describe('The image number within the job, 0 to 3.'),
});

export const listJobsQuery = z.object({
  limit: z.coerce
    .number({ error: 'The limit must be a whole number from 1 to 100.' })
    .int('The limit must be a whole number from 1 to 100.')
    .min(1, 'The limit must be a whole number from 1 to 100.')
    .max(100, 'The limit must be a whole number from 1 to 100.')
    .default(20),
  cursor: z
    .string()
    .regex(ID_PATTERN, 'Use the next_cursor value of the previous page.')
    .optional()
    .describe('next_cursor from the previous page'),
  scope: z
    .enum(['mine', 'all'], { error: 'The scope must be "mine" or "all".' })
    .default('mine')
    .describe('"all" lists every user\'s jobs; administrators only.'),
});

const jobError = z.object({ code: z.string(), message: z.string() });

export const jobLoraResponse = z.object({
  lora_id: z
    .string()
    .nullable()
    .describe('The LoRA of the brand library (GET /api/brands/{id}/loras); null for jobs from before the library.'),
  path: z.string().nullable().describe('Jobs from before the LoRA library: the path that was sent; null otherwise.'),
  scale: z.number(),
});

export const jobResponse = z.object({
  id: z.string(),
  prompt: z.string().describe("The user's prompt; an edit keeps the prompt of the image it edits (its instruction is in refinement)."),
  final_prompt: z.string().describe('The prompt sent to the model, with the brand kit applied.'),
  negative_prompt: z.string(),
  status: z.enum(['queued', 'processing', 'complete', 'failed']),
  model: z.string(),
  user_id: z.string(),
  seed: z.number().nullable().describe('The seed the user chose, or null for random seeds.'),
  asset_type: z.enum(ASSET_TYPES),
  preset: z.enum(QUALITY_PRESETS),
  size: z.string().describe('WIDTHxHEIGHT asked of the model.'),
  lora: jobLoraResponse.nullable().describe('The brand LoRA applied, if the model takes one.'),
  brand_id: z.string().describe('The brand the job was made with.'),
  brand_version: z.number().int().describe('The version of that brand whose kit composed the prompt.'),
  estimated_cost_usd: z.number().describe('List-price estimate for the four images.'),
  created_at: z.string(),
  started_at: z.string().nullable(),
  completed_at: z.string().nullable(),
  filed_at: z
    .string()
    .nullable()
    .describe(
      "When the finished job's images were scored and filed in the library, just after it finished: brand_fit, thumbnails and the library are complete from then on, and the job no longer changes.",
    ),
  progress: z.object({ done: z.number(), total: z.number() }),
  images: z.array(z.string()).describe('URLs of the ready images, in slot order.'),
  slots: z.array(
    z.object({
      n: z.number(),
      status: z.enum(['pending', 'ready', 'failed', 'expired']),
      seed: z.number(),
      url: z.string().nullable(),
      thumbnail_url: z
        .string()
        .nullable()
        .describe('The 256 px WebP thumbnail of a ready image, for lists; it answers 404 until the image is filed in the library.'),
      error: z.string().nullable(),
      completed_at: z.string().nullable().describe('When the image was stored, or the slot gave up.'),
      brand_fit: brandFitField,
      brand_fit_reason: brandFitReasonField,
    }),
  ),
  source_job_id: z.string().nullable().describe('The job this one makes more of, for "Generate More".'),
  refinement: z
    .discriminatedUnion('kind', [
      z.object({
        kind: z.literal('edit'),
        parent_image_id: z.string(),
        instruction: z.string().describe('What to change; this is what the model is sent (final_prompt).'),
        source_prompt: z.string().describe("The prompt of the image being edited, which is also this job's prompt."),
      }),
      z.object({
        kind: z.literal('variation'),
        parent_image_id: z.string(),
        strength: z.number().nullable().describe('Image-to-image strength; null for new seeds of the same settings.'),
      }),
    ])
    .nullable()
    .describe('Set on edits and variations of a library image.'),
  error: jobError.optional(),
});

export const jobAccepted = z.object({ job_id: z.string(), status: z.literal('queued') });

export const jobPageResponse = z.object({ jobs: z.array(jobResponse), next_cursor: z.string().nullable() });

export type JobResponse = z.infer<typeof jobResponse>;

const jobEventId = 'The per-job event number; send it back as Last-Event-ID to resume.';

const streamEvent = <Name extends string, Data extends z.ZodType>(name: Name, data: Data, when: string, idMeaning = jobEventId) =>
  z
    .object({
      event: z.literal(name),
      id: z.string().optional().describe(idMeaning),
      data: data.describe("The JSON on the event's data: line."),
    })
    .describe(when);

/** The events of GET /api/jobs/{id}/events: the OpenAPI document describes each (SSE itself has no schema language). */
export const jobEventStream = z
  .union([
    streamEvent('state', jobResponse, 'First, on every connection: the job as it is.'),
    streamEvent('progress', z.object({ done: z.number(), total: z.number() }), 'After each image.'),
    streamEvent(
      'image',
      z.object({
        n: z.number(),
        url: z.string(),
        thumbnail_url: z.string().describe('Its 256 px thumbnail, there once the job is filed.'),
      }),
      'An image is stored.',
    ),
    streamEvent(
      'image_progress',
      z.object({ n: z.number(), fraction: z.number() }),
      'Progress within one image, from models that report it.',
    ),
    streamEvent('complete', jobResponse, 'All four images are stored and can be downloaded; `filed` follows.'),
    streamEvent('failed', jobResponse, 'The job failed (its error is set); `filed` follows.'),
    streamEvent(
      'filed',
      jobResponse,
      "The job's images are scored (brand_fit) and in the library, and the job no longer changes; the stream ends.",
    ),
  ])
  .describe("A Server-Sent Events stream of the job's events, each with an event name, an id and JSON data.");

/** The events of a group's stream (a project's, a batch's): the job stream's events, of every job of the group, each naming its job. */
function jobGroupEventStream(group: 'project' | 'batch', carries: string) {
  const eventId = `Where the client stands in every job of the ${group}; send it back as Last-Event-ID to resume.`;
  const ofJob = { job_id: z.string().describe(`The job of the ${group} this event is about.`) };
  return z
    .union([
      streamEvent('state', jobResponse, 'A job the stream follows, as it is: first for each job.', eventId),
      streamEvent('progress', z.object({ ...ofJob, done: z.number(), total: z.number() }), 'After each image.', eventId),
      streamEvent(
        'image',
        z.object({
          ...ofJob,
          n: z.number(),
          url: z.string(),
          thumbnail_url: z.string().describe('Its 256 px thumbnail, there once the job is filed.'),
        }),
        'An image is stored.',
        eventId,
      ),
      streamEvent(
        'image_progress',
        z.object({ ...ofJob, n: z.number(), fraction: z.number() }),
        'Progress within one image, from models that report it.',
        eventId,
      ),
      streamEvent('complete', jobResponse, 'All four images of a job are stored; its `filed` follows.', eventId),
      streamEvent('failed', jobResponse, 'A job failed (its error is set); its `filed` follows.', eventId),
      streamEvent(
        'filed',
        jobResponse,
        "A finished job's images are scored and in the library; the job no longer changes. The stream goes on.",
        eventId,
      ),
    ])
    .describe(
      `A Server-Sent Events stream of the events of every job of the ${group}: ${carries}. It ends only when the client closes it.`,
    );
}

/** GET /api/projects/{id}/events: a project's jobs, joined by every job started for it while the stream is open. */
export const projectEventStream = jobGroupEventStream(
  'project',
  'the jobs not finished when it opens, then every job started while it is open',
);

/** GET /api/batches/{id}/events: a batch's jobs, all made with the batch, so none join later. */
export const batchEventStream = jobGroupEventStream(
  'batch',
  'fresh, every job as it is (one that has finished as its state and its end), then each unfinished one until it ends; resumed, from where the client was',
);

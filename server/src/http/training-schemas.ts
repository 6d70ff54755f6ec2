import { z } from 'zod';
import { TRAINING_STATUSES } from '../domain/training.ts';
import { idParam } from './path-params.ts';

export const trainingParams = z.object({ id: idParam('training') });

export const trainerResponse = z.object({
  id: z.string(),
  label: z.string().describe('The demo trainer says "Demo (offline, not AI)": it measures colours, it trains no model.'),
  families: z.array(z.string()),
  default_steps: z.number().int(),
  max_steps: z.number().int(),
  default_learning_rate: z
    .number()
    .describe("The learning rate a training gets without `learning_rate`; 0 for a trainer that takes none (the demo's)."),
  usd_per_thousand_steps: z.number(),
  minimum_usd: z.number(),
  estimated_cost_usd: z.number().describe('The estimate for a run of the default steps, from the price table.'),
});

export const trainerListResponse = z.object({ trainers: z.array(trainerResponse) });

export const trainingStartBody = z
  .object({
    set_id: z.string().describe('The training set to learn from (10–50 images).'),
    trainer: z.string().describe('A trainer GET /api/trainers lists, such as demo.'),
    family: z.string().max(40).optional().describe("The model family the LoRA is for; the trainer's first when left out."),
    steps: z.number().int().min(1).max(100_000).optional(),
    learning_rate: z.number().positive().max(1).optional(),
    use_at_once: z.boolean().optional().describe('Attach the LoRA to the brand as a new version when done (default true).'),
  })
  .strict();

const trainingErrorShape = z.object({ code: z.string(), message: z.string() });

export const trainingResponse = z.object({
  id: z.string(),
  brand_id: z.string(),
  set_id: z.string(),
  trainer: z.string(),
  family: z.string(),
  steps: z.number().int(),
  learning_rate: z.number(),
  use_at_once: z.boolean(),
  status: z.enum(TRAINING_STATUSES),
  step: z.number().int().describe('The step reached so far.'),
  estimated_cost_usd: z.number(),
  provider_request_id: z.string().nullable(),
  lora_id: z.string().nullable().describe('The trained LoRA in the brand library (its id is the training id).'),
  brand_version: z.number().int().nullable().describe('The brand version the LoRA was attached in; null when not attached.'),
  error: trainingErrorShape.nullable(),
  events_url: z.string(),
  created_at: z.string(),
  finished_at: z.string().nullable(),
});

export const trainingListResponse = z.object({ trainings: z.array(trainingResponse) });

const eventId = "The training's event number; send it back as Last-Event-ID to resume.";
const streamEvent = <Data extends z.ZodType>(name: string, data: Data, when: string) =>
  z.object({ event: z.literal(name), id: z.string().optional().describe(eventId), data }).describe(when);

/** The events of GET /api/trainings/{id}/events. */
export const trainingEventStream = z
  .union([
    streamEvent(
      'state',
      z.object({ status: z.enum(TRAINING_STATUSES), step: z.number(), steps: z.number() }),
      'The training was queued or started.',
    ),
    streamEvent(
      'progress',
      z.object({ step: z.number(), steps: z.number(), logs: z.array(z.string()) }),
      "The trainer's step, with its log lines where it reports them.",
    ),
    streamEvent(
      'complete',
      z.object({ lora_id: z.string(), brand_version: z.number().nullable() }),
      'The LoRA is stored (and attached); the stream ends.',
    ),
    streamEvent(
      'failed',
      z.object({ error: trainingErrorShape }),
      'The training failed or was canceled; nothing was attached; the stream ends.',
    ),
  ])
  .describe("A Server-Sent Events stream of the training's events, replayed from the start (or from Last-Event-ID).");

import { z } from 'zod';
import { LORA_SCALE } from '../domain/brand-kit-formats.ts';
import { LORA_SOURCE_KINDS } from '../domain/lora.ts';
import { generateBody } from './jobs/job-schemas.ts';
import { idParam } from './path-params.ts';
import { modelField, seedField } from './schemas.ts';

export const loraParams = z.object({ id: idParam('brand'), loraId: idParam('LoRA') });
export const loraFileParams = z.object({ loraId: idParam('LoRA') });

const name = z.string().trim().min(1, 'Give the LoRA a name.').max(120).describe('How people know the LoRA.');
const family = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9._-]{0,39}$/u, 'The family is a short lower-case name such as flux, hidream or sd35.')
  .describe('The model family the weights were trained for: flux, hidream, sd35, …');
const triggerWord = z.string().max(200).optional().describe('The words that call the LoRA up in a prompt.');
const defaultScale = z
  .number()
  .min(LORA_SCALE.min)
  .max(LORA_SCALE.max)
  .optional()
  .describe('The strength kits start from; 1 when left out.');

/** A LoRA added by reference; an uploaded file uses the upload route instead. */
export const loraCreateBody = z.discriminatedUnion('source', [
  z.object({
    source: z.literal('url'),
    name,
    family,
    trigger_word: triggerWord,
    default_scale: defaultScale,
    url: z.string().max(2000).describe('https address of the .safetensors file (Hugging Face, Replicate, …), kept as given.'),
  }),
  z.object({
    source: z.literal('civitai'),
    name,
    family,
    trigger_word: triggerWord,
    default_scale: defaultScale,
    air: z.string().max(300).describe('A civitai AIR, urn:air:flux1:lora:civitai:123@456; only the civitai provider takes it.'),
  }),
  z.object({
    source: z.literal('comfyui_file'),
    name,
    family,
    trigger_word: triggerWord,
    default_scale: defaultScale,
    file_name: z.string().max(300).describe("The file's name under ComfyUI's models/loras folder."),
  }),
]);

export const loraUpdateBody = z
  .object({ name: name.optional(), family: family.optional(), trigger_word: triggerWord, default_scale: defaultScale })
  .strict();

export const loraUploadQuery = z
  .object({
    file_name: z.string().trim().min(1).max(255).describe('The file name, ending in .safetensors.'),
    name: name.optional().describe('How people know the LoRA; the file name without .safetensors when left out.'),
    family: family.optional().describe('Suggested from the tensor names when left out; required when they say nothing.'),
    trigger_word: triggerWord,
    default_scale: z.coerce.number().min(LORA_SCALE.min).max(LORA_SCALE.max).optional(),
  })
  .strict();

export const loraFileQuery = z.object({
  expires: z.coerce.number().int().min(0).describe('Unix seconds after which the link no longer works.'),
  signature: z
    .string()
    .regex(/^[0-9a-f]{64}$/u, 'This LoRA link is not valid.')
    .describe('HMAC-SHA256 of the id and expiry.'),
});

export const loraResponse = z
  .object({
    id: z.string(),
    brand_id: z.string(),
    name: z.string(),
    family: z.string(),
    trigger_word: z.string(),
    default_scale: z.number(),
    source: z.enum(LORA_SOURCE_KINDS).describe('uploaded, url, civitai, comfyui_file or trained.'),
    url: z.string().nullable().describe('url LoRAs: the link as given.'),
    air: z.string().nullable().describe('civitai LoRAs: the AIR.'),
    file_name: z.string().nullable().describe('The file name ComfyUI knows it by (uploaded, trained and comfyui_file LoRAs).'),
    sha256: z.string().nullable().describe('Uploaded and trained files: SHA-256 of the bytes, hex.'),
    byte_size: z.number().int().nullable(),
    usable_with: z.array(z.string()).describe('The providers that can take this LoRA: fal, replicate, comfyui, civitai.'),
    installed_on_comfyui: z
      .boolean()
      .nullable()
      .describe(
        "Whether ComfyUI's /object_info/LoraLoader lists the file; null without ComfyUI, when it does not answer, or for links and AIRs.",
      ),
    training: z
      .object({
        trainer: z.string(),
        steps: z.number().int(),
        set_id: z.string(),
        estimated_cost_usd: z.number(),
      })
      .nullable()
      .describe('Trained LoRAs: how they were made (GET /api/trainings/{id} with the LoRA id has the rest); null for the others.'),
    created_at: z.string(),
  })
  .meta({ id: 'Lora' });

export const loraListResponse = z.object({ loras: z.array(loraResponse) });

/** A LoRA's with-and-without test: the prompt both halves share. */
export const loraTrialBody = z
  .object({
    prompt: generateBody.shape.prompt,
    model: modelField('The model must be a model id such as "fal-flux-dev".')
      .optional()
      .describe('A model of the LoRA’s family that can load it; the first such model when left out.'),
    seed: seedField.optional().describe('The first seed of both jobs; a random one when left out.'),
  })
  .strict();

export const loraTrialAccepted = z
  .object({
    model: z.string().describe('The model both jobs use.'),
    seed: z.number().int().describe('The first seed of both jobs: image n of each uses seed + n.'),
    with_lora_job_id: z.string().describe('The job made with the LoRA (GET /api/jobs/{id}, or follow its events).'),
    without_lora_job_id: z.string().describe('The same job without any LoRA.'),
  })
  .describe('Two jobs accepted together: the same prompt, model and seeds, with and without the LoRA.');

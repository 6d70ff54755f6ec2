import { DEFAULT_ASSET_TYPE } from '../../domain/brand-kit.ts';
import type { z } from 'zod';
import { progressOf, type Job, type JobLora } from '../../domain/job.ts';
import { DEFAULT_PRESET } from '../../domain/quality-presets.ts';
import type { jobLoraResponse, JobResponse } from './job-schemas.ts';

export function jobUrl(jobId: string): string {
  return `/api/jobs/${jobId}`;
}

export function imageUrl(jobId: string, slot: number): string {
  return `${jobUrl(jobId)}/images/${slot}`;
}

export function thumbnailUrl(jobId: string, slot: number): string {
  return `${imageUrl(jobId, slot)}/thumbnail`;
}

export function presentJob(job: Job): JobResponse {
  const slots = job.slots.map((slot) => ({
    n: slot.slot,
    status: slot.status,
    seed: slot.seed,
    url: slot.status === 'ready' ? imageUrl(job.id, slot.slot) : null,
    thumbnail_url: slot.status === 'ready' ? thumbnailUrl(job.id, slot.slot) : null,
    error: slot.errorMessage,
    completed_at: slot.completedAt,
    brand_fit: slot.brandFit?.score ?? null,
    brand_fit_reason: slot.brandFit?.reason ?? null,
  }));
  return {
    id: job.id,
    prompt: job.prompt,
    final_prompt: job.finalPrompt,
    negative_prompt: job.negativePrompt,
    status: job.status,
    model: job.model,
    user_id: job.userId,
    seed: job.settings.seed,
    asset_type: job.settings.assetType ?? DEFAULT_ASSET_TYPE,
    preset: job.settings.preset ?? DEFAULT_PRESET,
    size: job.settings.size,
    lora: presentJobLora(job.settings.lora),
    brand_id: job.brand.id,
    brand_version: job.brand.version,
    estimated_cost_usd: job.estimatedCostUsd,
    created_at: job.createdAt,
    started_at: job.startedAt,
    completed_at: job.completedAt,
    filed_at: job.filedAt,
    progress: progressOf(job.slots),
    images: slots.flatMap((slot) => (slot.url ? [slot.url] : [])),
    slots,
    source_job_id: job.sourceJobId,
    refinement: presentRefinement(job),
    ...(job.error && { error: job.error }),
  };
}

/** What a refinement job changes of which image; the source's storage key stays inside. */
function presentRefinement(job: Job): JobResponse['refinement'] {
  const refinement = job.settings.refinement;
  const parent = job.settings.parentImageId ?? null;
  if (parent === null) return null;
  if (refinement?.kind === 'edit') {
    return { kind: 'edit', parent_image_id: parent, instruction: refinement.instruction, source_prompt: refinement.sourcePrompt };
  }
  return { kind: 'variation', parent_image_id: parent, strength: refinement?.kind === 'variation' ? refinement.strength : null };
}

/** Jobs made from the LoRA library name the record; older ones the path they were sent. */
function presentJobLora(lora: JobLora | null | undefined): z.infer<typeof jobLoraResponse> | null {
  if (!lora) return null;
  return 'path' in lora ? { lora_id: null, path: lora.path, scale: lora.scale } : { lora_id: lora.loraId, path: null, scale: lora.scale };
}

import type { AssetType } from './brand-kit.ts';
import type { BrandFit } from './brand-fit-result.ts';
import type { BrandRef } from './brand.ts';
import type { QualityPreset } from './quality-presets.ts';

/**
 * A job's LoRA: a record of its brand's library, delivered in the provider's form when the call is made (a signed link
 * must not expire in the queue). Jobs from before the library carry the path they were sent with.
 */
export type JobLora = { loraId: string; scale: number } | { path: string; scale: number };

/** What a job is, independent of storage and transport. */
export const IMAGES_PER_JOB = 4;

export type JobStatus = 'queued' | 'processing' | 'complete' | 'failed';
/** `expired`: the image was removed by retention; its job is kept while any other image of it is. */
export type SlotStatus = 'pending' | 'ready' | 'failed' | 'expired';

export interface JobSettings {
  /** The first slot's seed when the user chose one; slot n uses seed + n. */
  seed: number | null;
  size: `${number}x${number}`;
  /** Jobs from before asset types and presets read as a product illustration at Standard. */
  assetType?: AssetType;
  aspectRatio?: `${number}:${number}`;
  preset?: QualityPreset;
  /** The brand LoRA chosen for the model family and asset type when the job was created. */
  lora?: JobLora | null;
  /** Set on refinements: the library image this job varies; its images become that image's children. */
  parentImageId?: string;
  /** Set on jobs started from a brand project; their images are filed under it. */
  projectId?: string;
  /** Set on edits and variations: how the job changes its parent image. */
  refinement?: Refinement;
  /** The brand version's name and palette, for the offline demo model, which draws them itself rather than read a prompt. */
  brandLook?: BrandLook;
  /** Images the job makes when fewer than IMAGES_PER_JOB were asked for (POST /api/generate `images`). */
  images?: number;
}

export interface BrandLook {
  name: string;
  palette: string[];
}

/**
 * How a refinement job uses its parent image. The source is named by its blob key so the runner reads the bytes when
 * it runs, after a restart too, rather than carrying them in the queue.
 */
export type Refinement =
  /** An edit's job keeps `sourcePrompt` as its prompt too; the instruction is what the model is sent. */
  | { kind: 'edit'; instruction: string; sourcePrompt: string; sourceBlobKey: string }
  /** A source with no strength: a variation of an edited image by a model that only edits, sent to its edit endpoint. */
  | { kind: 'variation'; strength: number | null; sourceBlobKey: string | null };

/** The limits of a refinement's inputs, shared by the API schema and the service. */
export const MAX_INSTRUCTION_LENGTH = 1000;
export const MIN_STRENGTH = 0.05;
export const MAX_STRENGTH = 1;
/** Variations of an edited image asked for without a strength: redrawn from it, keeping about half of it. */
export const EDIT_VARIATION_STRENGTH = 0.5;

export interface JobSlot {
  slot: number;
  seed: number;
  status: SlotStatus;
  blobKey: string | null;
  contentType: string | null;
  byteSize: number | null;
  sha256: string | null;
  width: number | null;
  height: number | null;
  attempts: number;
  errorMessage: string | null;
  completedAt: string | null;
  /** How well the image keeps to the brand palette; null or absent for images not (yet) scored. */
  brandFit?: BrandFit | null;
}

export interface JobError {
  code: string;
  message: string;
}

export interface Job {
  id: string;
  userId: string;
  prompt: string;
  finalPrompt: string;
  negativePrompt: string;
  model: string;
  status: JobStatus;
  settings: JobSettings;
  /** The brand version the prompt was composed from; "more" and re-runs use it again. */
  brand: BrandRef;
  sourceJobId: string | null;
  error: JobError | null;
  createdAt: string;
  startedAt: string | null;
  completedAt: string | null;
  /**
   * When the images of the finished job were scored and filed in the library, just after it finished; null until then.
   * Its webhook is sent at this moment, with the scores.
   */
  filedAt: string | null;
  /** Estimated spend for the four images, in US dollars, from the model's price per image. */
  estimatedCostUsd: number;
  slots: JobSlot[];
}

export interface JobProgress {
  done: number;
  total: number;
}

/** A slot before any image is made for it. */
export function pendingSlot(slot: number, seed: number): JobSlot {
  return {
    slot,
    seed,
    status: 'pending',
    blobKey: null,
    contentType: null,
    byteSize: null,
    sha256: null,
    width: null,
    height: null,
    attempts: 0,
    errorMessage: null,
    completedAt: null,
  };
}

export function progressOf(slots: readonly JobSlot[]): JobProgress {
  return { done: slots.filter((slot) => slot.status === 'ready').length, total: slots.length };
}

export function isFinished(status: JobStatus): boolean {
  return status === 'complete' || status === 'failed';
}

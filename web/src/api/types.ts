/** The shapes of docs/api.md, as the browser sees them. */

export type JobStatus = 'queued' | 'processing' | 'complete' | 'failed';
export type SlotStatus = 'pending' | 'ready' | 'failed' | 'expired';

export interface JobSlot {
  n: number;
  status: SlotStatus;
  seed: number | null;
  url: string | null;
}

export interface JobProgress {
  done: number;
  total: number;
}

export interface JobError {
  code: string;
  message: string;
}

export interface Job {
  id: string;
  prompt: string;
  final_prompt?: string;
  negative_prompt?: string;
  status: JobStatus;
  model: string;
  user_id?: string;
  created_at: string;
  completed_at: string | null;
  progress: JobProgress;
  images: string[];
  slots: JobSlot[];
  source_job_id: string | null;
  refinement?:
    | { kind: 'edit'; parent_image_id: string; instruction: string; source_prompt: string }
    | { kind: 'variation'; parent_image_id: string; strength: number | null }
    | null;
  error?: JobError;
  /** Browser only: how far each unfinished image has come (0..1), from `image_progress` events. */
  image_fractions?: Record<number, number>;
}

export interface JobPage {
  jobs: Job[];
  next_cursor: string | null;
}

export interface CreatedJob {
  job_id: string;
  status: JobStatus;
}

export type QualityPreset = 'draft' | 'standard' | 'high';
export type AssetType = 'product_illustration' | 'icon' | 'hero_image' | 'logo_concept';

export interface Licence {
  name: string;
  url: string;
  /** Set where commercial use is restricted; the page asks for confirmation before the first use. */
  warning: string | null;
}

export interface Model {
  id: string;
  label: string;
  provider: string;
  description: string;
  is_demo: boolean;
  default: boolean;
  family?: string | null;
  licence?: Licence;
  supports_lora?: boolean;
  /** Follows an instruction to change an image (POST /api/images/{id}/edit). */
  supports_edit?: boolean;
  /** Redraws an image with a strength (variations with {strength}). */
  supports_image_to_image?: boolean;
  price_per_image_usd?: number;
  presets?: Record<QualityPreset, { variant: string; steps: number | null; guidance: number | null; price_per_image_usd: number }>;
}

export interface ModelCatalog {
  models: Model[];
  asset_types: Array<{ id: AssetType; label: string; size: string; aspect_ratio: string }>;
  presets: Array<{ id: QualityPreset; label: string }>;
  demo_only: boolean;
}

export interface GenerateInput {
  prompt: string;
  model?: string;
  asset_type?: AssetType;
  preset?: QualityPreset;
  seed?: number;
}

export interface FieldError {
  field: string;
  message: string;
}

export interface ErrorBody {
  error: { code: string; message: string; fields?: FieldError[] };
}

export interface ProviderStatus {
  provider: string;
  label: string;
  configured: boolean;
  source: 'settings' | 'environment' | null;
  /** Only the last four characters; the API never returns a key. */
  key_hint: string | null;
  base_url: string | null;
  environment_variable: string;
  updated_at: string | null;
}

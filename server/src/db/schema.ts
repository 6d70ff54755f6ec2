import type { Generated } from 'kysely';

/** Types of the tables as stored: text ids, ISO timestamps, JSON as text, so PostgreSQL runs the same schema. */
export interface Database {
  jobs: JobsTable;
  job_images: JobImagesTable;
  job_events: JobEventsTable;
  provider_keys: ProviderKeysTable;
  api_tokens: ApiTokensTable;
  sessions: SessionsTable;
  sign_in_attempts: SignInAttemptsTable;
  device_authorizations: DeviceAuthorizationsTable;
  library_images: LibraryImagesTable;
  library_image_search: LibraryImageSearchTable;
  templates: TemplatesTable;
  batches: BatchesTable;
  batch_jobs: BatchJobsTable;
  projects: ProjectsTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  brands: BrandsTable;
  brand_versions: BrandVersionsTable;
  loras: LorasTable;
  brand_reviews: BrandReviewsTable;
  training_sets: TrainingSetsTable;
  training_set_images: TrainingSetImagesTable;
  trainings: TrainingsTable;
  training_events: TrainingEventsTable;
}

/** A brand's name and kit live in its versions; the newest version is the current one. */
export interface BrandsTable {
  id: string;
  /** 1 for the one default brand. */
  is_default: number;
  created_at: string;
  archived_at: string | null;
}

/** Never updated: an edit or restore adds a version, so a job's version always reads as it was. */
export interface BrandVersionsTable {
  brand_id: string;
  version: number;
  /** The brand name, copied from the kit so lists and lookups by name need not parse it. */
  name: string;
  /** JSON: the whole validated brand kit. */
  kit: string;
  source: string;
  restored_from: number | null;
  created_by: string;
  created_at: string;
}

/** A brand's LoRA; the source columns used depend on `source_kind` (see domain/lora.ts). */
export interface LorasTable {
  id: string;
  brand_id: string;
  name: string;
  family: string;
  trigger_word: string;
  default_scale: number;
  source_kind: string;
  /** uploaded and trained: the file in the blob store, its SHA-256 (hex) and size. */
  blob_key: string | null;
  sha256: string | null;
  byte_size: number | string | null;
  url: string | null;
  air: string | null;
  /** uploaded, trained and comfyui_file: the name ComfyUI lists the file under in models/loras. */
  file_name: string | null;
  created_at: string;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  name: string;
  /** SHA-256 of the token, hex; the token itself is shown once and never stored. */
  token_hash: string;
  /** 1 when the token was created by an admin: a token carries its creator's role at creation time. */
  is_admin: number;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
}

export interface SessionsTable {
  /** SHA-256 of the cookie value, hex. */
  id_hash: string;
  user_id: string;
  user_name: string;
  is_admin: number;
  csrf_token: string;
  created_at: string;
  expires_at: string;
}

export interface SignInAttemptsTable {
  state: string;
  code_verifier: string;
  nonce: string;
  return_to: string;
  expires_at: string;
}

export interface DeviceAuthorizationsTable {
  /** SHA-256 of the device code, hex. */
  device_code_hash: string;
  user_code: string;
  client_name: string;
  status: string;
  user_id: string | null;
  is_admin: number;
  interval_seconds: number;
  last_polled_at: string | null;
  created_at: string;
  expires_at: string;
}

export interface ProviderKeysTable {
  provider: string;
  /** AES-256-GCM sealed key, see services/secret-box.ts */
  sealed_key: string;
  /** The masked form shown to administrators, e.g. ••••1a2b */
  key_hint: string;
  base_url: string | null;
  updated_by: string;
  updated_at: string;
}

export interface JobsTable {
  id: string;
  user_id: string;
  prompt: string;
  final_prompt: string;
  negative_prompt: string;
  model: string;
  status: string;
  /** JSON: the request's settings (seed, size) that "Generate More" copies. */
  settings: string;
  /** The project the job was started from (also in settings), for finding a project's jobs. */
  project_id: string | null;
  source_job_id: string | null;
  error_code: string | null;
  error_message: string | null;
  event_sequence: Generated<number>;
  /** Millionths of a US dollar. */
  estimated_cost_micro_usd: Generated<number>;
  /** Runs that started and have not ended; those a crash cut short stay counted (see JobRepository.beginRun). */
  unfinished_runs: Generated<number>;
  /** The brand version the prompt was composed from; jobs from before brands read as the default brand's version 1. */
  brand_id: Generated<string>;
  brand_version: Generated<number>;
  created_at: string;
  started_at: string | null;
  completed_at: string | null;
  /** When the finished job's images were scored and filed in the library; null until then. */
  filed_at: string | null;
}

export interface JobImagesTable {
  job_id: string;
  slot: number;
  seed: number;
  status: string;
  blob_key: string | null;
  content_type: string | null;
  byte_size: number | null;
  sha256: string | null;
  width: number | null;
  height: number | null;
  attempts: Generated<number>;
  error_message: string | null;
  completed_at: string | null;
  /** 0–100, how well the image keeps to the brand palette; null before it was scored (see docs/brand-fit.md). */
  brand_fit: number | null;
  brand_fit_reason: string | null;
}

export interface JobEventsTable {
  job_id: string;
  sequence: number;
  type: string;
  /** JSON */
  data: string;
  created_at: string;
}

export interface LibraryImagesTable {
  seq: Generated<number>;
  id: string;
  user_id: string;
  job_id: string;
  slot: number;
  prompt: string;
  model: string;
  asset_type: string | null;
  project_id: string | null;
  parent_id: string | null;
  /** JSON: how the image refines its parent (`{kind: 'edit', instruction}` or `{kind: 'variation', strength}`). */
  refinement: string | null;
  seed: number;
  width: number;
  height: number;
  blob_key: string;
  thumbnail_key: string;
  thumbnail_etag: string;
  placeholder: string;
  /** 0 or 1, portable across SQLite and PostgreSQL. */
  favorite: Generated<number>;
  created_at: string;
  expires_at: string | null;
  deleting_at: string | null;
  /** Copied from the job's image when filed; null for images made before brand-fit scoring. */
  brand_fit: number | null;
  brand_fit_reason: string | null;
  /** The brand version the image's job was made with, copied when filed. */
  brand_id: string;
  brand_version: number;
}

/** SQLite only: the FTS5 index of library_images.prompt, keyed by library_images.seq as its rowid. */
export interface LibraryImageSearchTable {
  rowid: number;
  prompt: string;
  library_image_search: string;
}

export interface TemplatesTable {
  id: string;
  user_id: string;
  name: string;
  prompt: string;
  asset_type: string | null;
  model: string | null;
  preset: string | null;
  /** JSON: LoRA name → weight. */
  lora_overrides: string;
  created_at: string;
  updated_at: string;
}

export interface BatchesTable {
  id: string;
  user_id: string;
  template_id: string | null;
  created_at: string;
  cancelled_at: string | null;
  /** The client's Idempotency-Key, unique per user; null when none was sent. */
  idempotency_key: string | null;
  request_sha256: string | null;
  /** When batch.completed was written to the webhook outbox; set once, so the event goes out once. */
  finished_announced_at: Generated<string | null>;
  /** How many jobs the batch lists, set once they all are; null while it is being filled (and for older batches). */
  job_count: Generated<number | null>;
}

export interface BatchJobsTable {
  batch_id: string;
  position: number;
  job_id: string;
}

export interface ProjectsTable {
  id: string;
  user_id: string;
  name: string;
  /** JSON: the structured brief. */
  brief: string;
  created_at: string;
  updated_at: string;
  /** The inspiration image's blob; the five columns after it are set with it, or all null. */
  inspiration_key: string | null;
  inspiration_media_type: string | null;
  inspiration_width: number | null;
  inspiration_height: number | null;
  inspiration_byte_size: number | null;
  inspiration_sha256: string | null;
  /** The brand the project's jobs are made with; the default brand for projects from before brands. */
  brand_id: Generated<string>;
  /** JSON: the last expansion of the brief (ProjectExpansion), or null before the first. */
  expansion: string | null;
}

export interface WebhookEndpointsTable {
  id: string;
  user_id: string;
  /** 1 for an administrator's endpoint that hears about everyone's jobs. */
  all_users: number;
  url: string;
  description: string;
  /** JSON array of event names. */
  events: string;
  /** The signing secret, sealed with the installation's secret key (the endpoint's id is the context). */
  sealed_secret: string;
  enabled: number;
  disabled_reason: string | null;
  created_at: string;
  updated_at: string;
}

export interface WebhookDeliveriesTable {
  /** The `webhook-id` header, the same on every attempt. */
  id: string;
  endpoint_id: string;
  event_type: string;
  /** JSON: the event's data as it was when the event happened. */
  data: string;
  created_at: string;
  status: string;
  attempts: Generated<number>;
  next_attempt_at: string | null;
  /** A worker holds the row until then; after it, another worker may take the row over. */
  lease_until: string | null;
  lease_owner: string | null;
  last_attempt_at: string | null;
  last_status_code: number | null;
  last_error: string | null;
  last_duration_ms: number | null;
}

/** The last brand review of a library image (one row per image, replaced by each new review). */
export interface BrandReviewsTable {
  image_id: string;
  brand_id: string;
  brand_version: number;
  model: string;
  /** JSON: the verdict of each rule, dos first, in the kit's order. */
  rules: string;
  reviewed_by: string;
  reviewed_at: string;
}

/** A brand's own images gathered to train a LoRA on. */
export interface TrainingSetsTable {
  id: string;
  brand_id: string;
  name: string;
  trigger_word: string;
  /** style or subject */
  kind: string;
  created_at: string;
  updated_at: string;
}

/** One cleaned image of a set (WebP in the blob store, metadata stripped) with its caption. */
export interface TrainingSetImagesTable {
  id: string;
  set_id: string;
  blob_key: string;
  file_name: string;
  width: number;
  height: number;
  sha256: string;
  /** 64-bit difference hash, 16 hex digits: near-duplicates differ in few bits. */
  difference_hash: string;
  caption: string;
  created_at: string;
}

/** A training as a durable job; see domain/training.ts for the states. */
export interface TrainingsTable {
  id: string;
  brand_id: string;
  set_id: string;
  trainer: string;
  family: string;
  steps: number;
  learning_rate: number;
  use_at_once: number;
  status: string;
  step: number;
  estimated_cost_micro_usd: number | string;
  provider_request_id: string | null;
  cancel_requested: number;
  lora_id: string | null;
  brand_version: number | null;
  error_code: string | null;
  error_message: string | null;
  created_by: string;
  created_at: string;
  finished_at: string | null;
}

/** A training's events in order, so a stream opened late (or on another replica) replays them. */
export interface TrainingEventsTable {
  training_id: string;
  sequence: number;
  type: string;
  /** JSON */
  data: string;
  created_at: string;
}

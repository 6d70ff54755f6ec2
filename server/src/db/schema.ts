import type { Generated } from 'kysely';

/** Types of the tables as stored: text ids, ISO timestamps, JSON as text, so PostgreSQL runs the same schema. */
export interface Database {
  jobs: JobsTable;
  job_images: JobImagesTable;
  job_events: JobEventsTable;
  provider_keys: ProviderKeysTable;
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
  source_job_id: string | null;
  error_code: string | null;
  error_message: string | null;
  event_sequence: Generated<number>;
  /** Millionths of a US dollar. */
  estimated_cost_micro_usd: Generated<number>;
  created_at: string;
  started_at: string | null;
  completed_at: string | null;
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
}

export interface JobEventsTable {
  job_id: string;
  sequence: number;
  type: string;
  /** JSON */
  data: string;
  created_at: string;
}

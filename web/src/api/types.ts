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
  error?: JobError;
}

export interface JobPage {
  jobs: Job[];
  next_cursor: string | null;
}

export interface CreatedJob {
  job_id: string;
  status: JobStatus;
}

export interface Model {
  id: string;
  label: string;
  provider: string;
  description: string;
  is_demo: boolean;
  default: boolean;
}

export interface FieldError {
  field: string;
  message: string;
}

export interface ErrorBody {
  error: { code: string; message: string; fields?: FieldError[] };
}

import { request } from './client.ts';

export interface BatchJob {
  job_id: string;
  prompt: string;
  status: 'queued' | 'processing' | 'complete' | 'failed';
  progress: { done: number; total: number };
  error: { code: string; message: string } | null;
}

export interface Batch {
  id: string;
  status: 'running' | 'complete' | 'failed' | 'cancelled';
  template_id: string | null;
  created_at: string;
  cancelled_at: string | null;
  progress: { jobs: { done: number; total: number }; images: { done: number; total: number } };
  jobs: BatchJob[];
  archive_url: string;
}

export type BatchInput = { prompts: string[] } | { template_id: string; csv: string };

const json = { 'Content-Type': 'application/json' };

export function createBatch(input: BatchInput): Promise<Batch> {
  return request<Batch>('/api/batches', { method: 'POST', headers: json, body: JSON.stringify(input) });
}

export function getBatch(id: string, signal?: AbortSignal): Promise<Batch> {
  return request<Batch>(`/api/batches/${encodeURIComponent(id)}`, { signal });
}

export function cancelBatch(id: string): Promise<Batch> {
  return request<Batch>(`/api/batches/${encodeURIComponent(id)}/cancel`, { method: 'POST' });
}

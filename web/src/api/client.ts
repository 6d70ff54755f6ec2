import { ApiError, NETWORK_FAILURE_STATUS, parseRetryAfter } from './api-error.ts';
import type { CreatedJob, ErrorBody, GenerateInput, Job, JobPage, ModelCatalog, ProviderStatus } from './types.ts';

function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const inner = (value as { error: unknown }).error;
  return typeof inner === 'object' && inner !== null && typeof (inner as { message?: unknown }).message === 'string';
}

async function errorFromResponse(response: Response): Promise<ApiError> {
  const retryAfterSeconds = parseRetryAfter(response.headers.get('Retry-After'));
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // A proxy's HTML error page or an empty body: fall through to a generic message.
  }
  if (isErrorBody(body)) {
    return new ApiError({
      status: response.status,
      code: body.error.code,
      message: body.error.message,
      fields: body.error.fields,
      retryAfterSeconds,
    });
  }
  return new ApiError({
    status: response.status,
    code: 'unexpected_response',
    message: `The server answered with status ${response.status}`,
    retryAfterSeconds,
  });
}

/** The session's CSRF token, which the server sets in a readable cookie; state-changing requests echo it in a header. */
function csrfHeader(method: string | undefined): Record<string, string> {
  if (method === undefined || method === 'GET' || method === 'HEAD') return {};
  const match = /(?:^|;\s*)brandgen_csrf=([^;]+)/.exec(typeof document === 'undefined' ? '' : document.cookie);
  return match ? { 'X-CSRF-Token': decodeURIComponent(match[1]!) } : {};
}

export async function request<T>(path: string, init: RequestInit = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { ...init, headers: { Accept: 'application/json', ...csrfHeader(init.method), ...init.headers } });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError({ status: NETWORK_FAILURE_STATUS, code: 'network_error', message: 'Network error' });
  }
  if (!response.ok) throw await errorFromResponse(response);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

export function createJob(input: GenerateInput): Promise<CreatedJob> {
  return request<CreatedJob>('/api/generate', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(input),
  });
}

export function createMoreJob(jobId: string): Promise<CreatedJob> {
  return request<CreatedJob>(`/api/jobs/${encodeURIComponent(jobId)}/more`, { method: 'POST' });
}

export function getJob(jobId: string, signal?: AbortSignal): Promise<Job> {
  return request<Job>(`/api/jobs/${encodeURIComponent(jobId)}`, { signal });
}

export function listJobs(options: { limit: number; cursor: string | null }, signal?: AbortSignal): Promise<JobPage> {
  const query = new URLSearchParams({ limit: String(options.limit) });
  if (options.cursor !== null) query.set('cursor', options.cursor);
  return request<JobPage>(`/api/jobs?${query.toString()}`, { signal });
}

export function getModelCatalog(signal?: AbortSignal): Promise<ModelCatalog> {
  return request<ModelCatalog>('/api/models', { signal });
}

export function jobEventsUrl(jobId: string): string {
  return `/api/jobs/${encodeURIComponent(jobId)}/events`;
}

export async function listProviderSettings(signal?: AbortSignal): Promise<ProviderStatus[]> {
  return (await request<{ providers: ProviderStatus[] }>('/api/admin/providers', { signal })).providers;
}

export async function saveProviderKey(provider: string, apiKey: string, baseUrl: string | null): Promise<ProviderStatus[]> {
  const body = await request<{ providers: ProviderStatus[] }>(`/api/admin/providers/${encodeURIComponent(provider)}`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ api_key: apiKey, base_url: baseUrl }),
  });
  return body.providers;
}

export async function removeProviderKey(provider: string): Promise<ProviderStatus[]> {
  return (await request<{ providers: ProviderStatus[] }>(`/api/admin/providers/${encodeURIComponent(provider)}`, { method: 'DELETE' })).providers;
}

import { request } from './client.ts';
import type { CreatedJob } from './types.ts';

export interface Brief {
  brand_name: string;
  industry: string;
  audience: string;
  tone: string[];
  style_words: string[];
  colours: string[];
  dos: string[];
  donts: string[];
}

export interface Inspiration {
  url: string;
  width: number;
  height: number;
  media_type: string;
}

export interface Project {
  id: string;
  name: string;
  brief: Brief;
  inspiration: Inspiration | null;
  created_at: string;
  updated_at: string;
  images_url: string;
}

export interface ExpandedBrief {
  source: 'llm' | 'template';
  label: string;
  prompts: string[];
}

const json = { 'Content-Type': 'application/json' };

export async function listProjects(signal?: AbortSignal): Promise<Project[]> {
  return (await request<{ projects: Project[] }>('/api/projects', { signal })).projects;
}

export function getProject(id: string, signal?: AbortSignal): Promise<Project> {
  return request<Project>(`/api/projects/${encodeURIComponent(id)}`, { signal });
}

export function createProject(input: { name: string; brief: Brief }): Promise<Project> {
  return request<Project>('/api/projects', { method: 'POST', headers: json, body: JSON.stringify(input) });
}

export function expandBrief(id: string, count: number): Promise<ExpandedBrief> {
  return request<ExpandedBrief>(`/api/projects/${encodeURIComponent(id)}/expand`, { method: 'POST', headers: json, body: JSON.stringify({ count }) });
}

export function generateForProject(id: string, prompt: string): Promise<CreatedJob> {
  return request<CreatedJob>(`/api/projects/${encodeURIComponent(id)}/generate`, { method: 'POST', headers: json, body: JSON.stringify({ prompt }) });
}

/** Sends the file itself as the body; the server checks what it really is, whatever its name or type says. */
export function uploadInspiration(id: string, file: Blob): Promise<Project> {
  return request<Project>(`/api/projects/${encodeURIComponent(id)}/inspiration`, {
    method: 'PUT',
    headers: { 'Content-Type': file.type || 'application/octet-stream' },
    body: file,
  });
}

export function removeInspiration(id: string): Promise<Project> {
  return request<Project>(`/api/projects/${encodeURIComponent(id)}/inspiration`, { method: 'DELETE' });
}

import { request } from './client.ts';

export interface Template {
  id: string;
  name: string;
  prompt: string;
  placeholders: string[];
  asset_type: string | null;
  model: string | null;
  preset: string | null;
  lora_overrides: Record<string, number>;
  created_at: string;
  updated_at: string;
}

export type TemplateDraft = Pick<Template, 'name' | 'prompt' | 'asset_type' | 'model' | 'preset' | 'lora_overrides'>;

export interface AppliedTemplate {
  prompt: string;
  asset_type: string | null;
  model: string | null;
  preset: string | null;
  lora_overrides: Record<string, number>;
}

const json = { 'Content-Type': 'application/json' };

export async function listTemplates(signal?: AbortSignal): Promise<Template[]> {
  return (await request<{ templates: Template[] }>('/api/templates', { signal })).templates;
}

export function saveTemplate(draft: TemplateDraft, id?: string): Promise<Template> {
  return request<Template>(id ? `/api/templates/${encodeURIComponent(id)}` : '/api/templates', {
    method: id ? 'PUT' : 'POST',
    headers: json,
    body: JSON.stringify(draft),
  });
}

export function deleteTemplate(id: string): Promise<void> {
  return request<void>(`/api/templates/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

export function applyTemplate(id: string, values: Record<string, string>): Promise<AppliedTemplate> {
  return request<AppliedTemplate>(`/api/templates/${encodeURIComponent(id)}/apply`, {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ values }),
  });
}

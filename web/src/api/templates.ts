import { unwrap, type TemplateDraft } from '@brandgen/client';
import { api } from './client.ts';

export async function listTemplates(signal?: AbortSignal) {
  return (await unwrap(api.GET('/api/templates', { signal }))).templates;
}

export function saveTemplate(draft: TemplateDraft, id?: string) {
  return id
    ? unwrap(api.PUT('/api/templates/{id}', { params: { path: { id } }, body: draft }))
    : unwrap(api.POST('/api/templates', { body: draft }));
}

export function deleteTemplate(id: string) {
  return unwrap(api.DELETE('/api/templates/{id}', { params: { path: { id } } }));
}

export function applyTemplate(id: string, values: Record<string, string>) {
  return unwrap(api.POST('/api/templates/{id}/apply', { params: { path: { id } }, body: { values } }));
}

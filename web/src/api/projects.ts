import { unwrap, type Brief } from '@brandgen/client';
import { api } from './client.ts';

export async function listProjects(signal?: AbortSignal) {
  return (await unwrap(api.GET('/api/projects', { signal }))).projects;
}

export function getProject(id: string, signal?: AbortSignal) {
  return unwrap(api.GET('/api/projects/{id}', { params: { path: { id } }, signal }));
}

export function createProject(input: { name: string; brief: Brief }) {
  return unwrap(api.POST('/api/projects', { body: input }));
}

export function expandBrief(id: string, count: number) {
  return unwrap(api.POST('/api/projects/{id}/expand', { params: { path: { id } }, body: { count } }));
}

export function generateForProject(id: string, prompt: string) {
  return unwrap(api.POST('/api/projects/{id}/generate', { params: { path: { id } }, body: { prompt } }));
}

/** Sends the file itself as the body; the server checks what it really is, whatever its name or type says. */
export function uploadInspiration(id: string, file: Blob) {
  return unwrap(
    api.PUT('/api/projects/{id}/inspiration', {
      params: { path: { id } },
      // The document describes no body here (the file is raw bytes), so the file goes as it is, not as JSON.
      body: file as never,
      bodySerializer: (body: unknown) => body as Blob,
      headers: { 'Content-Type': file.type || 'application/octet-stream' },
    }),
  );
}

export function removeInspiration(id: string) {
  return unwrap(api.DELETE('/api/projects/{id}/inspiration', { params: { path: { id } } }));
}

import { unwrap } from '@brandgen/client';
import { api } from './client.ts';

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

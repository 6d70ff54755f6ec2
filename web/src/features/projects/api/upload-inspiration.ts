import { unwrap } from '@brandgen/client';
import { mutationOptions, useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client.ts';
import { projectQueryOptions } from './get-project.ts';

/**
 * PUT /api/projects/{id}/inspiration: sends the file itself as the body; the server checks what it really is, whatever
 * its name or type says. The project it answers with replaces the cached one.
 */
export const uploadInspirationMutationOptions = (queryClient: QueryClient, projectId: string) =>
  mutationOptions({
    mutationFn: (file: Blob) =>
      unwrap(
        api.PUT('/api/projects/{id}/inspiration', {
          params: { path: { id: projectId } },
          // The document describes no body here (the file is raw bytes), so the file goes as it is, not as JSON.
          body: file as never,
          bodySerializer: (body: unknown) => body as Blob,
          headers: { 'Content-Type': file.type || 'application/octet-stream' },
        }),
      ),
    onSuccess: (updated) => queryClient.setQueryData(projectQueryOptions(projectId).queryKey, updated),
  });

export function useUploadInspiration(projectId: string) {
  return useMutation(uploadInspirationMutationOptions(useQueryClient(), projectId));
}

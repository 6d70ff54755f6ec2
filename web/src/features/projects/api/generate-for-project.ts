import { useMutation } from '@tanstack/react-query';
import { unwrap } from '@brandgen/client';
import { api } from '../../../api/client.ts';

/** Four images of one prompt, filed under the project; their progress arrives on the project's stream. */
export function useGenerateForProject(id: string) {
  return useMutation({
    mutationFn: (prompt: string) => unwrap(api.POST('/api/projects/{id}/generate', { params: { path: { id } }, body: { prompt } })),
  });
}

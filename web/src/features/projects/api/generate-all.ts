import { useMutation } from '@tanstack/react-query';
import { unwrap } from '@brandgen/client';
import { api } from '../../../api/client.ts';

/** Every stored prompt as one batch filed under the project; its progress arrives on the project's stream. */
export function useGenerateAll(id: string) {
  return useMutation({
    mutationFn: () => unwrap(api.POST('/api/projects/{id}/generate-all', { params: { path: { id } }, body: {} })),
  });
}

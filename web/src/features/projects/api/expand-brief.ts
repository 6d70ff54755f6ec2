import { useMutation, useQueryClient } from '@tanstack/react-query';
import { unwrap } from '@brandgen/client';
import { api } from '../../../api/client.ts';
import { projectQueryOptions } from './get-project.ts';

/** Expands the brief; the server keeps the prompts with the project, so the cached project takes them too. */
export function useExpandBrief(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (count: number) => unwrap(api.POST('/api/projects/{id}/expand', { params: { path: { id } }, body: { count } })),
    onSuccess: (expansion) => {
      queryClient.setQueryData(projectQueryOptions(id).queryKey, (project) => project && { ...project, expansion });
    },
  });
}

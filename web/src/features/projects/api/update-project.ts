import { useMutation, useQueryClient } from '@tanstack/react-query';
import { unwrap, type Brief } from '@brandgen/client';
import { api } from '../../../api/client.ts';
import { projectQueryOptions } from './get-project.ts';
import { projectsQueryOptions } from './list-projects.ts';

/** Replaces the name and brief (PUT); the stored prompts stay until the next expansion. */
export function useUpdateProject(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; brief: Brief }) => unwrap(api.PUT('/api/projects/{id}', { params: { path: { id } }, body: input })),
    onSuccess: (project) => {
      queryClient.setQueryData(projectQueryOptions(id).queryKey, project);
      void queryClient.invalidateQueries({ queryKey: projectsQueryOptions().queryKey, exact: true });
    },
  });
}

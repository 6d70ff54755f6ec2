import { useMutation, useQueryClient } from '@tanstack/react-query';
import { unwrap, type Brief } from '@brandgen/client';
import { api } from '../../../api/client.ts';
import { projectQueryOptions } from './get-project.ts';
import { projectsQueryOptions } from './list-projects.ts';

export function createProject(input: { name: string; brief: Brief }) {
  return unwrap(api.POST('/api/projects', { body: input }));
}

export function useCreateProject() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createProject,
    onSuccess: (project) => {
      queryClient.setQueryData(projectQueryOptions(project.id).queryKey, project);
      void queryClient.invalidateQueries({ queryKey: projectsQueryOptions().queryKey, exact: true });
    },
  });
}

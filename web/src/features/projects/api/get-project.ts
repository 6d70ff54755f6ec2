import { queryOptions, useQuery } from '@tanstack/react-query';
import { unwrap } from '@brandgen/client';
import { api } from '../../../api/client.ts';
import { projectsKey } from './list-projects.ts';

const projectKey = (id: string) => [...projectsKey, id] as const;

/** GET /api/projects/{id}: one project with its brief and its stored prompts. */
export function projectQueryOptions(id: string) {
  return queryOptions({
    queryKey: projectKey(id),
    queryFn: ({ signal }) => unwrap(api.GET('/api/projects/{id}', { params: { path: { id } }, signal })),
  });
}

export function useProject(id: string) {
  return useQuery(projectQueryOptions(id));
}

import { queryOptions, useQuery } from '@tanstack/react-query';
import { unwrap } from '@brandgen/client';
import { api } from '../../../api/client.ts';

/** One list of projects for the Projects page and History's project filter. */
export const projectsKey = ['projects'] as const;

/** Every project with its image count, cover and last change: the Projects page's cards and History's project filter. */
export function projectsQueryOptions() {
  return queryOptions({
    queryKey: projectsKey,
    queryFn: async ({ signal }) => (await unwrap(api.GET('/api/projects', { signal }))).projects,
  });
}

export function useProjects() {
  return useQuery(projectsQueryOptions());
}

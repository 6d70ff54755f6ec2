import { queryOptions, useQuery } from '@tanstack/react-query';
import { listProjects } from '../../../api/projects.ts';

/** One list of projects for the Projects page and History's project filter. */
export const projectsKey = ['projects'] as const;

/** Every project: the Projects page's list and History's project filter. */
export function projectsQueryOptions() {
  return queryOptions({
    queryKey: projectsKey,
    queryFn: ({ signal }) => listProjects(signal),
  });
}

export function useProjects() {
  return useQuery(projectsQueryOptions());
}

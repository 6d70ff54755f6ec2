import { queryOptions, useQuery } from '@tanstack/react-query';
import { listProjects } from '../../../api/projects.ts';

/** The key the Projects page lists under too, so a project made there shows in History's project filter. */
export const projectsKey = ['projects'] as const;

/** Every project, for choosing one (History's project filter). */
export function projectsQueryOptions() {
  return queryOptions({
    queryKey: projectsKey,
    queryFn: ({ signal }) => listProjects(signal),
  });
}

export function useProjects() {
  return useQuery(projectsQueryOptions());
}

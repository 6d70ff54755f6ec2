import { queryOptions, useQuery } from '@tanstack/react-query';
import { listImages } from '../../../api/library.ts';
import { libraryKey } from '../../../api/query-keys.ts';

/** The project's images, newest first; refreshed when the project's stream says a job finished, never on a timer. */
export function projectImagesQueryOptions(projectId: string) {
  return queryOptions({
    queryKey: [...libraryKey, { project_id: projectId }],
    queryFn: ({ signal }) => listImages({ project_id: projectId }, null, 200, signal),
  });
}

export function useProjectImages(projectId: string) {
  return useQuery(projectImagesQueryOptions(projectId));
}

import { queryOptions, useQuery } from '@tanstack/react-query';
import { libraryKey, listImages } from '../../library/api/list-images.ts';

const projectImagesKey = (projectId: string) => [...libraryKey, 'project', projectId] as const;

/** GET /api/images?project_id=…: the project's images, newest first; refreshed when the project's stream says a job was filed, never on a timer. */
export function projectImagesQueryOptions(projectId: string) {
  return queryOptions({
    queryKey: projectImagesKey(projectId),
    queryFn: ({ signal }) => listImages({ project_id: projectId }, null, 200, signal),
  });
}

export function useProjectImages(projectId: string) {
  return useQuery(projectImagesQueryOptions(projectId));
}

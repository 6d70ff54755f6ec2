import { unwrap } from '@brandgen/client';
import { mutationOptions, useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client.ts';
import { projectQueryOptions } from './get-project.ts';

/** DELETE /api/projects/{id}/inspiration: the project without its inspiration image replaces the cached one. */
export const removeInspirationMutationOptions = (queryClient: QueryClient, projectId: string) =>
  mutationOptions({
    mutationFn: () => unwrap(api.DELETE('/api/projects/{id}/inspiration', { params: { path: { id: projectId } } })),
    onSuccess: (updated) => queryClient.setQueryData(projectQueryOptions(projectId).queryKey, updated),
  });

export function useRemoveInspiration(projectId: string) {
  return useMutation(removeInspirationMutationOptions(useQueryClient(), projectId));
}

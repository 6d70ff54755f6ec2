import { unwrap } from '@brandgen/client';
import { mutationOptions, useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client.ts';
import { templatesKey } from './keys.ts';

/** DELETE /api/templates/{id}. */
export const deleteTemplateMutationOptions = (client: QueryClient) =>
  mutationOptions({
    mutationFn: (id: string) => unwrap(api.DELETE('/api/templates/{id}', { params: { path: { id } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: templatesKey }),
  });

export function useDeleteTemplate() {
  return useMutation(deleteTemplateMutationOptions(useQueryClient()));
}

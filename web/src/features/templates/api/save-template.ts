import { unwrap, type TemplateDraft } from '@brandgen/client';
import { mutationOptions, useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client.ts';
import { templatesKey } from './keys.ts';

/** POST /api/templates for a new template, PUT /api/templates/{id} for a change to one. */
export const saveTemplateMutationOptions = (client: QueryClient) =>
  mutationOptions({
    mutationFn: ({ draft, id }: { draft: TemplateDraft; id?: string | undefined }) =>
      id
        ? unwrap(api.PUT('/api/templates/{id}', { params: { path: { id } }, body: draft }))
        : unwrap(api.POST('/api/templates', { body: draft })),
    onSuccess: () => client.invalidateQueries({ queryKey: templatesKey }),
  });

export function useSaveTemplate() {
  return useMutation(saveTemplateMutationOptions(useQueryClient()));
}

import { unwrap } from '@brandgen/client';
import { mutationOptions, useMutation } from '@tanstack/react-query';
import { api } from '../../../api/client.ts';

/** POST /api/templates/{id}/apply: the prompt with the placeholders filled in, and the template's settings. */
export const applyTemplateMutationOptions = (id: string) =>
  mutationOptions({
    mutationFn: (values: Record<string, string>) =>
      unwrap(api.POST('/api/templates/{id}/apply', { params: { path: { id } }, body: { values } })),
  });

export function useApplyTemplate(id: string) {
  return useMutation(applyTemplateMutationOptions(id));
}

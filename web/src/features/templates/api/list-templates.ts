import { unwrap } from '@brandgen/client';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../api/client.ts';
import { templatesKey } from './keys.ts';

/** GET /api/templates: the user's saved prompts with their settings. */
export function templatesQueryOptions() {
  return queryOptions({
    queryKey: templatesKey,
    queryFn: async ({ signal }) => (await unwrap(api.GET('/api/templates', { signal }))).templates,
  });
}

export function useTemplates() {
  return useQuery(templatesQueryOptions());
}

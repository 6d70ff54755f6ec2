import { unwrap } from '@brandgen/client';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../api/client.ts';

const providerSettingsKey = ['admin', 'providers'] as const;

/** GET /api/admin/providers: each image provider, whether it has a key and where from; keys only as their last four. */
export function providerSettingsQueryOptions() {
  return queryOptions({
    queryKey: providerSettingsKey,
    queryFn: async ({ signal }) => (await unwrap(api.GET('/api/admin/providers', { signal }))).providers,
  });
}

export function useProviderSettings() {
  return useQuery(providerSettingsQueryOptions());
}

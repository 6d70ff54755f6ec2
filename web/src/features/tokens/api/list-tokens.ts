import { unwrap } from '@brandgen/client';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../api/client.ts';

const apiTokensKey = ['api-tokens'] as const;

/** GET /api/tokens: the user's personal API tokens (never the secrets), with when each was last used. */
export function apiTokensQueryOptions() {
  return queryOptions({
    queryKey: apiTokensKey,
    queryFn: async ({ signal }) => (await unwrap(api.GET('/api/tokens', { signal }))).tokens,
  });
}

export function useApiTokens() {
  return useQuery(apiTokensQueryOptions());
}

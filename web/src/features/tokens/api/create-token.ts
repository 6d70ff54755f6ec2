import { unwrap } from '@brandgen/client';
import { mutationOptions, useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client.ts';
import { apiTokensQueryOptions } from './list-tokens.ts';

/** POST /api/tokens: the answer carries the token itself, the only time it is ever shown. */
export const createTokenMutationOptions = (client: QueryClient) =>
  mutationOptions({
    mutationFn: (input: { name: string; expires_at: string | null }) => unwrap(api.POST('/api/tokens', { body: input })),
    onSuccess: () => client.invalidateQueries({ queryKey: apiTokensQueryOptions().queryKey }),
  });

export function useCreateToken() {
  return useMutation(createTokenMutationOptions(useQueryClient()));
}

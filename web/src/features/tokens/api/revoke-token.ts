import { unwrap } from '@brandgen/client';
import { mutationOptions, useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client.ts';
import { apiTokensQueryOptions } from './list-tokens.ts';

/** DELETE /api/tokens/{id}: anything using the token stops working at once. */
export const revokeTokenMutationOptions = (client: QueryClient) =>
  mutationOptions({
    mutationFn: (id: string) => unwrap(api.DELETE('/api/tokens/{id}', { params: { path: { id } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: apiTokensQueryOptions().queryKey }),
  });

export function useRevokeToken() {
  return useMutation(revokeTokenMutationOptions(useQueryClient()));
}

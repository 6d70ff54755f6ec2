import { unwrap } from '@brandgen/client';
import { mutationOptions, useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client.ts';
import { providerChanged } from './provider-changed.ts';

/** DELETE /api/admin/providers/{provider}: forgets the saved key (a key from the environment stays). */
export const removeProviderKeyMutationOptions = (client: QueryClient, provider: string) =>
  mutationOptions({
    mutationFn: async () => (await unwrap(api.DELETE('/api/admin/providers/{provider}', { params: { path: { provider } } }))).providers,
    onSuccess: (providers) => providerChanged(client, providers),
  });

export function useRemoveProviderKey(provider: string) {
  return useMutation(removeProviderKeyMutationOptions(useQueryClient(), provider));
}

import { unwrap } from '@brandgen/client';
import { mutationOptions, useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client.ts';
import { providerChanged } from './provider-changed.ts';

/** PUT /api/admin/providers/{provider}: stores the key encrypted; answers with every provider's state. */
export const saveProviderKeyMutationOptions = (client: QueryClient, provider: string) =>
  mutationOptions({
    mutationFn: async ({ apiKey, baseUrl }: { apiKey: string; baseUrl: string | null }) => {
      const body = { api_key: apiKey, base_url: baseUrl };
      return (await unwrap(api.PUT('/api/admin/providers/{provider}', { params: { path: { provider } }, body }))).providers;
    },
    onSuccess: (providers) => providerChanged(client, providers),
  });

export function useSaveProviderKey(provider: string) {
  return useMutation(saveProviderKeyMutationOptions(useQueryClient(), provider));
}

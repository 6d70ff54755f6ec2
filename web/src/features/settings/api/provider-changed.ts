import type { ProviderStatus } from '@brandgen/client';
import type { QueryClient } from '@tanstack/react-query';
import { modelCatalogQueryOptions } from '../../models/api/get-model-catalog.ts';
import { providerSettingsQueryOptions } from './list-provider-settings.ts';

/** After a key is saved or removed: the providers as the server now answers them, and the models they offer. */
export function providerChanged(client: QueryClient, providers: ProviderStatus[]): void {
  client.setQueryData(providerSettingsQueryOptions().queryKey, providers);
  // Refetched now, not on the next visit, so the Generate page never shows the old model list.
  void client.invalidateQueries({ queryKey: modelCatalogQueryOptions().queryKey, refetchType: 'all' });
}

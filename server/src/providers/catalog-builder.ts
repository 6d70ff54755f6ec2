import type { ImageModelV4 } from '@ai-sdk/provider';
import type { CatalogEntry } from './image-model-catalog.ts';
import { modelDefinitions, type ModelDefinition } from './model-definitions.ts';
import { providerLabels, PROVIDER_IDS, type ProviderSettingsMap } from './provider-ids.ts';
import { imageModelFactory } from './provider-models.ts';
import { ConcurrencyLimit } from './resilience/concurrency-limit.ts';
import { ProviderHealth } from './resilience/provider-health.ts';
import { withProviderPolicy, type ProviderPolicy } from './resilience/resilient-image-model.ts';

export interface CatalogBuildOptions {
  /** Test seam: shorter backoff and cool-down than production needs. */
  policy?: Partial<Pick<ProviderPolicy, 'retries' | 'backoffMs' | 'maxBackoffMs'>>;
  health?: () => ProviderHealth;
}

/** Catalog entries for every known model whose provider is configured, each behind its provider's failure policy. */
export function catalogEntriesFor(providers: ProviderSettingsMap, options: CatalogBuildOptions = {}): CatalogEntry[] {
  const secrets = PROVIDER_IDS.flatMap((id) => (providers[id] ? [providers[id].apiKey] : []));
  const entries: CatalogEntry[] = [];
  for (const provider of PROVIDER_IDS) {
    const settings = providers[provider];
    if (!settings) continue;
    const create = imageModelFactory(provider, settings);
    const policy: ProviderPolicy = {
      providerLabel: providerLabels[provider],
      timeoutMs: settings.timeoutMs,
      limit: new ConcurrencyLimit(settings.concurrency),
      health: options.health?.() ?? new ProviderHealth(),
      secrets,
      ...options.policy,
    };
    const models = new Map<string, ImageModelV4>();
    const modelFor = (variant: string) => {
      let model = models.get(variant);
      if (!model) models.set(variant, (model = withProviderPolicy(create(variant), policy)));
      return model;
    };
    for (const definition of modelDefinitions.filter((candidate) => candidate.provider === provider)) {
      entries.push(toEntry(definition, modelFor));
    }
  }
  return entries;
}

function toEntry(definition: ModelDefinition, modelFor: (variant: string) => ImageModelV4): CatalogEntry {
  const { providerOptions, ...fields } = definition;
  return { ...fields, isDemo: false, imagesPerCall: 1, model: modelFor, providerOptions };
}

import type { ImageModelV4 } from '@ai-sdk/provider';
import { comfyUiEntries, type ComfyUiConfig } from './comfyui/comfyui-catalog.ts';
import type { CatalogEntry } from './image-model-catalog.ts';
import { modelDefinitions, type ModelDefinition } from './model-definitions.ts';
import { providerLabels, PROVIDER_IDS, type ProviderSettingsMap } from './provider-ids.ts';
import type { RevocationSignals } from './provider-key-revocation.ts';
import { imageModelFactory } from './provider-models.ts';
import { ConcurrencyLimit } from './resilience/concurrency-limit.ts';
import { ProviderHealth } from './resilience/provider-health.ts';
import { modelsUnderPolicy, type ProviderPolicy } from './resilience/resilient-image-model.ts';

export interface CatalogBuildOptions {
  /** Test seam: shorter backoff and cool-down than production needs. */
  policy?: Partial<Pick<ProviderPolicy, 'retries' | 'backoffMs' | 'maxBackoffMs'>>;
  health?: () => ProviderHealth;
  /** Per provider, fires when these settings are withdrawn (see ProviderKeyRevocation). */
  revoked?: RevocationSignals;
}

/** Catalog entries for every known model whose provider is configured, each behind its provider's failure policy. */
export function catalogEntriesFor(
  providers: ProviderSettingsMap,
  options: CatalogBuildOptions = {},
  comfyui: ComfyUiConfig | null = null,
): CatalogEntry[] {
  const secrets = PROVIDER_IDS.flatMap((id) => (providers[id] ? [providers[id].apiKey] : []));
  // A studio that runs its own GPU wants it first: it costs nothing per image.
  const entries: CatalogEntry[] = comfyui ? comfyUiEntries(comfyui, options.policy, options.health?.()) : [];
  for (const provider of PROVIDER_IDS) {
    const settings = providers[provider];
    if (!settings) continue;
    const create = imageModelFactory(provider, settings);
    const policy: ProviderPolicy = {
      providerLabel: providerLabels[provider],
      timeoutMs: settings.timeoutMs,
      limit: new ConcurrencyLimit({ limit: settings.concurrency }),
      health: options.health?.() ?? new ProviderHealth(),
      secrets,
      ...(options.revoked?.[provider] && { revoked: options.revoked[provider] }),
      ...options.policy,
    };
    const modelFor = modelsUnderPolicy(create, policy);
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

import type { Config } from '../config/config.ts';
import { ProviderKeyRepository } from '../db/provider-key-repository.ts';
import type { BrandKit } from '../domain/brand-kit.ts';
import { licences } from '../domain/licences.ts';
import { catalogEntriesFor, type CatalogBuildOptions } from '../providers/catalog-builder.ts';
import { createDemoImageModel } from '../providers/demo/demo-image-model.ts';
import { DEMO_FAMILY, demoProvider, demoProviderOptions } from '../providers/demo/demo-options.ts';
import { fixedCatalogEntry, ImageModelCatalog, type CatalogEntry } from '../providers/image-model-catalog.ts';
import type { ProviderSettingsMap } from '../providers/provider-ids.ts';
import { ProviderKeyRevocation } from '../providers/provider-key-revocation.ts';
import { ProviderSettingsService } from '../services/provider-settings-service.ts';
import { ProviderSettingsSync } from '../services/provider-settings-sync.ts';
import type { Adapters } from './build-adapters.ts';
import type { CompositionContext } from './context.ts';

export function demoCatalogEntry(brand: BrandKit, config: Config): CatalogEntry {
  const entry = fixedCatalogEntry({
    id: 'demo',
    label: 'Demo (offline, not AI)',
    provider: demoProvider,
    description:
      'Draws the subject your description names, as an icon from the Tabler Icons set (MIT License), over abstract ' +
      'compositions in the brand palette, arranged for the asset type, on this machine, without any AI model. ' +
      'Edits draw the picture again with the change applied to its subject and label it; image-to-image variations ' +
      'blend a fresh composition over the source. Configure a real provider to generate real images.',
    isDemo: true,
    licence: licences.demo,
    model: createDemoImageModel({ palette: brand.palette, brandName: brand.name, latencyMs: config.demoLatencyMs }),
    sourceImages: true,
  });
  // The demo draws from the user's own words and the asset type, not from the composed prompt.
  // The demo's "LoRA" is a style profile the demo trainer writes (family demo), delivered inline to the model.
  return { ...entry, family: DEMO_FAMILY, supportsLora: true, providerOptions: demoProviderOptions };
}

/** Models of every configured provider; the demo model only when no provider is configured. */
function configuredModels(
  brand: BrandKit,
  config: Config,
  providers: ProviderSettingsMap,
  options: CatalogBuildOptions | undefined,
): CatalogEntry[] {
  const real = catalogEntriesFor(providers, options, config.comfyui);
  return real.length > 0 ? real : [demoCatalogEntry(brand, config)];
}

export interface CatalogServices {
  catalog: ImageModelCatalog;
  providerSettings: ProviderSettingsService;
  settingsSync: ProviderSettingsSync;
  /** The provider keys in effect now (environment, overridden by saved keys), as every settings change leaves them. */
  currentProviders: () => ProviderSettingsMap;
}

/**
 * The model catalog from the effective provider settings (environment keys, overridden by saved ones), kept in step
 * with settings changes in every process. `brand` is the default brand as the process starts: the demo model's
 * palette and name (jobs compose from their own brand version).
 */
export async function buildCatalog(adapters: Adapters, context: CompositionContext, brand: BrandKit): Promise<CatalogServices> {
  const { config, overrides, logger, clock } = context;
  // Calls still under way with a key an administrator replaced or removed are stopped when the catalog is rebuilt.
  const revocation = new ProviderKeyRevocation();
  const modelsFor = (providers: ProviderSettingsMap) =>
    configuredModels(brand, config, providers, { ...overrides.providerPolicy, revoked: revocation.signalsFor(providers) });
  let current: ProviderSettingsMap = config.providers;
  const settingsSync = new ProviderSettingsSync({
    read: () => providerSettings.effectiveProviders(),
    apply: (providers) => {
      current = providers;
      if (!overrides.models) catalog.replace(modelsFor(providers));
    },
    bus: adapters.bus,
    intervalMs: config.settingsRefreshMs,
    onError: (error, message) => logger.warn({ err: error }, message),
  });
  const providerSettings: ProviderSettingsService = new ProviderSettingsService({
    repository: new ProviderKeyRepository({ database: adapters.database }),
    box: adapters.secretBox,
    clock,
    fromEnvironment: config.providers,
    defaults: config.providerDefaults,
    onChange: () => settingsSync.changedHere(),
  });
  let initialModels: CatalogEntry[];
  if (overrides.models) initialModels = overrides.models(brand, config);
  else {
    current = await providerSettings.effectiveProviders();
    settingsSync.startedWith(current);
    initialModels = modelsFor(current);
  }
  const catalog = new ImageModelCatalog({ entries: initialModels });
  return { catalog, providerSettings, settingsSync, currentProviders: () => current };
}

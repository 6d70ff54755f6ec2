import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { BlobStore } from './blobs/blob-store.ts';
import { DiskBlobStore } from './blobs/disk-blob-store.ts';
import { loadBrandKit } from './config/brand-kit-file.ts';
import type { Config } from './config/config.ts';
import { migrateToLatest, openSqliteDatabase, type DatabaseConnection } from './db/database.ts';
import { JobRepository } from './db/job-repository.ts';
import { ProviderKeyRepository } from './db/provider-key-repository.ts';
import { UsageRepository } from './db/usage-repository.ts';
import { loadSecretKey } from './config/secret-key.ts';
import { ProviderSettingsService } from './services/provider-settings-service.ts';
import { SecretBox } from './services/secret-box.ts';
import type { ProviderSettingsMap } from './providers/provider-ids.ts';
import { licences } from './domain/licences.ts';
import type { BrandKit } from './domain/brand-kit.ts';
import type { EventBus } from './events/event-bus.ts';
import { InMemoryEventBus } from './events/in-memory-event-bus.ts';
import { buildHttpServer } from './http/http-server.ts';
import { createDemoImageModel } from './providers/demo/demo-image-model.ts';
import { catalogEntriesFor, type CatalogBuildOptions } from './providers/catalog-builder.ts';
import { fixedCatalogEntry, ImageModelCatalog, type CatalogEntry } from './providers/image-model-catalog.ts';
import { InProcessQueue } from './queue/in-process-queue.ts';
import type { JobQueue } from './queue/job-queue.ts';
import { systemClock, type Clock } from './services/clock.ts';
import { GenerationService } from './services/generation-service.ts';
import { ImageService } from './services/image-service.ts';
import { JobEvents } from './services/job-events.ts';
import { JobRunner } from './services/job-runner.ts';
import { UsageService } from './services/usage-service.ts';

export interface Brandgen {
  server: FastifyInstance;
  database: DatabaseConnection;
  /** Listens on the configured host and port and starts the worker; resolves to the base URL. */
  start(): Promise<string>;
  stop(): Promise<void>;
}

/** Seams for tests: everything else comes from the configuration. */
export interface BrandgenOverrides {
  models?: (brand: BrandKit, config: Config) => CatalogEntry[];
  /** Shorter provider backoff and cool-down for tests of configured providers. */
  providerPolicy?: CatalogBuildOptions;
  clock?: Clock;
  retryBackoffMs?: number;
  heartbeatMs?: number;
}

export function demoCatalogEntry(brand: BrandKit, config: Config): CatalogEntry {
  return fixedCatalogEntry({
    id: 'demo',
    label: 'Demo (offline, not AI)',
    provider: 'brandgen-demo',
    description:
      'Draws abstract compositions in the brand palette on this machine, without any AI model. ' +
      'Configure a real provider to generate real images.',
    isDemo: true,
    licence: licences.demo,
    model: createDemoImageModel({ palette: brand.palette, brandName: brand.name, latencyMs: config.demoLatencyMs }),
  });
}

/** Models of every configured provider; the demo model only when no provider is configured. */
function configuredModels(brand: BrandKit, config: Config, providers: ProviderSettingsMap, options: CatalogBuildOptions | undefined): CatalogEntry[] {
  const real = catalogEntriesFor(providers, options, config.comfyui);
  return real.length > 0 ? real : [demoCatalogEntry(brand, config)];
}

/** The one place where configuration picks the adapters and everything is wired together. */
export async function createBrandgen(config: Config, overrides: BrandgenOverrides = {}): Promise<Brandgen> {
  const clock = overrides.clock ?? systemClock;
  const brand = loadBrandKit(config.dataDirectory);
  const database = openSqliteDatabase(path.join(config.dataDirectory, 'brandgen.sqlite'));
  await migrateToLatest(database);

  const repository = new JobRepository(database);
  const blobs: BlobStore = new DiskBlobStore(path.join(config.dataDirectory, 'images'));
  const bus: EventBus = new InMemoryEventBus();
  const providerSettings: ProviderSettingsService = new ProviderSettingsService({
    repository: new ProviderKeyRepository(database),
    box: new SecretBox(loadSecretKey(config.dataDirectory, config.secretKey)),
    clock,
    fromEnvironment: config.providers,
    defaults: config.providerDefaults,
    onChange: (providers) => {
      if (!overrides.models) catalog.replace(configuredModels(brand, config, providers, overrides.providerPolicy));
    },
  });
  let initialModels: CatalogEntry[];
  try {
    initialModels = overrides.models?.(brand, config) ?? configuredModels(brand, config, await providerSettings.effectiveProviders(), overrides.providerPolicy);
  } catch (error) {
    // A start that fails here (an unreadable saved key, a broken workflow file) leaves no database handle open.
    await database.destroy();
    throw error;
  }
  const catalog = new ImageModelCatalog(initialModels);
  const usage = new UsageRepository(database);
  const events = new JobEvents(repository, bus, clock);
  let server: FastifyInstance | undefined;
  const queue: JobQueue = new InProcessQueue({
    concurrency: config.concurrency,
    loadUnfinished: () => repository.listUnfinishedIds(),
    onError: (jobId, error) => server?.log.error({ err: error, jobId }, 'job crashed'),
  });
  const runner = new JobRunner({
    repository,
    blobs,
    catalog,
    events,
    clock,
    ...(overrides.retryBackoffMs !== undefined && { backoffMs: overrides.retryBackoffMs }),
    onSlotError: (jobId, slot, attempt, error) =>
      server?.log.warn({ jobId, slot, attempt, err: error }, 'image generation attempt failed'),
  });
  const generation = new GenerationService({
    repository,
    queue,
    catalog,
    brandKit: () => brand,
    clock,
    maxQueue: config.maxQueue,
    usage,
    monthlyBudgetUsd: config.monthlyBudgetUsd,
  });

  server = await buildHttpServer({
    generation,
    images: new ImageService(generation, blobs),
    events,
    catalog,
    brandKit: () => brand,
    usage: new UsageService({ usage, clock, monthlyBudgetUsd: config.monthlyBudgetUsd }),
    providerSettings,
    isHealthy: () => queue.running,
    rateLimitPerMinute: config.rateLimitPerMinute,
    webDirectory: config.webDirectory,
    logLevel: config.logLevel,
    ...(overrides.heartbeatMs !== undefined && { heartbeatMs: overrides.heartbeatMs }),
  });
  const http = server;

  return {
    server: http,
    database,
    async start() {
      await queue.start(runner.run);
      const address = await http.listen({ host: config.host, port: config.port });
      return address.replace('[::1]', '127.0.0.1');
    },
    async stop() {
      runner.abort();
      await queue.stop(5_000);
      await http.close();
      await bus.close();
      await database.destroy();
    },
  };
}

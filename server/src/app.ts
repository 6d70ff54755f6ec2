import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { BlobStore } from './blobs/blob-store.ts';
import { DiskBlobStore } from './blobs/disk-blob-store.ts';
import { loadBrandKit } from './config/brand-kit-file.ts';
import type { Config } from './config/config.ts';
import { migrateToLatest, openSqliteDatabase, type DatabaseConnection } from './db/database.ts';
import { JobRepository } from './db/job-repository.ts';
import { LibraryRepository } from './db/library-repository.ts';
import { SqliteFts5PromptSearch } from './db/prompt-search.ts';
import { TemplateRepository } from './db/template-repository.ts';
import { BatchRepository } from './db/batch-repository.ts';
import { ProjectRepository } from './db/project-repository.ts';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { LanguageModelBriefExpander, TemplateBriefExpander, type BriefExpander } from './providers/text/brief-expander.ts';
import type { BrandKit } from './domain/brand-kit.ts';
import type { EventBus } from './events/event-bus.ts';
import { InMemoryEventBus } from './events/in-memory-event-bus.ts';
import { buildHttpServer } from './http/http-server.ts';
import { createDemoImageModel } from './providers/demo/demo-image-model.ts';
import { ImageModelCatalog, type CatalogEntry } from './providers/image-model-catalog.ts';
import { InProcessQueue } from './queue/in-process-queue.ts';
import type { JobQueue } from './queue/job-queue.ts';
import { systemClock, type Clock } from './services/clock.ts';
import { GenerationService } from './services/generation-service.ts';
import { ImageService } from './services/image-service.ts';
import { JobEvents } from './services/job-events.ts';
import { JobRunner } from './services/job-runner.ts';
import { LibraryService } from './services/library-service.ts';
import { RetentionSweep } from './services/retention-sweep.ts';
import { TemplateService } from './services/template-service.ts';
import { BatchService } from './services/batch-service.ts';
import { ProjectService } from './services/project-service.ts';

export interface Brandgen {
  server: FastifyInstance;
  database: DatabaseConnection;
  library: LibraryService;
  retention: RetentionSweep;
  /** Listens on the configured host and port and starts the worker; resolves to the base URL. */
  start(): Promise<string>;
  stop(): Promise<void>;
}

/** Seams for tests: everything else comes from the configuration. */
export interface BrandgenOverrides {
  models?: (brand: BrandKit, config: Config) => CatalogEntry[];
  clock?: Clock;
  retryBackoffMs?: number;
  heartbeatMs?: number;
  /** How often the retention sweep runs; 0 runs it only when called. */
  retentionSweepIntervalMs?: number;
}

const HOUR_MS = 60 * 60 * 1000;

export function demoCatalogEntry(brand: BrandKit, config: Config): CatalogEntry {
  return {
    id: 'demo',
    label: 'Demo (offline, not AI)',
    provider: 'brandgen-demo',
    description:
      'Draws abstract compositions in the brand palette on this machine, without any AI model. ' +
      'Configure a real provider to generate real images.',
    isDemo: true,
    model: createDemoImageModel({ palette: brand.palette, brandName: brand.name, latencyMs: config.demoLatencyMs }),
  };
}

/** "Expand brief" uses the configured language model, or the labelled template expansion without one. */
function briefExpander(config: Config): BriefExpander {
  const llm = config.languageModel;
  if (!llm) return new TemplateBriefExpander();
  const provider = createOpenAICompatible({
    name: 'brief-llm',
    baseURL: llm.baseUrl,
    ...(llm.apiKey !== undefined && { apiKey: llm.apiKey }),
    supportsStructuredOutputs: true,
  });
  return new LanguageModelBriefExpander(provider.chatModel(llm.model), `the language model ${llm.model}`);
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
  const catalog = new ImageModelCatalog(overrides.models?.(brand, config) ?? [demoCatalogEntry(brand, config)]);
  const events = new JobEvents(repository, bus, clock);
  // The PostgreSQL adapter pairs its repository with a tsvector PromptSearch instead.
  const libraryRepository = new LibraryRepository(database, new SqliteFts5PromptSearch());
  const library = new LibraryService({
    library: libraryRepository,
    jobs: repository,
    blobs,
    clock,
    retentionDays: config.retentionDays,
  });
  const retention = new RetentionSweep({
    library: libraryRepository,
    blobs,
    clock,
    onJobChanged: (jobId) => library.notifyJobChanged(jobId),
  });
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
    onImageStored: (job, slot, bytes) => library.addJobImage(job, slot, bytes),
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
  });

  const templates = new TemplateService({ templates: new TemplateRepository(database), catalog, clock });
  server = await buildHttpServer({
    generation,
    images: new ImageService(generation, blobs),
    events,
    library,
    templates,
    batches: new BatchService({
      batches: new BatchRepository(database),
      jobs: repository,
      generation,
      templates,
      library,
      events,
      clock,
      maxQueue: config.maxQueue,
    }),
    projects: new ProjectService({ projects: new ProjectRepository(database), expander: briefExpander(config), generation, clock }),
    catalog,
    isHealthy: () => queue.running,
    rateLimitPerMinute: config.rateLimitPerMinute,
    webDirectory: config.webDirectory,
    logLevel: config.logLevel,
    ...(overrides.heartbeatMs !== undefined && { heartbeatMs: overrides.heartbeatMs }),
  });
  const http = server;

  const sweepIntervalMs = overrides.retentionSweepIntervalMs ?? HOUR_MS;
  const stopSweeping = new AbortController();
  let sweepTimer: NodeJS.Timeout | undefined;
  const sweep = () =>
    retention.run(stopSweeping.signal).catch((error: unknown) => http.log.error({ err: error }, 'retention sweep failed'));

  return {
    server: http,
    database,
    library,
    retention,
    async start() {
      await library.fileMissingImages();
      await queue.start(runner.run);
      if (config.retentionDays > 0 && sweepIntervalMs > 0) {
        void sweep();
        sweepTimer = setInterval(sweep, sweepIntervalMs);
        sweepTimer.unref();
      }
      const address = await http.listen({ host: config.host, port: config.port });
      return address.replace('[::1]', '127.0.0.1');
    },
    async stop() {
      clearInterval(sweepTimer);
      stopSweeping.abort();
      await retention.settled();
      runner.abort();
      await queue.stop(5_000);
      await http.close();
      await bus.close();
      await database.destroy();
    },
  };
}

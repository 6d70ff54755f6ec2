import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { createBlobStore } from './blobs/create-blob-store.ts';
import { loadBrandKit } from './config/brand-kit-file.ts';
import type { Config } from './config/config.ts';
import { migrateToLatest, openDatabase, pingDatabase, type DatabaseConnection } from './db/database.ts';
import { JobRepository } from './db/job-repository.ts';
import type { BrandKit } from './domain/brand-kit.ts';
import type { EventBus } from './events/event-bus.ts';
import { InMemoryEventBus } from './events/in-memory-event-bus.ts';
import { buildHttpServer } from './http/http-server.ts';
import { BrandgenMetrics } from './metrics/brandgen-metrics.ts';
import { createDemoImageModel } from './providers/demo/demo-image-model.ts';
import { ImageModelCatalog, type CatalogEntry } from './providers/image-model-catalog.ts';
import { InProcessQueue } from './queue/in-process-queue.ts';
import type { JobQueue } from './queue/job-queue.ts';
import { systemClock, type Clock } from './services/clock.ts';
import { GenerationService } from './services/generation-service.ts';
import { ImageService } from './services/image-service.ts';
import { JobEvents } from './services/job-events.ts';
import { JobRunner } from './services/job-runner.ts';

export interface Brandgen {
  server: FastifyInstance;
  database: DatabaseConnection;
  /** Listens on the configured host and port and, unless an API-only replica, starts the worker; resolves to the base URL. */
  start(): Promise<string>;
  stop(): Promise<void>;
}

/** Seams for tests: everything else comes from the configuration. */
export interface BrandgenOverrides {
  models?: (brand: BrandKit, config: Config) => CatalogEntry[];
  clock?: Clock;
  retryBackoffMs?: number;
  heartbeatMs?: number;
}

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

const HTTP_CLOSE_GRACE_MS = 2_000;

/** How often an SSE stream re-reads the database when events travel over Redis, which may drop some in a restart. */
const EVENT_CATCH_UP_MS = 2_000;

/**
 * The one place where configuration picks the adapters and everything is wired together.
 * Embedded: SQLite, local disk, an in-process queue and event bus, one process doing everything.
 * Scaled: PostgreSQL (`DATABASE_URL`), BullMQ and Redis pub/sub (`REDIS_URL`), Azure Blob, and processes
 * in the `api` or `worker` role (`BRANDGEN_ROLE`).
 */
export async function createBrandgen(config: Config, overrides: BrandgenOverrides = {}): Promise<Brandgen> {
  const clock = overrides.clock ?? systemClock;
  const brand = loadBrandKit(config.dataDirectory);
  const database = openDatabase(config.database);
  await migrateToLatest(database);
  const runsJobs = config.role !== 'api';
  const servesApi = config.role !== 'worker';

  let server: FastifyInstance | undefined;
  const log = {
    warn: (details: object, message: string) => server?.log.warn(details, message),
    error: (details: object, message: string) => server?.log.error(details, message),
  };
  const repository = new JobRepository(database);
  const blobs = await createBlobStore(config);
  const redisClients: Redis[] = [];
  // Scaled adapters are loaded only when configured: a laptop installation does not pay their memory.
  const bus: EventBus = config.redis
    ? new (await import('./events/redis-event-bus.ts')).RedisEventBus(config.redis)
    : new InMemoryEventBus();
  const catalog = new ImageModelCatalog(overrides.models?.(brand, config) ?? [demoCatalogEntry(brand, config)]);
  const events = new JobEvents(repository, bus, clock, {
    ...(config.redis && { catchUpMs: EVENT_CATCH_UP_MS }),
    onPublishError: (error) => log.warn({ err: error }, 'a job event was stored but not broadcast'),
  });
  const onQueueError = (jobId: string | undefined, error: unknown) => log.error({ err: error, jobId }, 'job queue error');
  const loadUnfinished = () => repository.listUnfinishedIds();
  const queue: JobQueue = config.redis
    ? new (await import('./queue/bullmq-queue.ts')).BullMqQueue({
        url: config.redis.url,
        prefix: config.redis.prefix,
        concurrency: config.concurrency,
        lockMs: config.jobLockMs,
        reconcileMs: config.queueReconcileMs,
        loadUnfinished,
        onError: onQueueError,
      })
    : new InProcessQueue({ concurrency: config.concurrency, loadUnfinished, onError: onQueueError });
  const metrics = new BrandgenMetrics(
    { jobsByStatus: () => repository.countByStatus(), queueDepth: () => queue.depth() },
    { role: config.role },
  );
  const runner = new JobRunner({
    repository,
    blobs,
    catalog,
    events,
    clock,
    ...(overrides.retryBackoffMs !== undefined && { backoffMs: overrides.retryBackoffMs }),
    onSlotError: (jobId, slot, attempt, error) => log.warn({ jobId, slot, attempt, err: error }, 'image generation attempt failed'),
    onModelCall: metrics.recordModelCall,
  });
  const generation = new GenerationService({
    repository,
    queue,
    catalog,
    brandKit: () => brand,
    clock,
    maxQueue: config.maxQueue,
  });
  let rateLimitRedis: { client: Redis; keyPrefix: string } | undefined;
  if (config.redis && servesApi) {
    // Rate-limit counters must not wait out a Redis outage: a request is better served than held.
    const { connectRedis } = await import('./redis/redis-connection.ts');
    const client = connectRedis(config.redis.url, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
    redisClients.push(client);
    rateLimitRedis = { client, keyPrefix: `${config.redis.prefix}:rate-limit:` };
  }
  let listening = false;

  server = await buildHttpServer({
    generation,
    images: new ImageService(generation, blobs),
    events,
    catalog,
    isHealthy: () => listening && (!runsJobs || queue.running),
    readinessChecks: {
      database: () => pingDatabase(database),
      queue: () => queue.ping(),
      blobs: () => blobs.ping(),
    },
    metrics: () => metrics.text(),
    serveApi: servesApi,
    rateLimitPerMinute: config.rateLimitPerMinute,
    rateLimitRedis,
    webDirectory: config.webDirectory,
    logLevel: config.logLevel,
    ...(overrides.heartbeatMs !== undefined && { heartbeatMs: overrides.heartbeatMs }),
  });
  const http = server;

  return {
    server: http,
    database,
    async start() {
      if (runsJobs) {
        await queue.start(async (jobId) => {
          await runner.run(jobId);
          // A run cut short by shutdown leaves the job unfinished; failing the delivery lets the queue hand it out again.
          if (runner.aborted) throw new Error('The worker stopped before the job finished; it will run again.');
        });
      }
      const address = await http.listen({ host: config.host, port: config.port });
      listening = true;
      return address.replace('[::1]', '127.0.0.1');
    },
    async stop() {
      listening = false;
      runner.abort();
      if (runsJobs) await queue.stop(5_000);
      else await queue.stop(0);
      // Requests in flight get a moment to finish; connections still open after it (a keep-alive socket the
      // server wrongly counts as busy, a slow client) are cut rather than holding the shutdown for a minute.
      const closing = http.close();
      const timer = setTimeout(() => http.server.closeAllConnections(), HTTP_CLOSE_GRACE_MS);
      await closing;
      clearTimeout(timer);
      await bus.close();
      for (const client of redisClients) client.disconnect();
      await database.destroy();
    },
  };
}


import type { FastifyInstance } from 'fastify';
import { buildAdapters, type Adapters } from './composition/build-adapters.ts';
import { buildServices } from './composition/build-services.ts';
import { servesApi, type BrandgenOverrides, type CompositionContext } from './composition/context.ts';
import { createLifecycle } from './composition/lifecycle.ts';
import { createLogger, type Logger } from './composition/logger.ts';
import type { Config } from './config/config.ts';
import type { DatabaseConnection } from './db/database.ts';
import { buildHttpServer, type HttpServerSettings } from './http/http-server.ts';
import { systemClock } from './services/clock.ts';
import type { LibraryService } from './services/library-service.ts';
import type { RetentionSweep } from './services/retention-sweep.ts';

export { demoCatalogEntry } from './composition/build-catalog.ts';
export type { BrandgenOverrides } from './composition/context.ts';

export interface Brandgen {
  server: FastifyInstance;
  database: DatabaseConnection;
  library: LibraryService;
  retention: RetentionSweep;
  /** The process's logger; the HTTP server's request logs are its children. */
  logger: Logger;
  /** Listens on the configured host and port and (unless an API-only replica) starts the worker; resolves to the base URL. */
  start(): Promise<string>;
  stop(): Promise<void>;
}

/**
 * The composition root: configuration picks the adapters (`composition/build-adapters.ts`), the services are built
 * over them (`composition/build-services.ts`), the HTTP server over the services, and `composition/lifecycle.ts`
 * starts and stops the lot. Embedded: SQLite, local disk, an in-process queue and event bus, one process doing
 * everything. Scaled: PostgreSQL, BullMQ and Redis pub/sub, Azure Blob, and processes in the `api` or `worker` role.
 */
export async function createBrandgen(config: Config, overrides: BrandgenOverrides = {}): Promise<Brandgen> {
  const logger = createLogger({ level: config.logLevel, stream: overrides.logStream });
  const context: CompositionContext = {
    config,
    overrides,
    logger,
    clock: overrides.clock ?? systemClock,
    state: { listening: false, baseUrl: `http://${config.host}:${config.port}` },
  };
  const adapters = await buildAdapters(context);
  try {
    const services = await buildServices(adapters, context);
    if (services.brandFileNote) logger.info({ event: 'brand_file' }, services.brandFileNote);
    const server = await buildHttpServer(services, httpSettings(context, adapters));
    const { start, stop } = createLifecycle({ context, adapters, services, server });
    return { server, database: adapters.database, library: services.library, retention: services.retention, logger, start, stop };
  } catch (error) {
    // Whichever step failed, nothing the start opened stays open.
    await adapters.close();
    throw error;
  }
}

function httpSettings(context: CompositionContext, adapters: Adapters): HttpServerSettings {
  const { config, overrides, logger } = context;
  return {
    logger,
    serveApi: servesApi(config),
    rateLimitPerMinute: config.rateLimitPerMinute,
    rateLimitRedis: adapters.rateLimitRedis,
    webDirectory: config.webDirectory,
    imageOrigin: adapters.blobs.signedUrlOrigin,
    ...(overrides.heartbeatMs !== undefined && { heartbeatMs: overrides.heartbeatMs }),
  };
}

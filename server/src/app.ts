import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { BlobStore } from './blobs/blob-store.ts';
import { DiskBlobStore } from './blobs/disk-blob-store.ts';
import { loadBrandKit } from './config/brand-kit-file.ts';
import type { Config } from './config/config.ts';
import { migrateToLatest, openSqliteDatabase, type DatabaseConnection } from './db/database.ts';
import { ApiTokenRepository } from './db/api-token-repository.ts';
import { DeviceAuthorizationRepository } from './db/device-authorization-repository.ts';
import { JobRepository } from './db/job-repository.ts';
import { SessionRepository } from './db/session-repository.ts';
import type { BrandKit } from './domain/brand-kit.ts';
import type { EventBus } from './events/event-bus.ts';
import { InMemoryEventBus } from './events/in-memory-event-bus.ts';
import { buildHttpServer, type IdentityOptions } from './http/http-server.ts';
import { GraphGroupDirectory } from './identity/graph-group-directory.ts';
import { OidcIdentityProvider } from './identity/oidc-identity-provider.ts';
import { createDemoImageModel } from './providers/demo/demo-image-model.ts';
import { ImageModelCatalog, type CatalogEntry } from './providers/image-model-catalog.ts';
import { InProcessQueue } from './queue/in-process-queue.ts';
import type { JobQueue } from './queue/job-queue.ts';
import { ApiTokenService } from './services/api-token-service.ts';
import { Authenticator } from './services/authenticator.ts';
import { systemClock, type Clock } from './services/clock.ts';
import { DeviceAuthorizationService } from './services/device-authorization-service.ts';
import { MembershipService } from './services/membership-service.ts';
import { SignInService } from './services/sign-in-service.ts';
import { GenerationService } from './services/generation-service.ts';
import { ImageService } from './services/image-service.ts';
import { JobEvents } from './services/job-events.ts';
import { JobRunner } from './services/job-runner.ts';

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
  clock?: Clock;
  retryBackoffMs?: number;
  heartbeatMs?: number;
  logStream?: NodeJS.WritableStream;
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
  });

  const identity = buildIdentity(config, database, clock, (userId, reason) =>
    server?.log.warn({ event: 'access_denied', userId, reason }, 'bearer access refused'),
  );
  server = await buildHttpServer({
    identity,
    generation,
    images: new ImageService(generation, blobs),
    events,
    catalog,
    isHealthy: () => queue.running,
    rateLimitPerMinute: config.rateLimitPerMinute,
    webDirectory: config.webDirectory,
    logLevel: config.logLevel,
    ...(overrides.logStream && { logStream: overrides.logStream }),
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

function buildIdentity(
  config: Config,
  database: DatabaseConnection,
  clock: Clock,
  onDenied: (userId: string | undefined, reason: string) => void,
): IdentityOptions {
  const tokens = new ApiTokenService(new ApiTokenRepository(database), clock);
  const devices = new DeviceAuthorizationService({
    repository: new DeviceAuthorizationRepository(database),
    tokens,
    clock,
    lifetimeSeconds: config.deviceCodeSeconds,
    intervalSeconds: config.devicePollSeconds,
  });
  const common = { tokens, devices, corsOrigins: config.corsOrigins };
  const { auth } = config;
  if (auth.mode === 'none') {
    return { ...common, mode: 'none', authenticator: new Authenticator({ tokens }), signIn: undefined, publicUrl: undefined };
  }
  const provider = new OidcIdentityProvider(auth);
  const directory = new GraphGroupDirectory({
    baseUrl: auth.graphUrl,
    scope: auth.graphScope,
    applicationToken: (scope) => provider.applicationToken(scope),
  });
  const membership = new MembershipService(auth, directory);
  const signIn = new SignInService({
    provider,
    membership,
    sessions: new SessionRepository(database),
    clock,
    redirectUri: `${auth.publicUrl}/auth/callback`,
    sessionHours: auth.sessionHours,
  });
  return {
    ...common,
    mode: 'oidc',
    authenticator: new Authenticator({ tokens, provider, membership, signIn, onDenied }),
    signIn,
    publicUrl: auth.publicUrl,
  };
}

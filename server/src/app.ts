import { FigmaPluginPackage } from './services/figma-plugin-package.ts';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { createBlobStore } from './blobs/create-blob-store.ts';
import { readDataFolderBrandFile } from './config/brand-kit-file.ts';
import { ConfigError, type Config } from './config/config.ts';
import { BrandRepository } from './db/brand-repository.ts';
import { BrandService } from './services/brand-service.ts';
import { ValidationError } from './services/errors.ts';
import { migrateToLatest, openDatabase, pingDatabase, type DatabaseConnection } from './db/database.ts';
import { JobRepository } from './db/job-repository.ts';
import { ProviderKeyRepository } from './db/provider-key-repository.ts';
import { UsageRepository } from './db/usage-repository.ts';
import { loadSecretKey } from './config/secret-key.ts';
import { ProviderSettingsService } from './services/provider-settings-service.ts';
import { ProviderSettingsSync } from './services/provider-settings-sync.ts';
import { ProviderKeyRevocation } from './providers/provider-key-revocation.ts';
import { SecretBox } from './services/secret-box.ts';
import type { ProviderSettingsMap } from './providers/provider-ids.ts';
import { licences } from './domain/licences.ts';
import { LibraryRepository } from './db/library-repository.ts';
import { promptSearchFor } from './db/prompt-search.ts';
import { TemplateRepository } from './db/template-repository.ts';
import { BatchRepository } from './db/batch-repository.ts';
import { ProjectRepository } from './db/project-repository.ts';
import { LanguageModelBriefExpander, TemplateBriefExpander, type BriefExpander } from './providers/text/brief-expander.ts';
import type { BrandKit } from './domain/brand-kit.ts';
import type { Job } from './domain/job.ts';
import { measureBrandFit } from './images/brand-fit-pixels.ts';
import type { EventBus } from './events/event-bus.ts';
import { InMemoryEventBus } from './events/in-memory-event-bus.ts';
import { InMemoryOpenStreams, type OpenStreams } from './events/open-streams.ts';
import { BrandgenMetrics } from './metrics/brandgen-metrics.ts';
import { ApiTokenRepository } from './db/api-token-repository.ts';
import { DeviceAuthorizationRepository } from './db/device-authorization-repository.ts';
import { SessionRepository } from './db/session-repository.ts';
import { buildHttpServer, type IdentityOptions } from './http/http-server.ts';
import { GraphGroupDirectory } from './identity/graph-group-directory.ts';
import { OidcIdentityProvider } from './identity/oidc-identity-provider.ts';
import { createDemoImageModel } from './providers/demo/demo-image-model.ts';
import { demoProvider, demoProviderOptions } from './providers/demo/demo-options.ts';
import { catalogEntriesFor, type CatalogBuildOptions } from './providers/catalog-builder.ts';
import { fixedCatalogEntry, ImageModelCatalog, type CatalogEntry } from './providers/image-model-catalog.ts';
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
import { UsageService } from './services/usage-service.ts';
import { LibraryService } from './services/library-service.ts';
import { RetentionSweep } from './services/retention-sweep.ts';
import { TemplateService } from './services/template-service.ts';
import { BatchService } from './services/batch-service.ts';
import { ProjectService } from './services/project-service.ts';
import { WebhookRepository } from './db/webhook-repository.ts';
import { WebhookDispatcher } from './services/webhook-dispatcher.ts';
import { WebhookService } from './services/webhook-service.ts';
import { HttpWebhookSender, type WebhookSender } from './webhooks/webhook-sender.ts';
import { hostOf, resolvePublicAddresses } from './webhooks/address-policy.ts';
import type { BlobStore } from './blobs/blob-store.ts';
import { imageUrl } from './http/job-presenter.ts';
import { fileNameOf } from './services/image-service.ts';
import { imageBlobKey } from './services/job-runner.ts';
import { StreamAdmission } from './services/stream-admission.ts';
import { withinTime } from './timing/within-time.ts';

export interface Brandgen {
  server: FastifyInstance;
  database: DatabaseConnection;
  library: LibraryService;
  retention: RetentionSweep;
  /** Listens on the configured host and port and (unless an API-only replica) starts the worker; resolves to the base URL. */
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
  logStream?: NodeJS.WritableStream;
  /** How often the retention sweep runs; 0 runs it only when called. */
  retentionSweepIntervalMs?: number;
  /** Waits between webhook attempts, shorter than the specification's hours so tests and benchmarks run fast. */
  webhookRetryDelaysMs?: readonly number[];
  webhookSender?: WebhookSender;
}

const HOUR_MS = 60 * 60 * 1000;

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
  return { ...entry, providerOptions: demoProviderOptions };
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

const HTTP_CLOSE_GRACE_MS = 2_000;

/** A scrape waits this long for the queue's depth (Redis may be away), then leaves it out. */
const QUEUE_DEPTH_WAIT_MS = 1_000;

/** How often an SSE stream re-reads the database when events travel over Redis, which may drop some in a restart. */
const EVENT_CATCH_UP_MS = 2_000;

/** "Expand brief" uses the configured language model, or the labelled template expansion without one. */
async function briefExpander(config: Config): Promise<BriefExpander> {
  const llm = config.languageModel;
  if (!llm) return new TemplateBriefExpander();
  // Imported only when a language model is configured, like the scaled adapters.
  const { createLanguageModel } = await import('./providers/text/text-providers.ts');
  // OpenAI, Google and Anthropic models all take images; a compatible server may run a text-only model.
  return new LanguageModelBriefExpander(await createLanguageModel(llm), `the language model ${llm.model}`, {
    looksAtImages: llm.provider !== 'openai-compatible',
  });
}

/**
 * The one place where configuration picks the adapters and everything is wired together.
 * Embedded: SQLite, local disk, an in-process queue and event bus, one process doing everything.
 * Scaled: PostgreSQL (`DATABASE_URL`), BullMQ and Redis pub/sub (`REDIS_URL`), Azure Blob, and processes
 * in the `api` or `worker` role (`BRANDGEN_ROLE`).
 */
export async function createBrandgen(config: Config, overrides: BrandgenOverrides = {}): Promise<Brandgen> {
  const clock = overrides.clock ?? systemClock;
  const database = openDatabase(config.database);
  await migrateToLatest(database);
  const brands = new BrandService({ brands: new BrandRepository(database), clock });
  let brandFileNote: string | undefined;
  let brand: BrandKit;
  try {
    brandFileNote = await adoptDataFolderBrandFile(brands, config.dataDirectory);
    // The default brand as the process starts: the demo model's palette and name (jobs compose from their own version).
    brand = await brands.defaultKit();
  } catch (error) {
    await database.destroy();
    throw error;
  }
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
  const secretBox = new SecretBox(loadSecretKey(config.dataDirectory, config.secretKey));
  // Calls still under way with a key an administrator replaced or removed are stopped when the catalog is rebuilt.
  const revocation = new ProviderKeyRevocation();
  const modelsFor = (providers: ProviderSettingsMap) =>
    configuredModels(brand, config, providers, { ...overrides.providerPolicy, revoked: revocation.signalsFor(providers) });
  const settingsSync = new ProviderSettingsSync({
    read: () => providerSettings.effectiveProviders(),
    apply: (providers) => {
      if (!overrides.models) catalog.replace(modelsFor(providers));
    },
    bus,
    intervalMs: config.settingsRefreshMs,
    onError: (error, message) => log.warn({ err: error }, message),
  });
  const providerSettings: ProviderSettingsService = new ProviderSettingsService({
    repository: new ProviderKeyRepository(database),
    box: secretBox,
    clock,
    fromEnvironment: config.providers,
    defaults: config.providerDefaults,
    onChange: () => settingsSync.changedHere(),
  });
  let initialModels: CatalogEntry[];
  try {
    if (overrides.models) initialModels = overrides.models(brand, config);
    else {
      const providers = await providerSettings.effectiveProviders();
      settingsSync.startedWith(providers);
      initialModels = modelsFor(providers);
    }
  } catch (error) {
    // A start that fails here (an unreadable saved key, a broken workflow file) leaves no database handle open.
    await database.destroy();
    throw error;
  }
  const catalog = new ImageModelCatalog(initialModels);
  const usage = new UsageRepository(database);
  const events = new JobEvents(repository, bus, clock, {
    ...(config.redis && { catchUpMs: EVENT_CATCH_UP_MS }),
    onPublishError: (error) => log.warn({ err: error }, 'a job event was stored but not broadcast'),
  });
  const libraryRepository = new LibraryRepository(database, promptSearchFor(config.database));
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
    onImageDeleted: (image) => library.forgetImage(image),
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
    {
      jobsByStatus: () => repository.countByStatus(),
      queueDepth: () => withinTime(queue.depth(), QUEUE_DEPTH_WAIT_MS, 'The queue did not report its depth in time.'),
      availableModels: () => catalog.list().map((entry) => entry.id),
    },
    { role: config.role },
  );
  let ownBaseUrl = `http://${config.host}:${config.port}`;
  const webhookRepository = new WebhookRepository(database);
  const webhookSender = overrides.webhookSender ?? new HttpWebhookSender({ allowPrivate: config.webhookAllowPrivate });
  // Deliveries are sent by processes that run jobs; an API-only replica writes to the outbox and leaves sending to them.
  const dispatcher = runsJobs
    ? new WebhookDispatcher({
        repository: webhookRepository,
        sender: webhookSender,
        secretOf: (delivery) => secretBox.open(delivery.sealedSecret, webhookSecretContext(delivery.endpointId)),
        imageLink: webhookImageLink(blobs, () => config.publicUrl ?? ownBaseUrl),
        clock,
        ...(overrides.webhookRetryDelaysMs && { retryDelaysMs: overrides.webhookRetryDelaysMs }),
        onError: (error) => log.error({ err: error }, 'webhook delivery failed'),
      })
    : undefined;
  // The palette a job's images are scored against: its brand version's, which the job carries; jobs from before brands
  // carry none and are scored against the default brand.
  const paletteFor = (job: Job): readonly string[] => job.settings.brandLook?.palette ?? brand.palette;
  const runner = new JobRunner({
    repository,
    blobs,
    catalog,
    events,
    clock,
    maxRuns: config.maxJobRuns,
    ...(overrides.retryBackoffMs !== undefined && { backoffMs: overrides.retryBackoffMs }),
    onSlotError: (jobId, slot, attempt, error) => log.warn({ jobId, slot, attempt, err: error }, 'image generation attempt failed'),
    onModelCall: metrics.recordModelCall,
    onImageStored: (job, slot, bytes) => library.addJobImage(job, slot, bytes),
    scoreBrandFit: (job, bytes) => measureBrandFit(bytes, paletteFor(job)),
    ...(dispatcher && { onFinished: dispatcher.wake }),
  });
  const generation = new GenerationService({
    repository,
    queue,
    catalog,
    brands,
    clock,
    maxQueue: config.maxQueue,
    usage,
    monthlyBudgetUsd: config.monthlyBudgetUsd,
  });
  let rateLimitRedis: { client: Redis; keyPrefix: string } | undefined;
  if (config.redis && servesApi) {
    // Rate-limit counters must not wait out a Redis outage: a request is better served than held.
    const { connectRedis } = await import('./redis/redis-connection.ts');
    // Counters of requests arriving together travel in one write (auto-pipelining).
    const client = connectRedis(config.redis.url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, enableAutoPipelining: true });
    redisClients.push(client);
    rateLimitRedis = { client, keyPrefix: `${config.redis.prefix}:rate-limit:` };
  }
  // Counted in Redis when there is one, so the limit holds across API processes.
  const openStreams: OpenStreams =
    config.redis && rateLimitRedis
      ? new (await import('./events/redis-open-streams.ts')).RedisOpenStreams({
          client: rateLimitRedis.client,
          prefix: config.redis.prefix,
        })
      : new InMemoryOpenStreams();
  let listening = false;

  const identity = buildIdentity(config, database, clock, (userId, reason) =>
    server?.log.warn({ event: 'access_denied', userId, reason }, 'bearer access refused'),
  );
  const templates = new TemplateService({ templates: new TemplateRepository(database), catalog, clock });
  server = await buildHttpServer({
    identity,
    generation,
    images: new ImageService(generation, blobs),
    events,
    streams: new StreamAdmission({ streams: openStreams, maxPerUser: config.maxStreamsPerUser }),
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
    projects: new ProjectService({
      projects: new ProjectRepository(database),
      expander: await briefExpander(config),
      generation,
      blobs,
      clock,
    }),
    webhooks: new WebhookService({
      repository: webhookRepository,
      clock,
      seal: (secret, endpointId) => secretBox.seal(secret, webhookSecretContext(endpointId)),
      checkAddress: async (url) => void (await resolvePublicAddresses(hostOf(url), config.webhookAllowPrivate)),
      ...(dispatcher && { onQueued: dispatcher.wake }),
    }),
    catalog,
    isHealthy: () => listening && (!runsJobs || queue.running),
    readinessChecks: {
      database: () => pingDatabase(database),
      queue: () => queue.ping(),
      blobs: () => blobs.ping(),
    },
    metrics: () => metrics.text(),
    serveApi: servesApi,
    brandKit: () => brands.defaultKit(),
    brands,
    usage: new UsageService({ usage, clock, monthlyBudgetUsd: config.monthlyBudgetUsd }),
    providerSettings,
    rateLimitPerMinute: config.rateLimitPerMinute,
    rateLimitRedis,
    webDirectory: config.webDirectory,
    imageOrigin: blobs.signedUrlOrigin,
    figmaPlugin: config.figmaPluginDirectory ? new FigmaPluginPackage({ directory: config.figmaPluginDirectory }) : undefined,
    logLevel: config.logLevel,
    ...(overrides.logStream && { logStream: overrides.logStream }),
    ...(overrides.heartbeatMs !== undefined && { heartbeatMs: overrides.heartbeatMs }),
  });
  const http = server;
  if (brandFileNote) http.log.info({ event: 'brand_file' }, brandFileNote);

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
      // Before the first job: a key changed while this process was starting must not be used.
      await settingsSync.start();
      if (runsJobs) {
        await library.fileMissingImages();
        await queue.start(async (jobId) => {
          await runner.run(jobId);
          // A run cut short by shutdown leaves the job unfinished; failing the delivery lets the queue hand it out again.
          if (runner.aborted) throw new Error('The worker stopped before the job finished; it will run again.');
        });
        if (config.retentionDays > 0 && sweepIntervalMs > 0) {
          void sweep();
          // Fire and forget: sweep() logs its own failure, and the next tick tries again.
          sweepTimer = setInterval(() => void sweep(), sweepIntervalMs);
          sweepTimer.unref();
        }
      }
      const address = await http.listen({ host: config.host, port: config.port });
      listening = true;
      ownBaseUrl = address.replace('[::1]', '127.0.0.1');
      dispatcher?.start();
      return ownBaseUrl;
    },
    async stop() {
      listening = false;
      settingsSync.stop();
      clearInterval(sweepTimer);
      stopSweeping.abort();
      await retention.settled();
      runner.abort();
      if (runsJobs) await queue.stop(5_000);
      else await queue.stop(0);
      // Requests in flight get a moment to finish; connections still open after it (a keep-alive socket the
      // server wrongly counts as busy, a slow client) are cut rather than holding the shutdown for a minute.
      const closing = http.close();
      const timer = setTimeout(() => http.server.closeAllConnections(), HTTP_CLOSE_GRACE_MS);
      await closing;
      clearTimeout(timer);
      await dispatcher?.stop();
      await webhookSender.close();
      await openStreams.close();
      await bus.close();
      for (const client of redisClients) client.disconnect();
      await database.destroy();
    },
  };
}

/**
 * Imports `brand.json` from the data folder once, as a version of the default brand; afterwards the file is no longer
 * read. Answers what the log should say about the file, if there is one.
 */
async function adoptDataFolderBrandFile(brands: BrandService, dataDirectory: string): Promise<string | undefined> {
  const found = readDataFolderBrandFile(dataDirectory);
  if (!found) return undefined;
  try {
    const imported = await brands.adoptDataFolderFile(found.fields, found.file);
    return imported
      ? `${found.file} was imported as a new version of the default brand; it is no longer read. Edit brands in the app or with /api/brands.`
      : `${found.file} is no longer read: it was imported into the default brand earlier. Edit brands in the app or with /api/brands.`;
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    const problems = error.fields.map((field) => `  - ${field.field}: ${field.message}`);
    throw new ConfigError(`The brand kit in ${found.file} is invalid:\n${problems.join('\n')}`);
  }
}

function webhookSecretContext(endpointId: string): string {
  return `webhook:${endpointId}`;
}

/** Links in webhook payloads: a signed storage link where the blob store gives one, else the API's own address. */
function webhookImageLink(blobs: BlobStore, baseUrl: () => string) {
  return async (jobId: string, n: number): Promise<string> =>
    (await blobs.signedUrl?.(imageBlobKey(jobId, n), { downloadName: fileNameOf(jobId, n) })) ?? `${baseUrl()}${imageUrl(jobId, n)}`;
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
  const common = { tokens, devices, corsOrigins: config.corsOrigins, allowedHosts: config.allowedHosts, metricsToken: config.metricsToken };
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

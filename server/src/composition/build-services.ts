import { BatchRepository } from '../db/batch-repository.ts';
import { BrandRepository } from '../db/brand-repository.ts';
import { BrandReviewRepository } from '../db/brand-review-repository.ts';
import { TrainingRepository } from '../db/training-repository.ts';
import { LoraRepository } from '../db/lora-repository.ts';
import { comfyuiLoraFiles } from '../providers/comfyui/comfyui-lora-files.ts';
import { LoraDeliveryService } from '../services/lora-delivery-service.ts';
import { LoraLinks } from '../services/lora-links.ts';
import { BrandFileService } from '../services/brand-file-service.ts';
import { LoraTrialService } from '../services/lora-trial-service.ts';
import { LoraService } from '../services/lora-service.ts';
import { buildTraining } from './build-training.ts';
import type { TrainingRunner } from '../services/training-runner.ts';
import { pingDatabase } from '../db/database.ts';
import { LibraryRepository } from '../db/library-repository.ts';
import { ProjectRepository } from '../db/project-repository.ts';
import { promptSearchFor } from '../db/prompt-search.ts';
import { TemplateRepository } from '../db/template-repository.ts';
import { UsageRepository } from '../db/usage-repository.ts';
import type { BrandKit } from '../domain/brand-kit.ts';
import type { Job } from '../domain/job.ts';
import type { HttpServices, Probes } from '../http/http-services.ts';
import { measureBrandFit } from '../images/brand-fit-pixels.ts';
import { BrandgenMetrics } from '../metrics/brandgen-metrics.ts';
import type { ImageModelCatalog } from '../providers/image-model-catalog.ts';
import { BatchEvents } from '../services/batch-events.ts';
import { BatchService } from '../services/batch-service.ts';
import { BrandReviewService } from '../services/brand-review-service.ts';
import { BrandService } from '../services/brand-service.ts';
import { FigmaPluginPackage } from '../services/figma-plugin-package.ts';
import { GenerationService } from '../services/generation-service.ts';
import { ImageService } from '../services/image-service.ts';
import { JobEvents } from '../services/job-events.ts';
import { JobRunner, type ImageFiling } from '../services/job-runner.ts';
import { LibraryService } from '../services/library-service.ts';
import { ProjectEvents } from '../services/project-events.ts';
import { ProjectService } from '../services/project-service.ts';
import type { ProviderSettingsSync } from '../services/provider-settings-sync.ts';
import { RetentionSweep } from '../services/retention-sweep.ts';
import { StreamAdmission } from '../services/stream-admission.ts';
import { TemplateService } from '../services/template-service.ts';
import { UsageService } from '../services/usage-service.ts';
import type { WebhookDispatcher } from '../services/webhook-dispatcher.ts';
import { withinTime } from '../timing/within-time.ts';
import type { Adapters } from './build-adapters.ts';
import { buildCatalog } from './build-catalog.ts';
import { buildIdentity } from './build-identity.ts';
import { buildWebhooks } from './build-webhooks.ts';
import { adoptDataFolderBrandFile } from './brand-file.ts';
import { brandReviewerFor } from './brand-reviewer.ts';
import { briefExpanderFor } from './brief-expander.ts';
import { runsJobs, type CompositionContext } from './context.ts';

/** Every service of one process: what the routes call, and what the lifecycle starts and stops. */
export interface Services extends HttpServices {
  runner: JobRunner;
  trainingRunner: TrainingRunner;
  retention: RetentionSweep;
  settingsSync: ProviderSettingsSync;
  /** Sends webhook deliveries; only in processes that run jobs. */
  dispatcher: WebhookDispatcher | undefined;
  /** What the log should say about `brand.json` in the data folder, if there is one. */
  brandFileNote: string | undefined;
}

/** A scrape waits this long for the queue's depth (Redis may be away), then leaves it out. */
const QUEUE_DEPTH_WAIT_MS = 1_000;

/** How often an SSE stream re-reads the database when events travel over Redis, which may drop some in a restart. */
const EVENT_CATCH_UP_MS = 2_000;

/** The services over the adapters. Opens nothing: a failure here leaves the closing to the adapters' clean-up list. */
export async function buildServices(adapters: Adapters, context: CompositionContext): Promise<Services> {
  const { config, clock } = context;
  const { database, blobs } = adapters;
  const loraRepository = new LoraRepository({ database });
  const trainingRepository = new TrainingRepository({ database });
  const brands = new BrandService({
    brands: new BrandRepository({ database }),
    clock,
    loraIds: async (brandId) => new Set((await loraRepository.list(brandId)).map((lora) => lora.id)),
  });
  const loraLinks = new LoraLinks({ secretKey: adapters.secretKey, publicUrl: config.publicUrl, clock });
  const brandFileNote = await adoptDataFolderBrandFile(brands, config.dataDirectory);
  // The default brand as the process starts: the demo model's palette and name (jobs compose from their own version).
  const brand = await brands.defaultKit();
  const { catalog, providerSettings, settingsSync, currentProviders } = await buildCatalog(adapters, context, brand);
  const { webhooks, dispatcher } = buildWebhooks(adapters, context);
  const loraDelivery = new LoraDeliveryService({ loras: loraRepository, blobs, links: loraLinks });
  const jobServices = buildJobServices(adapters, context, { catalog, brands, brand, dispatcher, loraDelivery });
  const { generation, events, library } = jobServices;
  const templates = new TemplateService({ templates: new TemplateRepository({ database }), catalog, clock });
  const batches = new BatchService({
    batches: new BatchRepository({ database }),
    jobs: adapters.jobs,
    generation,
    templates,
    library,
    events,
    clock,
    maxQueue: config.maxQueue,
  });
  const loras = new LoraService({
    loras: loraRepository,
    brands,
    blobs,
    links: loraLinks,
    clock,
    maxUploadBytes: config.maxLoraMegabytes * 1024 * 1024,
    ...(config.comfyui && { installedOnComfyui: comfyuiLoraFiles({ baseUrl: config.comfyui.baseUrl }) }),
    trainingsOf: (brandId) => trainingRepository.listForBrand(brandId),
  });
  return {
    ...jobServices,
    images: new ImageService({ generation, blobs }),
    streams: new StreamAdmission({ streams: adapters.openStreams, maxPerUser: config.maxStreamsPerUser }),
    templates,
    batches,
    projects: new ProjectService({
      projects: new ProjectRepository({ database }),
      expander: await briefExpanderFor(config),
      generation,
      batches,
      blobs,
      clock,
    }),
    webhooks,
    catalog,
    brands,
    loras,
    loraTrials: new LoraTrialService({ loras, generation, catalog }),
    brandFiles: new BrandFileService({ brands, loras, clock }),
    brandReviews: new BrandReviewService({
      library: new LibraryRepository({ database, search: promptSearchFor(config.database) }),
      reviews: new BrandReviewRepository({ database }),
      brands,
      blobs,
      clock,
      ...(await brandReviewerFor(config)),
    }),
    ...buildTraining(adapters, context, { brands, dispatcher, currentProviders }),
    providerSettings,
    figmaPlugin: config.figmaPluginDirectory ? new FigmaPluginPackage({ directory: config.figmaPluginDirectory }) : undefined,
    identity: await buildIdentity(adapters, context),
    settingsSync,
    dispatcher,
    brandFileNote,
  };
}

type JobServices = Pick<
  Services,
  'generation' | 'events' | 'projectEvents' | 'batchEvents' | 'library' | 'retention' | 'runner' | 'usage' | 'probes'
>;

/** A job's way from the request to the library: accepting it, running it, its events, and what is filed afterwards. */
function buildJobServices(
  adapters: Adapters,
  context: CompositionContext,
  shared: {
    catalog: ImageModelCatalog;
    brands: BrandService;
    brand: BrandKit;
    dispatcher: WebhookDispatcher | undefined;
    loraDelivery: LoraDeliveryService;
  },
): JobServices {
  const { config, overrides, logger, clock } = context;
  const { database, blobs, jobs: repository, queue } = adapters;
  const { catalog, dispatcher } = shared;
  const events = new JobEvents({
    repository,
    bus: adapters.bus,
    clock,
    ...(config.redis && { catchUpMs: EVENT_CATCH_UP_MS }),
    onPublishError: (error) => logger.warn({ err: error }, 'a job event was stored but not broadcast'),
  });
  const projectEvents = new ProjectEvents({
    events,
    jobs: repository,
    bus: adapters.bus,
    ...(config.redis && { catchUpMs: EVENT_CATCH_UP_MS }),
    onPublishError: (error) => logger.warn({ err: error }, 'a project job was stored but not announced'),
  });
  const batchEvents = new BatchEvents({ events, jobs: repository });
  const { library, retention } = buildLibrary(adapters, context);
  const metrics = new BrandgenMetrics({
    sources: {
      jobsByStatus: () => repository.countByStatus(),
      queueDepth: () => withinTime(queue.depth(), QUEUE_DEPTH_WAIT_MS, 'The queue did not report its depth in time.'),
      availableModels: () => catalog.list().map((entry) => entry.id),
    },
    role: config.role,
  });
  // The palette a job's images are scored against: its brand version's, which the job carries; jobs from before brands
  // carry none and are scored against the default brand.
  const paletteFor = (job: Job): readonly string[] => job.settings.brandLook?.palette ?? shared.brand.palette;
  const runner = new JobRunner({
    repository,
    blobs,
    catalog,
    events,
    clock,
    maxRuns: config.maxJobRuns,
    ...(overrides.retryBackoffMs !== undefined && { backoffMs: overrides.retryBackoffMs }),
    onSlotError: (jobId, slot, attempt, error) => logger.warn({ jobId, slot, attempt, err: error }, 'image generation attempt failed'),
    onModelCall: metrics.recordModelCall,
    filing: libraryFiling(library),
    scoreBrandFit: (job, bytes) => measureBrandFit(bytes, paletteFor(job)),
    deliverLora: (lora, provider) => shared.loraDelivery.deliver(lora, provider),
    ...(dispatcher && { onFiled: dispatcher.wake }),
  });
  const usage = new UsageRepository({ database });
  const generation = new GenerationService({
    repository,
    queue,
    catalog,
    brands: shared.brands,
    clock,
    maxQueue: config.maxQueue,
    usage,
    monthlyBudgetUsd: config.monthlyBudgetUsd,
    announce: (jobs) => projectEvents.announce(jobs),
  });
  return {
    generation,
    events,
    projectEvents,
    batchEvents,
    library,
    retention,
    runner,
    usage: new UsageService({ usage, clock, monthlyBudgetUsd: config.monthlyBudgetUsd }),
    probes: probesOf(adapters, context, metrics),
  };
}

/** How the job runner files each stored image in the library: its thumbnail first, beside the image's own write. */
function libraryFiling(library: LibraryService): ImageFiling {
  return { file: (job, slot, bytes) => library.addJobImage(job, slot, bytes) };
}

function buildLibrary(adapters: Adapters, context: CompositionContext): { library: LibraryService; retention: RetentionSweep } {
  const { config, clock } = context;
  const { blobs } = adapters;
  const libraryRepository = new LibraryRepository({ database: adapters.database, search: promptSearchFor(config.database) });
  const library = new LibraryService({
    library: libraryRepository,
    jobs: adapters.jobs,
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
  return { library, retention };
}

function probesOf(adapters: Adapters, context: CompositionContext, metrics: BrandgenMetrics): Probes {
  const { database, queue, blobs } = adapters;
  const { config, state } = context;
  return {
    isHealthy: () => state.listening && (!runsJobs(config) || queue.running),
    readinessChecks: {
      database: () => pingDatabase(database),
      queue: () => queue.ping(),
      blobs: () => blobs.ping(),
    },
    metrics: () => metrics.text(),
  };
}

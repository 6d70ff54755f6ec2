import type { ImageModelCatalog } from '../providers/image-model-catalog.ts';
import type { ApiTokenService } from '../services/api-token-service.ts';
import type { Authenticator } from '../services/authenticator.ts';
import type { BatchEvents } from '../services/batch-events.ts';
import type { BatchService } from '../services/batch-service.ts';
import type { BrandReviewService } from '../services/brand-review-service.ts';
import type { BrandService } from '../services/brand-service.ts';
import type { DeviceAuthorizationService } from '../services/device-authorization-service.ts';
import type { FigmaPluginPackage } from '../services/figma-plugin-package.ts';
import type { GenerationService } from '../services/generation-service.ts';
import type { ImageService } from '../services/image-service.ts';
import type { JobEvents } from '../services/job-events.ts';
import type { LibraryService } from '../services/library-service.ts';
import type { BrandFileService } from '../services/brand-file-service.ts';
import type { LoraTrialService } from '../services/lora-trial-service.ts';
import type { LoraService } from '../services/lora-service.ts';
import type { ProjectEvents } from '../services/project-events.ts';
import type { ProjectService } from '../services/project-service.ts';
import type { ProviderSettingsService } from '../services/provider-settings-service.ts';
import type { SignInService } from '../services/sign-in-service.ts';
import type { StreamAdmission } from '../services/stream-admission.ts';
import type { TrainingSetService } from '../services/training-set-service.ts';
import type { TrainingService } from '../services/training-service.ts';
import type { TemplateService } from '../services/template-service.ts';
import type { UsageService } from '../services/usage-service.ts';
import type { WebhookService } from '../services/webhook-service.ts';

/** Everything the routes call: one record, built once by the composition (server/src/composition/). */
export interface HttpServices {
  generation: GenerationService;
  images: ImageService;
  events: JobEvents;
  /** Every job of a project as one event stream. */
  projectEvents: ProjectEvents;
  batchEvents: BatchEvents;
  /** The per-user limit of open event streams. */
  streams: StreamAdmission;
  library: LibraryService;
  templates: TemplateService;
  batches: BatchService;
  projects: ProjectService;
  webhooks: WebhookService;
  catalog: ImageModelCatalog;
  brands: BrandService;
  loras: LoraService;
  brandFiles: BrandFileService;
  loraTrials: LoraTrialService;
  /** "Review against the brief" with a vision language model. */
  brandReviews: BrandReviewService;
  trainingSets: TrainingSetService;
  trainings: TrainingService;
  usage: UsageService;
  providerSettings: ProviderSettingsService;
  figmaPlugin: FigmaPluginPackage | undefined;
  identity: IdentityOptions;
  probes: Probes;
}

/** Health, readiness and metrics: what orchestrators and Prometheus ask every process, workers included. */
export interface Probes {
  isHealthy: () => boolean;
  readinessChecks: Record<string, () => Promise<void>>;
  metrics: () => Promise<{ contentType: string; body: string }>;
}

export interface IdentityOptions {
  mode: 'none' | 'oidc';
  authenticator: Authenticator;
  tokens: ApiTokenService;
  devices: DeviceAuthorizationService;
  signIn: SignInService | undefined;
  publicUrl: string | undefined;
  corsOrigins: string[];
  /** Host names answered besides loopback (`none`) or the public URL's host (`oidc`). */
  allowedHosts: string[];
  /** The bearer token that opens `/metrics`. */
  metricsToken: string | undefined;
}

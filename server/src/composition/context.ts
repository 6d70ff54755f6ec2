import type { Config } from '../config/config.ts';
import type { BrandKit } from '../domain/brand-kit.ts';
import type { CatalogBuildOptions } from '../providers/catalog-builder.ts';
import type { CatalogEntry } from '../providers/image-model-catalog.ts';
import type { Clock } from '../services/clock.ts';
import type { WebhookSender } from '../webhooks/webhook-sender.ts';
import type { Logger } from './logger.ts';

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
  /** How long each step of the demo trainer takes; tests shorten or lengthen it. */
  demoTrainingStepMs?: number;
  /** How often a hosted training (Replicate) is polled; ten seconds otherwise. */
  trainingPollIntervalMs?: number;
}

/** Whether the HTTP server listens, and where: set by the lifecycle, read by health checks and webhook links. */
export interface ServerState {
  listening: boolean;
  baseUrl: string;
}

/** What every composition step reads: the configuration, the test seams, and what exists before any adapter. */
export interface CompositionContext {
  config: Config;
  overrides: BrandgenOverrides;
  logger: Logger;
  clock: Clock;
  state: ServerState;
}

/** An API-only replica runs no jobs. */
export function runsJobs(config: Config): boolean {
  return config.role !== 'api';
}

/** A worker answers health, readiness and metrics only. */
export function servesApi(config: Config): boolean {
  return config.role !== 'worker';
}

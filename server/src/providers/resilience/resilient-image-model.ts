import type { ImageModelV4 } from '@ai-sdk/provider';
import { APICallError } from '@ai-sdk/provider';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ConcurrencyLimit } from './concurrency-limit.ts';
import { describeProviderFailure, isRetryableStatus, ProviderError, retryAfterMs } from './provider-error.ts';
import type { ProviderHealth } from './provider-health.ts';

/** The failure policy shared by every model of one provider. */
export interface ProviderPolicy {
  providerLabel: string;
  timeoutMs: number;
  limit: ConcurrencyLimit;
  health: ProviderHealth;
  /** Configured keys, removed from every message. */
  secrets: readonly string[];
  /** Further attempts after a 408, 429 or 5xx. */
  retries?: number;
  /** The first retry waits this long, doubling each time, unless the provider says `Retry-After`. */
  backoffMs?: number;
  maxBackoffMs?: number;
}

/**
 * Wraps an AI SDK image model with the provider's failure policy: a timeout per attempt, retries with exponential
 * backoff on 408/429/5xx that honour Retry-After, a concurrency limit, fast failure while the provider is down,
 * and readable messages. The AI SDK's own `maxRetries` does not honour per-provider limits or health, so Brandgen
 * calls models with `maxRetries: 0` and retries here.
 */
export function withProviderPolicy(model: ImageModelV4, policy: ProviderPolicy): ImageModelV4 {
  const { providerLabel, timeoutMs, limit, health, secrets, retries = 3, backoffMs = 1_000, maxBackoffMs = 30_000 } = policy;
  return {
    specificationVersion: 'v4',
    provider: model.provider,
    modelId: model.modelId,
    maxImagesPerCall: model.maxImagesPerCall,
    async doGenerate(options) {
      if (health.waitMs > 0) {
        throw new ProviderError(
          `${providerLabel} is not answering, so Brandgen is not sending it work for the next ${Math.ceil(health.waitMs / 1000)} s. ` +
            'Models from other providers keep working.',
          false,
        );
      }
      return limit.run(async () => {
        for (let attempt = 0; ; attempt += 1) {
          // A timer rather than AbortSignal.timeout, so the attempt's signal never fires after the attempt is over.
          const timeout = new AbortController();
          const timer = setTimeout(() => timeout.abort(new Error(`${providerLabel} did not answer in time.`)), timeoutMs);
          const signal = options.abortSignal ? AbortSignal.any([options.abortSignal, timeout.signal]) : timeout.signal;
          try {
            const result = await model.doGenerate({ ...options, abortSignal: signal });
            health.recordSuccess();
            return result;
          } catch (error) {
            if (options.abortSignal?.aborted) throw error;
            const status = APICallError.isInstance(error) ? error.statusCode : undefined;
            if (attempt < retries && isRetryableStatus(status)) {
              const headers = APICallError.isInstance(error) ? error.responseHeaders : undefined;
              const wait = retryAfterMs(headers) ?? Math.min(maxBackoffMs, backoffMs * 2 ** attempt);
              await sleep(Math.min(wait, maxBackoffMs * 4), undefined, options.abortSignal ? { signal: options.abortSignal } : {});
              continue;
            }
            const failure = describeProviderFailure(error, providerLabel, secrets, timeout.signal.aborted);
            if (failure.unreachable) health.recordUnreachable();
            throw failure;
          } finally {
            clearTimeout(timer);
          }
        }
      }, options.abortSignal);
    },
  };
}

/** One policy-wrapped model per provider model id, created on first use and shared by every job after. */
export function modelsUnderPolicy(create: (modelId: string) => ImageModelV4, policy: ProviderPolicy): (modelId: string) => ImageModelV4 {
  const models = new Map<string, ImageModelV4>();
  return (modelId) => {
    let model = models.get(modelId);
    if (!model) models.set(modelId, (model = withProviderPolicy(create(modelId), policy)));
    return model;
  };
}

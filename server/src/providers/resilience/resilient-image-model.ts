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
  /**
   * Fires when an administrator replaces or removes the provider's key: calls under way stop at once and no further
   * call goes out with it. Its reason is the error those calls fail with.
   */
  revoked?: AbortSignal;
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
  const { providerLabel, timeoutMs, limit, health, secrets, revoked, retries = 3, backoffMs = 1_000, maxBackoffMs = 30_000 } = policy;
  return {
    specificationVersion: 'v4',
    provider: model.provider,
    modelId: model.modelId,
    maxImagesPerCall: model.maxImagesPerCall,
    async doGenerate(options) {
      revoked?.throwIfAborted();
      // Waiting for a turn or a backoff ends with the job's own signal or with the key's withdrawal.
      const stopped = anySignal([options.abortSignal, revoked]);
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
          const signal = anySignal([options.abortSignal, revoked, timeout.signal])!;
          try {
            const result = await model.doGenerate({ ...options, abortSignal: signal });
            health.recordSuccess();
            return result;
          } catch (error) {
            if (options.abortSignal?.aborted) throw error;
            revoked?.throwIfAborted();
            const status = APICallError.isInstance(error) ? error.statusCode : undefined;
            if (attempt < retries && isRetryableStatus(status)) {
              const headers = APICallError.isInstance(error) ? error.responseHeaders : undefined;
              const wait = retryAfterMs(headers) ?? Math.min(maxBackoffMs, backoffMs * 2 ** attempt);
              await sleep(Math.min(wait, maxBackoffMs * 4), undefined, stopped ? { signal: stopped } : {}).catch((stop: unknown) => {
                revoked?.throwIfAborted();
                throw stop;
              });
              continue;
            }
            const failure = describeProviderFailure(error, providerLabel, secrets, timeout.signal.aborted);
            if (failure.unreachable) health.recordUnreachable();
            throw failure;
          } finally {
            clearTimeout(timer);
          }
        }
      }, stopped);
    },
  };
}

/** One signal for the given ones, or undefined when none is given. */
function anySignal(signals: Array<AbortSignal | undefined>): AbortSignal | undefined {
  const given = signals.filter((signal) => signal !== undefined);
  return given.length <= 1 ? given[0] : AbortSignal.any(given);
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

import type { BlobStore } from '../blobs/blob-store.ts';
import { WebhookRepository } from '../db/webhook-repository.ts';
import { imageUrl } from '../http/jobs/job-presenter.ts';
import { fileNameOf } from '../services/image-service.ts';
import { imageBlobKey } from '../services/job-runner.ts';
import { WebhookDispatcher } from '../services/webhook-dispatcher.ts';
import { WebhookService } from '../services/webhook-service.ts';
import { hostOf, resolvePublicAddresses } from '../webhooks/address-policy.ts';
import type { Adapters } from './build-adapters.ts';
import { runsJobs, type CompositionContext } from './context.ts';

export interface WebhookServices {
  webhooks: WebhookService;
  /** Only in processes that run jobs; an API-only replica writes to the outbox and leaves sending to them. */
  dispatcher: WebhookDispatcher | undefined;
}

export function buildWebhooks(adapters: Adapters, context: CompositionContext): WebhookServices {
  const { config, overrides, logger, clock, state } = context;
  const { secretBox } = adapters;
  const repository = new WebhookRepository({ database: adapters.database });
  const dispatcher = runsJobs(config)
    ? new WebhookDispatcher({
        repository,
        sender: adapters.webhookSender,
        secretOf: (delivery) => secretBox.open(delivery.sealedSecret, webhookSecretContext(delivery.endpointId)),
        imageLink: webhookImageLink(adapters.blobs, () => config.publicUrl ?? state.baseUrl),
        clock,
        ...(overrides.webhookRetryDelaysMs && { retryDelaysMs: overrides.webhookRetryDelaysMs }),
        onError: (error) => logger.error({ err: error }, 'webhook delivery failed'),
      })
    : undefined;
  const webhooks = new WebhookService({
    repository,
    clock,
    seal: (secret, endpointId) => secretBox.seal(secret, webhookSecretContext(endpointId)),
    checkAddress: async (url) => void (await resolvePublicAddresses(hostOf(url), config.webhookAllowPrivate)),
    ...(dispatcher && { onQueued: dispatcher.wake }),
  });
  return { webhooks, dispatcher };
}

function webhookSecretContext(endpointId: string): string {
  return `webhook:${endpointId}`;
}

/** Links in webhook payloads: a signed storage link where the blob store gives one, else the API's own address. */
function webhookImageLink(blobs: BlobStore, baseUrl: () => string) {
  return async (jobId: string, n: number): Promise<string> =>
    (await blobs.signedUrl?.(imageBlobKey(jobId, n), { downloadName: fileNameOf(jobId, n) })) ?? `${baseUrl()}${imageUrl(jobId, n)}`;
}

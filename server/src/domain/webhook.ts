import { DEFAULT_ASSET_TYPE } from './brand-kit.ts';
import type { Job, JobError } from './job.ts';
import type { WebhookEventType } from './webhook-events.ts';

/** Completion webhooks: the events, the retry schedule and the records, without I/O. */

export { WEBHOOK_EVENTS, type WebhookEventType } from './webhook-events.ts';

/** Sent by "send test event"; every endpoint receives it whatever it subscribed to. */
export const TEST_EVENT = 'webhook.test';

/** An event to announce: whose it is (endpoints of that user and all-users endpoints hear it) and what to say. */
export interface WebhookEvent {
  type: WebhookEventType;
  userId: string;
  data: Record<string, unknown>;
  createdAt: string;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/**
 * Waits before each retry, as the Standard Webhooks specification suggests (5 s, 5 min, 30 min, 2 h, 5 h, then
 * 10 h). Six retries 10 h apart bring the last attempt to about 2.8 days after the first, when the delivery is given up.
 */
export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [
  5 * SECOND,
  5 * MINUTE,
  30 * MINUTE,
  2 * HOUR,
  5 * HOUR,
  ...Array.from({ length: 6 }, () => 10 * HOUR),
];

export interface WebhookEndpoint {
  id: string;
  userId: string;
  /** An administrator's endpoint that hears about everyone's jobs and batches. */
  allUsers: boolean;
  url: string;
  description: string;
  events: WebhookEventType[];
  enabled: boolean;
  /** Why delivery stopped (the receiver answered 410 Gone), or null. */
  disabledReason: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface WebhookDelivery {
  /** The `webhook-id` header: the same on every attempt, so receivers can drop repeats. */
  id: string;
  endpointId: string;
  eventType: string;
  /** The event's `data`, as stored when it happened. */
  data: Record<string, unknown>;
  createdAt: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: string | null;
  lastAttemptAt: string | null;
  lastStatusCode: number | null;
  lastError: string | null;
  lastDurationMs: number | null;
}

/** How one attempt ended, as the dispatcher judges it. */
export type AttemptOutcome =
  | { kind: 'delivered'; statusCode: number }
  | { kind: 'gone'; statusCode: 410 }
  | { kind: 'retry'; statusCode: number | null; error: string }
  | { kind: 'rejected'; statusCode: number; error: string };

/**
 * 2xx delivers; 410 Gone stops the endpoint; timeouts, network errors, 5xx, 408 and 429 are worth another try;
 * any other answer (a 4xx) will not change by sending the same request again.
 */
export function judgeResponse(statusCode: number): AttemptOutcome {
  if (statusCode >= 200 && statusCode < 300) return { kind: 'delivered', statusCode };
  if (statusCode === 410) return { kind: 'gone', statusCode };
  if (statusCode >= 300 && statusCode < 400) {
    return {
      kind: 'rejected',
      statusCode,
      error: `The endpoint answered ${statusCode}, a redirect; redirects are not followed, so register the final address.`,
    };
  }
  if (statusCode >= 500 || statusCode === 408 || statusCode === 429)
    return { kind: 'retry', statusCode, error: `The endpoint answered ${statusCode}.` };
  return { kind: 'rejected', statusCode, error: `The endpoint answered ${statusCode}, which is not retried.` };
}

/**
 * The event a finished job announces. Images are named by slot here; their absolute links are made when each
 * attempt is sent, so signed storage links are fresh even on a retry days later.
 */
export function jobFinishedEvent(job: Job, status: 'complete' | 'failed', error: JobError | null, at: string): WebhookEvent {
  return {
    type: status === 'complete' ? 'job.completed' : 'job.failed',
    userId: job.userId,
    createdAt: at,
    data: {
      job_id: job.id,
      status,
      prompt: job.prompt,
      model: job.model,
      asset_type: job.settings.assetType ?? DEFAULT_ASSET_TYPE,
      error,
      created_at: job.createdAt,
      completed_at: at,
      images: job.slots
        .filter((slot) => slot.status === 'ready')
        .map((slot) => ({
          n: slot.slot,
          width: slot.width,
          height: slot.height,
          brand_fit: slot.brandFit?.score ?? null,
          brand_fit_reason: slot.brandFit?.reason ?? null,
        })),
    },
  };
}

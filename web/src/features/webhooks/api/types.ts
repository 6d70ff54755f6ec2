/** The webhook API's shapes come from the generated client; the event names are listed here for the form. */
import type { WebhookEventType } from '@brandgen/client';

export type { CreatedWebhookEndpoint, WebhookDelivery, WebhookEndpoint, WebhookEventType, WebhookInput } from '@brandgen/client';

export const WEBHOOK_EVENTS: readonly WebhookEventType[] = [
  'job.completed',
  'job.failed',
  'batch.completed',
  'training.completed',
  'training.failed',
  'training.canceled',
];

/**
 * Events an endpoint can subscribe to, in a module of their own so that the web app's form reads the same list without
 * the rest of the webhook domain. A later feature adds its event here (and to the docs); nothing else needs to change
 * for endpoints to choose it.
 */
export const WEBHOOK_EVENTS = [
  'job.completed',
  'job.failed',
  'batch.completed',
  'training.completed',
  'training.failed',
  'training.canceled',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];

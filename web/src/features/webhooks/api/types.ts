/** The webhook API's shapes come from the generated client; the form lists the events the server's domain defines. */
export type { CreatedWebhookEndpoint, WebhookDelivery, WebhookEndpoint, WebhookEventType, WebhookInput } from '@brandgen/client';
export { WEBHOOK_EVENTS } from '../../../../../server/src/domain/webhook-events.ts';

/** The webhook API's shapes, as its OpenAPI schemas describe them (server/src/http/webhook-schemas.ts). */
export const WEBHOOK_EVENTS = ['job.completed', 'job.failed', 'batch.completed'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];

export interface WebhookEndpoint {
  id: string;
  url: string;
  description: string;
  events: string[];
  all_users: boolean;
  enabled: boolean;
  disabled_reason: string | null;
  created_at: string;
  updated_at: string;
}

export interface CreatedWebhookEndpoint extends WebhookEndpoint {
  /** Shown only in the answer to registration. */
  secret: string;
}

export interface WebhookInput {
  url: string;
  events: WebhookEventType[];
  description: string;
}

export interface WebhookDelivery {
  id: string;
  event_type: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  created_at: string;
  last_attempt_at: string | null;
  last_status_code: number | null;
  last_error: string | null;
  duration_ms: number | null;
  next_attempt_at: string | null;
}

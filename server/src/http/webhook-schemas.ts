import { z } from 'zod';
import { idParam } from './path-params.ts';
import { WEBHOOK_EVENTS } from '../domain/webhook.ts';

export const webhookBody = z
  .object({
    url: z
      .string({ error: 'Give the full address of the endpoint, such as https://example.com/brandgen-hook.' })
      .trim()
      .min(1, 'Give the full address of the endpoint, such as https://example.com/brandgen-hook.')
      .max(2000, 'Keep the address to 2000 characters or fewer.')
      .describe(
        'Where deliveries are POSTed. Addresses that resolve to loopback, private, link-local or cloud metadata addresses are refused.',
      ),
    events: z
      .array(z.enum(WEBHOOK_EVENTS, { error: `Each event must be one of ${WEBHOOK_EVENTS.join(', ')}.` }), {
        error: `Choose the events to receive: ${WEBHOOK_EVENTS.join(', ')}.`,
      })
      .min(1, `Choose at least one event: ${WEBHOOK_EVENTS.join(', ')}.`)
      .transform((events) => [...new Set(events)])
      .describe('The events this endpoint receives.'),
    description: z
      .string({ error: 'The description must be text.' })
      .trim()
      .max(200, 'Keep the description to 200 characters or fewer.')
      .default(''),
    all_users: z
      .boolean({ error: 'all_users must be true or false.' })
      .default(false)
      .describe("Administrators only: receive every user's events, not only your own."),
  })
  .strict();

export const updateWebhookBody = webhookBody
  .extend({
    enabled: z
      .boolean({ error: 'enabled must be true or false.' })
      .default(true)
      .describe('false stops deliveries; true turns an endpoint on again, also after a 410 Gone turned it off.'),
  })
  .strict();

export const webhookIdParams = z.object({ id: idParam('webhook endpoint') });
export const deliveryParams = z.object({
  id: idParam('webhook endpoint'),
  delivery: z
    .string()
    .regex(/^msg_[0-9a-f]{32}$/u, 'There is no delivery with this id for this endpoint.')
    .describe('A delivery id (msg_…) from GET /api/webhooks/{id}/deliveries.'),
});

export const webhookResponse = z.object({
  id: z.string(),
  url: z.string(),
  description: z.string(),
  events: z.array(z.string()),
  all_users: z.boolean(),
  enabled: z.boolean(),
  disabled_reason: z.string().nullable().describe('Why deliveries stopped, e.g. the receiver answered 410 Gone.'),
  created_at: z.string(),
  updated_at: z.string(),
});

export const createdWebhookResponse = webhookResponse.extend({
  secret: z.string().describe('The signing secret (whsec_…). Shown only in this answer: store it now.'),
});

export const webhookListResponse = z.object({ webhooks: z.array(webhookResponse) });

export const deliveryResponse = z.object({
  id: z.string().describe('The webhook-id header: the same on every attempt of this delivery.'),
  event_type: z.string(),
  status: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number().int(),
  created_at: z.string(),
  last_attempt_at: z.string().nullable(),
  last_status_code: z
    .number()
    .int()
    .nullable()
    .describe('The HTTP status of the last answer; null when none came (a timeout or network error).'),
  last_error: z.string().nullable(),
  duration_ms: z.number().int().nullable().describe('How long the last attempt took.'),
  next_attempt_at: z.string().nullable().describe('When the next retry is due; null once delivered or given up.'),
});

export const deliveryListResponse = z.object({ deliveries: z.array(deliveryResponse).describe('The last 50, newest first.') });

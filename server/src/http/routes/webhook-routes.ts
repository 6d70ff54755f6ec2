import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { WebhookDelivery, WebhookEndpoint } from '../../domain/webhook.ts';
import type { WebhookInput, WebhookService } from '../../services/webhook-service.ts';
import { accepted } from '../accepted-reply.ts';
import { isAdmin, userIdOf } from '../current-user.ts';
import { errorResponse } from '../schemas.ts';
import type { RouteServer } from './route-server.ts';
import {
  createdWebhookResponse,
  deliveryListResponse,
  deliveryParams,
  deliveryResponse,
  updateWebhookBody,
  webhookBody,
  webhookIdParams,
  webhookListResponse,
  webhookResponse,
} from '../webhook-schemas.ts';

export function presentWebhook(endpoint: WebhookEndpoint): z.infer<typeof webhookResponse> {
  return {
    id: endpoint.id,
    url: endpoint.url,
    description: endpoint.description,
    events: endpoint.events,
    all_users: endpoint.allUsers,
    enabled: endpoint.enabled,
    disabled_reason: endpoint.disabledReason,
    created_at: endpoint.createdAt,
    updated_at: endpoint.updatedAt,
  };
}

export function presentDelivery(delivery: WebhookDelivery): z.infer<typeof deliveryResponse> {
  return {
    id: delivery.id,
    event_type: delivery.eventType,
    status: delivery.status,
    attempts: delivery.attempts,
    created_at: delivery.createdAt,
    last_attempt_at: delivery.lastAttemptAt,
    last_status_code: delivery.lastStatusCode,
    last_error: delivery.lastError,
    duration_ms: delivery.lastDurationMs,
    next_attempt_at: delivery.nextAttemptAt,
  };
}

function toInput(body: z.infer<typeof webhookBody>): WebhookInput {
  return { url: body.url, events: body.events, description: body.description, allUsers: body.all_users };
}

const signedIn = { 401: errorResponse, 403: errorResponse };

export const webhookRoutes: FastifyPluginAsyncZod<{ webhooks: WebhookService }> = async (server, { webhooks }) => {
  const tags = ['webhooks'];
  const withId = { tags, params: webhookIdParams };
  const actorOf = (request: Parameters<typeof userIdOf>[0]) => ({ userId: userIdOf(request), isAdmin: isAdmin(request) });

  server.get(
    '/api/webhooks',
    {
      schema: { tags, summary: "The user's webhook endpoints (never their secrets)", response: { 200: webhookListResponse, ...signedIn } },
    },
    async (request) => ({ webhooks: (await webhooks.list(userIdOf(request))).map(presentWebhook) }),
  );

  server.post(
    '/api/webhooks',
    {
      schema: {
        tags,
        summary: 'Register an endpoint; the answer is the only time its signing secret is shown',
        body: webhookBody,
        response: { 201: createdWebhookResponse, 400: errorResponse, ...signedIn },
      },
    },
    async (request, reply) => {
      const { endpoint, secret } = await webhooks.create(actorOf(request), toInput(request.body));
      return reply
        .code(201)
        .header('cache-control', 'no-store')
        .header('location', `/api/webhooks/${endpoint.id}`)
        .send({ ...presentWebhook(endpoint), secret });
    },
  );

  server.get(
    '/api/webhooks/:id',
    { schema: { ...withId, summary: 'One webhook endpoint', response: { 200: webhookResponse, 404: errorResponse, ...signedIn } } },
    async (request) => {
      return presentWebhook(await webhooks.get(userIdOf(request), request.params.id));
    },
  );

  server.put(
    '/api/webhooks/:id',
    {
      schema: {
        ...withId,
        summary: "Replace an endpoint's address, events and description, or turn it off and on",
        body: updateWebhookBody,
        response: { 200: webhookResponse, 400: errorResponse, 404: errorResponse, ...signedIn },
      },
    },
    async (request) => {
      const input = { ...toInput(request.body), enabled: request.body.enabled };
      return presentWebhook(await webhooks.update(actorOf(request), request.params.id, input));
    },
  );

  server.delete(
    '/api/webhooks/:id',
    {
      schema: {
        ...withId,
        summary: 'Delete an endpoint and its deliveries',
        response: { 204: z.null().describe('Deleted'), 404: errorResponse, ...signedIn },
      },
    },
    async (request, reply) => {
      await webhooks.delete(userIdOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  registerDeliveryRoutes(server, { webhooks, withId });
};

/** Test events, the deliveries list and resending one. */
function registerDeliveryRoutes(
  server: RouteServer,
  { webhooks, withId }: { webhooks: WebhookService; withId: { tags: string[]; params: typeof webhookIdParams } },
): void {
  const tags = withId.tags;
  server.post(
    '/api/webhooks/:id/test',
    {
      schema: {
        ...withId,
        summary: 'Send a webhook.test event to this endpoint',
        response: { 202: deliveryResponse.describe('The queued delivery'), 400: errorResponse, 404: errorResponse, ...signedIn },
      },
    },
    async (request, reply) => {
      return accepted(reply, presentDelivery(await webhooks.sendTest(userIdOf(request), request.params.id)));
    },
  );

  server.get(
    '/api/webhooks/:id/deliveries',
    {
      schema: {
        ...withId,
        summary: "The endpoint's last 50 deliveries",
        response: { 200: deliveryListResponse, 404: errorResponse, ...signedIn },
      },
    },
    async (request) => {
      return { deliveries: (await webhooks.deliveries(userIdOf(request), request.params.id)).map(presentDelivery) };
    },
  );

  server.post(
    '/api/webhooks/:id/deliveries/:delivery/resend',
    {
      schema: {
        tags,
        params: deliveryParams,
        summary: 'Send a delivery again now, under the same webhook-id',
        response: { 202: deliveryResponse, 400: errorResponse, 404: errorResponse, ...signedIn },
      },
    },
    async (request, reply) => {
      return accepted(reply, presentDelivery(await webhooks.resend(userIdOf(request), request.params.id, request.params.delivery)));
    },
  );
}

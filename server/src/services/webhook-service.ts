import type { WebhookRepository } from '../db/webhook-repository.ts';
import { TEST_EVENT, type WebhookDelivery, type WebhookEndpoint, type WebhookEventType } from '../domain/webhook.ts';
import type { Clock } from './clock.ts';
import { ForbiddenError, NotFoundError, ValidationError } from './errors.ts';
import { newWebhookSecret } from './webhook-signature.ts';

export const MAX_ENDPOINTS_PER_USER = 20;

export interface WebhookInput {
  url: string;
  events: WebhookEventType[];
  description: string;
  /** Administrators only: hear about everyone's jobs and batches. */
  allUsers: boolean;
}

export interface WebhookActor {
  userId: string;
  isAdmin: boolean;
}

export interface WebhookServiceOptions {
  repository: WebhookRepository;
  clock: Clock;
  /** Seals a secret for storage; the endpoint's id is the context, so a sealed secret cannot move to another row. */
  seal: (secret: string, endpointId: string) => string;
  /** Refuses an address that is not allowed (private, loopback, metadata) with a plain reason. */
  checkAddress: (url: URL) => Promise<void>;
  /** A delivery was written: in a process that also delivers, the dispatcher looks at once. */
  onQueued?: () => void;
}

/** Registering, changing and testing webhook endpoints, and the record of their deliveries. */
export class WebhookService {
  private readonly options: WebhookServiceOptions;

  constructor(options: WebhookServiceOptions) {
    this.options = options;
  }

  /** Registers an endpoint; the signing secret is returned here and never again. */
  async create(actor: WebhookActor, input: WebhookInput): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
    const { repository, clock, seal } = this.options;
    this.checkScope(actor, input);
    await this.checkUrl(input.url);
    if ((await repository.countEndpoints(actor.userId)) >= MAX_ENDPOINTS_PER_USER) {
      throw new ValidationError([
        { field: 'url', message: `You can register up to ${MAX_ENDPOINTS_PER_USER} endpoints; delete one first.` },
      ]);
    }
    const now = clock.now();
    const endpoint: WebhookEndpoint = {
      id: clock.newId(),
      userId: actor.userId,
      ...input,
      enabled: true,
      disabledReason: null,
      createdAt: now,
      updatedAt: now,
    };
    const secret = newWebhookSecret();
    await repository.insertEndpoint(endpoint, seal(secret, endpoint.id));
    return { endpoint, secret };
  }

  list(userId: string): Promise<WebhookEndpoint[]> {
    return this.options.repository.listEndpoints(userId);
  }

  async get(userId: string, id: string): Promise<WebhookEndpoint> {
    const endpoint = await this.options.repository.findEndpoint(userId, id);
    if (!endpoint) throw new NotFoundError('There is no webhook endpoint with this id.');
    return endpoint;
  }

  /** Replaces an endpoint's settings; turning it on again clears why it was turned off. */
  async update(actor: WebhookActor, id: string, input: WebhookInput & { enabled: boolean }): Promise<WebhookEndpoint> {
    const existing = await this.get(actor.userId, id);
    this.checkScope(actor, input);
    if (input.url !== existing.url) await this.checkUrl(input.url);
    const endpoint: WebhookEndpoint = {
      ...existing,
      ...input,
      disabledReason: input.enabled ? null : existing.disabledReason,
      updatedAt: this.options.clock.now(),
    };
    if (!(await this.options.repository.updateEndpoint(endpoint))) throw new NotFoundError('There is no webhook endpoint with this id.');
    return endpoint;
  }

  async delete(userId: string, id: string): Promise<void> {
    if (!(await this.options.repository.deleteEndpoint(userId, id))) throw new NotFoundError('There is no webhook endpoint with this id.');
  }

  /** Queues a `webhook.test` event to this endpoint alone, whatever events it chose. */
  async sendTest(userId: string, id: string): Promise<WebhookDelivery> {
    const endpoint = await this.get(userId, id);
    if (!endpoint.enabled)
      throw new ValidationError([{ field: 'enabled', message: 'This endpoint is turned off; turn it on before sending a test event.' }]);
    const now = this.options.clock.now();
    const deliveryId = await this.options.repository.insertDelivery(
      endpoint.id,
      TEST_EVENT,
      { endpoint_id: endpoint.id, message: 'A test event from Brandgen.' },
      now,
    );
    this.options.onQueued?.();
    return this.delivery(userId, id, deliveryId);
  }

  async deliveries(userId: string, id: string): Promise<WebhookDelivery[]> {
    const endpoint = await this.get(userId, id);
    return this.options.repository.listDeliveries(endpoint.id);
  }

  async delivery(userId: string, id: string, deliveryId: string): Promise<WebhookDelivery> {
    const endpoint = await this.get(userId, id);
    const delivery = await this.options.repository.findDelivery(endpoint.id, deliveryId);
    if (!delivery) throw new NotFoundError('There is no delivery with this id for this endpoint.');
    return delivery;
  }

  /** Sends a delivery again now, under its own `webhook-id`, with a fresh retry schedule. */
  async resend(userId: string, id: string, deliveryId: string): Promise<WebhookDelivery> {
    const endpoint = await this.get(userId, id);
    if (!endpoint.enabled)
      throw new ValidationError([{ field: 'enabled', message: 'This endpoint is turned off; turn it on before resending.' }]);
    await this.delivery(userId, id, deliveryId);
    const resent = await this.options.repository.resend(endpoint.id, deliveryId, this.options.clock.now());
    if (!resent) throw new NotFoundError('There is no delivery with this id for this endpoint.');
    this.options.onQueued?.();
    return resent;
  }

  private checkScope(actor: WebhookActor, input: WebhookInput): void {
    if (input.allUsers && !actor.isAdmin) {
      throw new ForbiddenError('Only administrators can register an endpoint for everyone\'s jobs; leave "all_users" off.');
    }
  }

  private async checkUrl(raw: string): Promise<void> {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new ValidationError([
        { field: 'url', message: 'Give the full address of the endpoint, such as https://example.com/brandgen-hook.' },
      ]);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new ValidationError([{ field: 'url', message: 'The address must start with https:// (or http://).' }]);
    }
    if (url.username || url.password) {
      throw new ValidationError([
        { field: 'url', message: 'Leave the user name and password out of the address; check the signature instead.' },
      ]);
    }
    try {
      await this.options.checkAddress(url);
    } catch (error) {
      throw new ValidationError([{ field: 'url', message: error instanceof Error ? error.message : String(error) }]);
    }
  }
}

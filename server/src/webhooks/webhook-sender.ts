import type { LookupAddress, LookupOptions } from 'node:dns';
import { isIP } from 'node:net';
import type { Agent } from 'undici';
import { hostOf, resolvePublicAddresses } from './address-policy.ts';

export interface WebhookRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** An answer from the endpoint (any status), or a thrown Error for timeouts, refused addresses and network failures. */
export interface WebhookResponse {
  statusCode: number;
}

/** Sends one signed webhook request; tests put a fake in its place. */
export interface WebhookSender {
  send(webhook: WebhookRequest): Promise<WebhookResponse>;
  close(): Promise<void>;
}

export interface HttpWebhookSenderOptions {
  /** BRANDGEN_WEBHOOK_ALLOW_PRIVATE: local receivers in tests and on closed networks. */
  allowPrivate: boolean;
  timeoutMs?: number;
  maxResponseBytes?: number;
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * Posts over undici with the address checked at connection time: the socket connects to the very address that was
 * judged public, so a name that re-resolves to a private address between check and connect (DNS rebinding) is refused.
 * Redirects are not followed, an answer's body is read to 64 KB at most, and an attempt ends after 10 s.
 */
export class HttpWebhookSender implements WebhookSender {
  private readonly options: Required<HttpWebhookSenderOptions>;
  /** Made on the first delivery: undici is a large module, and most installations never send a webhook. */
  private connection: Promise<{ agent: Agent; request: typeof import('undici').request }> | undefined;
  private closed = false;

  constructor(options: HttpWebhookSenderOptions) {
    this.options = { timeoutMs: 10_000, maxResponseBytes: 64 * 1024, ...options };
  }

  private connect(): Promise<{ agent: Agent; request: typeof import('undici').request }> {
    this.connection ??= import('undici').then(({ Agent, request }) => {
      const { allowPrivate, timeoutMs } = this.options;
      const agent = new Agent({
        connect: {
          lookup: (hostname: string, lookupOptions: LookupOptions, callback: LookupCallback) => {
            resolvePublicAddresses(hostname, allowPrivate).then(
              (addresses) => {
                if (lookupOptions.all) callback(null, addresses);
                else callback(null, addresses[0]!.address, addresses[0]!.family);
              },
              (error: NodeJS.ErrnoException) => callback(error, ''),
            );
          },
        },
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      return { agent, request };
    });
    return this.connection;
  }

  async send(webhook: WebhookRequest): Promise<WebhookResponse> {
    const url = new URL(webhook.url);
    // An address written as a literal never goes through lookup, so it is checked here; names are checked as they connect.
    const host = hostOf(url);
    if (isIP(host) !== 0) await resolvePublicAddresses(host, this.options.allowPrivate);
    if (this.closed) throw new Error('The webhook sender is closed.');
    const { agent, request } = await this.connect();
    const response = await request(url, {
      method: 'POST',
      headers: webhook.headers,
      body: webhook.body,
      dispatcher: agent,
      signal: AbortSignal.timeout(this.options.timeoutMs),
    });
    await this.drain(response.body);
    return { statusCode: response.statusCode };
  }

  /** Reads what the endpoint answered, up to the limit, so the connection can be reused; the rest is discarded. */
  private async drain(body: AsyncIterable<Uint8Array> & { destroy(): unknown }): Promise<void> {
    let read = 0;
    for await (const chunk of body) {
      read += chunk.byteLength;
      if (read > this.options.maxResponseBytes) {
        body.destroy();
        return;
      }
    }
  }

  /** Safe to call again: Brandgen's stop may run twice (a test restarting it, a second signal). */
  async close(): Promise<void> {
    this.closed = true;
    if (!this.connection) return;
    const { agent } = await this.connection;
    if (agent.closed || agent.destroyed) return;
    await agent.close();
  }
}

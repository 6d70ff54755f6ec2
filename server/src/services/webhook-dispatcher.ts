import { randomUUID } from 'node:crypto';
import type { AttemptRecord, ClaimedDelivery, WebhookRepository } from '../db/webhook-repository.ts';
import { DEFAULT_RETRY_DELAYS_MS, judgeResponse, type AttemptOutcome } from '../domain/webhook.ts';
import type { WebhookSender } from '../webhooks/webhook-sender.ts';
import type { Clock } from './clock.ts';
import { webhookHeaders } from './webhook-signature.ts';

export interface WebhookDispatcherOptions {
  repository: Pick<WebhookRepository, 'claimDue' | 'recordAttempt' | 'disableEndpoint' | 'nextDueAt'>;
  sender: WebhookSender;
  /** The signing secret of a claimed delivery's endpoint (stored sealed). */
  secretOf: (delivery: ClaimedDelivery) => string;
  /** The absolute link to a job's image, made at each attempt (signed storage links expire). */
  imageLink: (jobId: string, n: number) => Promise<string>;
  clock: Pick<Clock, 'now'>;
  /** Waits before each retry; the specification's schedule unless a test shortens it. */
  retryDelaysMs?: readonly number[];
  /** How long a claimed delivery is held; longer than an attempt's timeout, so a live worker never loses its row. */
  leaseMs?: number;
  /** How often the outbox is checked when nothing wakes the dispatcher (rows from other processes, due retries). */
  pollMs?: number;
  batchSize?: number;
  onError?: (error: unknown) => void;
}

/**
 * Sends the outbox's due deliveries, at least once each: a row is claimed with a lease and counted as an attempt
 * before it is sent, and only the lease holder records the outcome. A worker that dies mid-attempt leaves its row to
 * be claimed again when the lease runs out; several workers share the outbox without sending one row at once.
 */
export class WebhookDispatcher {
  private readonly options: Required<Omit<WebhookDispatcherOptions, 'onError'>> & Pick<WebhookDispatcherOptions, 'onError'>;
  private readonly owner = randomUUID();
  private running: Promise<void> | undefined;
  private stopped = false;
  private woken = false;
  private wakeSleeper: (() => void) | undefined;

  constructor(options: WebhookDispatcherOptions) {
    this.options = { retryDelaysMs: DEFAULT_RETRY_DELAYS_MS, leaseMs: 60_000, pollMs: 1_000, batchSize: 20, ...options };
  }

  start(): void {
    this.stopped = false;
    this.running ??= this.loop();
  }

  /** New deliveries were written: look now rather than at the next poll. */
  wake = (): void => {
    this.woken = true;
    this.wakeSleeper?.();
  };

  /** Lets attempts in flight finish (each is bounded by its timeout) and stops. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeSleeper?.();
    await this.running;
    this.running = undefined;
  }

  /** Claims and sends one round of due deliveries; how many were claimed. */
  async deliverDue(): Promise<number> {
    const { repository, clock, leaseMs, batchSize } = this.options;
    const now = clock.now();
    const claimed = await repository.claimDue(this.owner, now, addMs(now, leaseMs), batchSize);
    await Promise.all(claimed.map((delivery) => this.attempt(delivery)));
    return claimed.length;
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      this.woken = false;
      let claimed = 0;
      try {
        claimed = await this.deliverDue();
      } catch (error) {
        this.options.onError?.(error);
      }
      if (claimed > 0 || this.woken || this.stopped) continue;
      await this.sleep(await this.msUntilNextDue());
    }
  }

  private async msUntilNextDue(): Promise<number> {
    const { repository, clock, pollMs } = this.options;
    const due = await repository.nextDueAt().catch(() => undefined);
    if (due === undefined) return pollMs;
    return Math.max(0, Math.min(pollMs, Date.parse(due) - Date.parse(clock.now())));
  }

  private sleep(ms: number): Promise<void> {
    if (this.woken || this.stopped) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeSleeper = done;
    }).finally(() => (this.wakeSleeper = undefined));
  }

  private async attempt(delivery: ClaimedDelivery): Promise<void> {
    const { repository, clock } = this.options;
    const attemptedAt = clock.now();
    if (!delivery.endpointEnabled) {
      await this.record(delivery, {
        status: 'failed',
        attemptedAt,
        nextAttemptAt: null,
        statusCode: null,
        error: 'The endpoint is disabled.',
        durationMs: 0,
      });
      return;
    }
    const started = performance.now();
    let outcome: AttemptOutcome;
    try {
      const body = JSON.stringify({ type: delivery.eventType, timestamp: delivery.createdAt, data: await this.withImageLinks(delivery) });
      const timestamp = Math.floor(Date.parse(attemptedAt) / 1000);
      const response = await this.options.sender.send({
        url: delivery.url,
        headers: webhookHeaders(this.options.secretOf(delivery), delivery.id, timestamp, body),
        body,
      });
      outcome = judgeResponse(response.statusCode);
    } catch (error) {
      outcome = { kind: 'retry', statusCode: null, error: describeFailure(error) };
    }
    const durationMs = performance.now() - started;
    await this.record(delivery, { ...this.afterOutcome(delivery, outcome, attemptedAt), attemptedAt, durationMs });
    if (outcome.kind === 'gone') {
      await repository.disableEndpoint(
        delivery.endpointId,
        'The receiver answered 410 Gone, so deliveries to it were stopped.',
        clock.now(),
      );
    }
  }

  private afterOutcome(
    delivery: ClaimedDelivery,
    outcome: AttemptOutcome,
    attemptedAt: string,
  ): Omit<AttemptRecord, 'attemptedAt' | 'durationMs'> {
    switch (outcome.kind) {
      case 'delivered':
        return { status: 'delivered', nextAttemptAt: null, statusCode: outcome.statusCode, error: null };
      case 'gone':
        return {
          status: 'failed',
          nextAttemptAt: null,
          statusCode: 410,
          error: 'The receiver answered 410 Gone; the endpoint was disabled.',
        };
      case 'rejected':
        return { status: 'failed', nextAttemptAt: null, statusCode: outcome.statusCode, error: outcome.error };
      case 'retry': {
        const delay = this.options.retryDelaysMs[delivery.attempts - 1];
        if (delay === undefined) {
          return {
            status: 'failed',
            nextAttemptAt: null,
            statusCode: outcome.statusCode,
            error: `${outcome.error} Given up after ${delivery.attempts} attempts.`,
          };
        }
        return { status: 'pending', nextAttemptAt: addMs(attemptedAt, delay), statusCode: outcome.statusCode, error: outcome.error };
      }
    }
  }

  private async record(delivery: ClaimedDelivery, record: AttemptRecord): Promise<void> {
    // A false result means the lease ran out and another worker owns the row now; its record wins.
    await this.options.repository.recordAttempt(delivery.id, this.owner, record);
  }

  /** Job events name their images by slot; receivers get absolute links. */
  private async withImageLinks(delivery: ClaimedDelivery): Promise<Record<string, unknown>> {
    const { data } = delivery;
    if (typeof data.job_id !== 'string' || !Array.isArray(data.images)) return data;
    const jobId = data.job_id;
    const images = await Promise.all(
      (data.images as Array<{ n: number }>).map(async (image) => ({ ...image, url: await this.options.imageLink(jobId, image.n) })),
    );
    return { ...data, images };
  }
}

function addMs(iso: string, ms: number): string {
  return new Date(Date.parse(iso) + ms).toISOString();
}

function describeFailure(error: unknown): string {
  if (error instanceof Error) {
    if (['TimeoutError', 'AbortError', 'HeadersTimeoutError', 'BodyTimeoutError'].includes(error.name))
      return 'The endpoint did not answer within 10 seconds.';
    const cause = (error as { cause?: unknown }).cause;
    const detail = cause instanceof Error ? `${error.message}: ${cause.message}` : error.message;
    return `The request could not be sent (${detail.slice(0, 300)}).`;
  }
  return `The request could not be sent (${String(error).slice(0, 300)}).`;
}

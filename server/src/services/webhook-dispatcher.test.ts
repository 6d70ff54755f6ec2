import assert from 'node:assert/strict';
import { it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Webhook } from 'standardwebhooks';
import { WebhookRepository } from '../db/webhook-repository.ts';
import type { WebhookEndpoint } from '../domain/webhook.ts';
import type { WebhookRequest, WebhookResponse, WebhookSender } from '../webhooks/webhook-sender.ts';
import { describeEachDatabase } from '../../test/support/test-database.ts';
import { until } from '../../test/support/until.ts';
import { systemClock } from './clock.ts';
import { WebhookDispatcher, type WebhookDispatcherOptions } from './webhook-dispatcher.ts';
import { newWebhookSecret } from './webhook-signature.ts';

/** Answers with the scripted results in turn (the last repeats): a status, or an Error thrown as a network failure. */
class ScriptedSender implements WebhookSender {
  readonly sent: WebhookRequest[] = [];
  private readonly script: Array<number | Error>;
  private readonly delayMs: number;

  constructor(script: Array<number | Error>, delayMs = 0) {
    this.script = script;
    this.delayMs = delayMs;
  }

  async send(webhook: WebhookRequest): Promise<WebhookResponse> {
    this.sent.push(webhook);
    if (this.delayMs > 0) await sleep(this.delayMs);
    const next = this.script[Math.min(this.sent.length - 1, this.script.length - 1)]!;
    if (next instanceof Error) throw next;
    return { statusCode: next };
  }

  async close(): Promise<void> {}
}

const FAST_RETRIES = [10, 10, 10];

describeEachDatabase('WebhookDispatcher', (testDatabase) => {
  async function setUp(script: Array<number | Error>, options: Partial<WebhookDispatcherOptions> & { delayMs?: number } = {}) {
    const repository = new WebhookRepository({ database: await testDatabase.open() });
    const secret = newWebhookSecret();
    const now = systemClock.now();
    const endpoint: WebhookEndpoint = {
      id: systemClock.newId(),
      userId: 'ada',
      allUsers: false,
      url: 'https://hooks.example.com/brandgen',
      description: '',
      events: ['job.completed'],
      enabled: true,
      disabledReason: null,
      createdAt: now,
      updatedAt: now,
    };
    await repository.insertEndpoint(endpoint, `sealed:${secret}`);
    const sender = new ScriptedSender(script, options.delayMs);
    const dispatcherOf = (extra: Partial<WebhookDispatcherOptions> = {}) =>
      new WebhookDispatcher({
        repository,
        sender,
        secretOf: (delivery) => delivery.sealedSecret.slice('sealed:'.length),
        imageLink: async (jobId, n) => `https://brandgen.example.com/api/jobs/${jobId}/images/${n}`,
        clock: systemClock,
        retryDelaysMs: FAST_RETRIES,
        pollMs: 5,
        ...options,
        ...extra,
      });
    const enqueue = () =>
      repository.enqueue({
        type: 'job.completed',
        userId: 'ada',
        createdAt: systemClock.now(),
        data: { job_id: 'job-1', status: 'complete', images: [{ n: 0, width: 1024, height: 1024 }] },
      });
    return { repository, endpoint, secret, sender, dispatcherOf, enqueue };
  }

  it('retries a 500 until the endpoint answers 200, under one webhook-id, each attempt signed as standardwebhooks verifies', async () => {
    const { repository, endpoint, secret, sender, dispatcherOf, enqueue } = await setUp([500, 500, 200]);
    await enqueue();
    const dispatcher = dispatcherOf();
    dispatcher.start();
    try {
      await until('the delivery is delivered', async () => (await repository.listDeliveries(endpoint.id))[0]?.status === 'delivered', {
        timeoutMs: 10_000,
      });
    } finally {
      await dispatcher.stop();
    }
    assert.equal(sender.sent.length, 3);
    const ids = new Set(sender.sent.map((request) => request.headers['webhook-id']));
    assert.equal(ids.size, 1, 'every attempt carries the same webhook-id');
    const verifier = new Webhook(secret);
    for (const request of sender.sent) {
      const payload = verifier.verify(request.body, request.headers) as { type: string; data: { images: Array<{ url: string }> } };
      assert.equal(payload.type, 'job.completed');
      assert.equal(payload.data.images[0]!.url, 'https://brandgen.example.com/api/jobs/job-1/images/0');
    }
    const [delivery] = await repository.listDeliveries(endpoint.id);
    assert.equal(delivery!.attempts, 3);
    assert.equal(delivery!.lastStatusCode, 200);
    assert.equal(delivery!.nextAttemptAt, null);
  });

  it('gives up once the schedule is spent, retrying network errors as it goes', async () => {
    const { repository, endpoint, sender, dispatcherOf, enqueue } = await setUp([new Error('connect ECONNREFUSED'), 503]);
    await enqueue();
    const dispatcher = dispatcherOf();
    dispatcher.start();
    try {
      await until('the delivery is given up', async () => (await repository.listDeliveries(endpoint.id))[0]?.status === 'failed', {
        timeoutMs: 10_000,
      });
    } finally {
      await dispatcher.stop();
    }
    assert.equal(sender.sent.length, FAST_RETRIES.length + 1, 'the first attempt and one per retry');
    const [delivery] = await repository.listDeliveries(endpoint.id);
    assert.match(delivery!.lastError!, /Given up after 4 attempts/);
  });

  it('turns the endpoint off at 410 Gone, and does not retry a 400', async () => {
    const gone = await setUp([410]);
    await gone.enqueue();
    await gone.enqueue();
    const dispatcher = gone.dispatcherOf({ batchSize: 1 });
    assert.equal(await dispatcher.deliverDue(), 1);
    const endpoint = await gone.repository.findEndpoint(undefined, gone.endpoint.id);
    assert.equal(endpoint!.enabled, false);
    assert.match(endpoint!.disabledReason!, /410 Gone/);
    assert.deepEqual(
      (await gone.repository.listDeliveries(gone.endpoint.id)).map((delivery) => delivery.status),
      ['failed', 'failed'],
    );
    assert.equal(await dispatcher.deliverDue(), 0, 'nothing is left to send to a disabled endpoint');
    assert.equal(gone.sender.sent.length, 1);

    const rejected = await setUp([400]);
    await rejected.enqueue();
    await rejected.dispatcherOf().deliverDue();
    const [delivery] = await rejected.repository.listDeliveries(rejected.endpoint.id);
    assert.equal(delivery!.status, 'failed');
    assert.equal(delivery!.nextAttemptAt, null);
  });

  it('lets two dispatchers share the outbox without sending any delivery twice', async () => {
    const { repository, endpoint, sender, dispatcherOf, enqueue } = await setUp([200], { delayMs: 5, batchSize: 3 });
    for (let index = 0; index < 30; index += 1) await enqueue();
    const first = dispatcherOf();
    const second = dispatcherOf();
    first.start();
    second.start();
    try {
      await until(
        'every delivery is delivered',
        async () => (await repository.listDeliveries(endpoint.id)).every((delivery) => delivery.status === 'delivered'),
        {
          timeoutMs: 20_000,
        },
      );
    } finally {
      await Promise.all([first.stop(), second.stop()]);
    }
    const ids = sender.sent.map((request) => request.headers['webhook-id']);
    assert.equal(ids.length, 30);
    assert.equal(new Set(ids).size, 30, 'each delivery was sent once');
  });

  it("takes over a delivery whose worker died once its lease runs out, and ignores the dead worker's late record", async () => {
    const { repository, endpoint, sender, dispatcherOf, enqueue } = await setUp([200]);
    await enqueue();
    const now = systemClock.now();
    // A worker claims the row and dies before recording anything.
    const [claimed] = await repository.claimDue('dead-worker', now, new Date(Date.parse(now) + 50).toISOString(), 10);
    assert.ok(claimed);
    const dispatcher = dispatcherOf();
    assert.equal(await dispatcher.deliverDue(), 0, 'a live lease keeps the row');
    await sleep(60);
    assert.equal(await dispatcher.deliverDue(), 1);
    const late = await repository.recordAttempt(claimed.id, 'dead-worker', {
      status: 'failed',
      attemptedAt: now,
      nextAttemptAt: null,
      statusCode: 500,
      error: 'late',
      durationMs: 1,
    });
    assert.equal(late, false);
    const [delivery] = await repository.listDeliveries(endpoint.id);
    assert.equal(delivery!.status, 'delivered');
    assert.equal(delivery!.attempts, 2, "the dead worker's attempt counts");
    assert.equal(sender.sent.length, 1);
  });
});

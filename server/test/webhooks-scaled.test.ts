import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { queueDeployment } from './support/queue-deployment.ts';
import { postJson } from './support/test-brandgen.ts';
import { describeEachDatabase } from './support/test-database.ts';
import { redisSkipReason } from './support/test-redis.ts';
import { until } from './support/until.ts';
import { startWebhookReceiver } from './support/webhook-receiver.ts';

// Scaled layout (PostgreSQL): an API process that only writes deliveries to the outbox, and two workers that share
// it. Each job's event must arrive once, whichever worker ran the job or claimed the delivery.
if (redisSkipReason) test('webhooks in the scaled layout', { skip: redisSkipReason }, () => {});
else {
  describeEachDatabase('webhooks with API and worker processes', (database) => {
    const cleanups: Array<() => Promise<void>> = [];
    after(async () => {
      for (const cleanup of cleanups.reverse()) await cleanup();
    });

    test(
      'each job is announced once, sent by a worker, and a test event from the API process arrives too',
      { timeout: 180_000 },
      async () => {
        const deployment = await queueDeployment(database, { BRANDGEN_WEBHOOK_ALLOW_PRIVATE: 'true' });
        cleanups.push(() => deployment.close());
        const hook = await startWebhookReceiver([200]);
        cleanups.push(() => hook.close());
        const api = await deployment.start(deployment.workerRole === 'worker' ? 'api' : 'all', 20);
        await deployment.start(deployment.workerRole, 20);
        await deployment.start(deployment.workerRole, 20);

        const created = await postJson(api.baseUrl, '/api/webhooks', { url: hook.url, events: ['job.completed'] });
        assert.equal(created.status, 201);
        const endpoint = (await created.json()) as { id: string };
        const jobIds: string[] = [];
        for (let index = 0; index < 6; index += 1) {
          const accepted = await postJson(api.baseUrl, '/api/generate', { prompt: `scaled webhook ${index}` });
          jobIds.push(((await accepted.json()) as { job_id: string }).job_id);
        }
        await until('six events', () => hook.received.length >= 6, { timeoutMs: 90_000 });
        assert.equal((await postJson(api.baseUrl, `/api/webhooks/${endpoint.id}/test`, {})).status, 202);
        await until('the test event', () => hook.received.length >= 7, { timeoutMs: 30_000 });
        // Anything sent twice would arrive within the next poll.
        await sleep(1_500);
        const events = hook.received.map((request) => JSON.parse(request.body) as { type: string; data: { job_id?: string } });
        assert.equal(hook.received.length, 7);
        assert.equal(new Set(hook.received.map((request) => request.headers['webhook-id'])).size, 7, 'no delivery was sent twice');
        assert.deepEqual(
          events
            .filter((event) => event.type === 'job.completed')
            .map((event) => event.data.job_id)
            .sort(),
          [...jobIds].sort(),
        );
        assert.equal(events.filter((event) => event.type === 'webhook.test').length, 1);
      },
    );
  });
}

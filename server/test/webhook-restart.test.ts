import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { killHard, startServerProcess, type ServerProcess } from './support/server-process.ts';
import { postJson, waitForJob } from './support/test-brandgen.ts';
import { describeEachDatabase } from './support/test-database.ts';
import { until } from './support/until.ts';
import { startWebhookReceiver } from './support/webhook-receiver.ts';

describeEachDatabase('webhook delivery across a crash', (database) => {
  test('a server killed while a delivery waits for its retry delivers it after the restart, under the same webhook-id', async () => {
    const dataDirectory = await mkdtemp(path.join(os.tmpdir(), 'brandgen-webhook-crash-'));
    const hook = await startWebhookReceiver([500, 200]);
    let server: ServerProcess | undefined;
    after(async () => {
      if (server) await killHard(server);
      await hook.close();
      await rm(dataDirectory, { recursive: true, force: true });
    });
    const environment = {
      ...(await database.environment()),
      BRANDGEN_DATA_DIR: dataDirectory,
      BRANDGEN_DEMO_LATENCY_MS: '20',
      BRANDGEN_WEBHOOK_ALLOW_PRIVATE: 'true',
    };
    server = await startServerProcess(environment, 60_000);
    const created = await postJson(server.baseUrl, '/api/webhooks', { url: hook.url, events: ['job.completed'] });
    assert.equal(created.status, 201);
    const endpoint = (await created.json()) as { id: string };
    const accepted = await postJson(server.baseUrl, '/api/generate', { prompt: 'a kite through a crash' });
    const { job_id: jobId } = (await accepted.json()) as { job_id: string };
    await waitForJob(server.baseUrl, jobId);
    // The first attempt fails with 500; the specification's first retry is 5 s later, and the server dies before it.
    await until('the first attempt', () => hook.received.length === 1, { timeoutMs: 30_000 });
    await killHard(server);
    assert.equal(hook.received.length, 1);

    server = await startServerProcess(environment, 60_000);
    // The retry is due 5 s after the first attempt; the restarted server starts and polls first (slow on a busy machine).
    await until('the retry after the restart', () => hook.received.length === 2, { timeoutMs: 60_000 });
    assert.equal(hook.received[1]!.headers['webhook-id'], hook.received[0]!.headers['webhook-id']);
    const base = server.baseUrl;
    await until('the delivery is recorded', async () => {
      const { deliveries } = (await (await fetch(`${base}/api/webhooks/${endpoint.id}/deliveries`)).json()) as {
        deliveries: Array<{ status: string }>;
      };
      return deliveries[0]?.status === 'delivered';
    });
    const { deliveries } = (await (await fetch(`${base}/api/webhooks/${endpoint.id}/deliveries`)).json()) as {
      deliveries: Array<{ attempts: number }>;
    };
    assert.equal(deliveries[0]!.attempts, 2);
    assert.equal(hook.received.length, 2, 'sent once per attempt');
  });
});

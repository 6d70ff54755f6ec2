import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { test } from 'node:test';
import { describeEachDatabase } from './support/test-database.ts';
import { sendJson, startFakeHttpServer } from './fakes/fake-http-server.ts';
import { postJson, startTestBrandgen, waitForJob } from './support/test-brandgen.ts';

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describeEachDatabase('a provider outage', (database) => {
  test('a provider that is down fails its jobs fast with a plain message while another provider keeps working', async () => {
    const replicate = await startFakeHttpServer((request, response, fake) =>
      sendJson(response, 201, {
        id: 'ok',
        status: 'succeeded',
        output: [fake.imageUrl(`${request.body.input.seed}.png`)],
        urls: { get: `${fake.origin}/v1/predictions/ok`, cancel: `${fake.origin}/v1/predictions/ok/cancel` },
      }),
    );
    const app = await startTestBrandgen({
      ...(await database.environment()),
      FAL_KEY: 'fal-secret-key-123456',
      FAL_BASE_URL: `http://127.0.0.1:${await closedPort()}`,
      REPLICATE_API_TOKEN: 'r8_secret_token_123456',
      REPLICATE_BASE_URL: `${replicate.origin}/v1`,
    });
    try {
      const down = await postJson(app.baseUrl, '/api/generate', { prompt: 'a kite', model: 'fal-flux-schnell' });
      const up = await postJson(app.baseUrl, '/api/generate', { prompt: 'a kite', model: 'replicate-flux-schnell' });
      const [failed, complete] = await Promise.all([
        waitForJob(app.baseUrl, ((await down.json()) as { job_id: string }).job_id, 30_000),
        waitForJob(app.baseUrl, ((await up.json()) as { job_id: string }).job_id, 30_000),
      ]);
      assert.equal(complete.status, 'complete');
      assert.equal(failed.status, 'failed');
      assert.match(failed.error.message, /fal\.ai (could not be reached|is not answering)/);
      assert.doesNotMatch(JSON.stringify(failed), /fal-secret-key-123456/);
      // Once marked down, later images fail without waiting for another connection attempt.
      assert.ok(
        failed.slots.some((slot: { error: string }) => /is not answering/.test(slot.error)),
        JSON.stringify(failed.slots),
      );
    } finally {
      await app.close();
      await replicate.close();
    }
  });
});

import assert from 'node:assert/strict';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { sendJson, startFakeHttpServer } from './fakes/fake-http-server.ts';
import { startTestBrandgen, waitForJob } from './support/test-brandgen.ts';
import { describeEachDatabase } from './support/test-database.ts';

const KEY = 'fal-settings-key-9f8e7d6c';

describeEachDatabase('provider settings', (database) => {
  test('an administrator saves a provider key: stored encrypted, never returned, its models usable at once', async () => {
    const fal = await startFakeHttpServer((request, response, fake) =>
      sendJson(response, 200, { images: [{ url: fake.imageUrl('a.png') }], seed: request.body.seed }),
    );
    const app = await startTestBrandgen(await database.environment());
    try {
      const before = (await (await fetch(`${app.baseUrl}/api/models`)).json()) as { demo_only: boolean };
      assert.equal(before.demo_only, true);

      const invalid = await fetch(`${app.baseUrl}/api/admin/providers/fal`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ api_key: 'short' }),
      });
      assert.equal(invalid.status, 400);
      const unknown = await fetch(`${app.baseUrl}/api/admin/providers/midjourney`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ api_key: KEY }),
      });
      assert.equal(unknown.status, 404);

      const saved = await fetch(`${app.baseUrl}/api/admin/providers/fal`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ api_key: KEY, base_url: fal.origin }),
      });
      assert.equal(saved.status, 200);
      const text = await saved.text();
      assert.doesNotMatch(text, new RegExp(KEY));
      const falStatus = (JSON.parse(text) as { providers: any[] }).providers.find((provider) => provider.provider === 'fal');
      assert.deepEqual(
        [falStatus.configured, falStatus.source, falStatus.key_hint, falStatus.base_url],
        [true, 'settings', '••••7d6c', fal.origin],
      );

      // The key is sealed in the database and the key file is private to its owner.
      const row = await app.brandgen.database.selectFrom('provider_keys').selectAll().executeTakeFirstOrThrow();
      assert.match(row.sealed_key, /^v1:/);
      assert.doesNotMatch(row.sealed_key, new RegExp(KEY));
      const keyFile = path.join(app.dataDirectory, 'secret.key');
      assert.equal((await stat(keyFile)).mode & 0o777, 0o600);
      assert.match(await readFile(keyFile, 'utf8'), /^[0-9a-f]{64}\n$/);

      const models = (await (await fetch(`${app.baseUrl}/api/models`)).json()) as { demo_only: boolean; models: Array<{ id: string }> };
      assert.equal(models.demo_only, false);
      const accepted = await fetch(`${app.baseUrl}/api/generate`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ prompt: 'a boat', model: 'fal-flux-schnell' }),
      });
      const job = await waitForJob(app.baseUrl, ((await accepted.json()) as { job_id: string }).job_id);
      assert.equal(job.status, 'complete');
      assert.equal(fal.apiRequests()[0]!.headers.authorization, `Key ${KEY}`);

      const removed = await fetch(`${app.baseUrl}/api/admin/providers/fal`, { method: 'DELETE' });
      assert.equal(removed.status, 200);
      assert.equal(((await (await fetch(`${app.baseUrl}/api/models`)).json()) as { demo_only: boolean }).demo_only, true);
    } finally {
      await app.close();
      await fal.close();
    }
  });

  test('saved keys survive a restart and need the same secret key', async () => {
    const secret = 'a'.repeat(64);
    // The restarts keep the same data folder and the same database, as a real restart would.
    const environment = await database.environment();
    const app = await startTestBrandgen({ ...environment, BRANDGEN_SECRET_KEY: secret });
    const dataDirectory = app.dataDirectory;
    await fetch(`${app.baseUrl}/api/admin/providers/replicate`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ api_key: 'r8_abcdefghijklmnop' }),
    });
    await app.brandgen.stop();
    const again = await startTestBrandgen({ ...environment, BRANDGEN_DATA_DIR: dataDirectory, BRANDGEN_SECRET_KEY: secret });
    try {
      const models = (await (await fetch(`${again.baseUrl}/api/models`)).json()) as { models: Array<{ provider: string }> };
      assert.ok(models.models.every((model) => model.provider === 'replicate'));
      await again.brandgen.stop();
      await assert.rejects(
        startTestBrandgen({ ...environment, BRANDGEN_DATA_DIR: dataDirectory, BRANDGEN_SECRET_KEY: 'b'.repeat(64) }),
        /saved Replicate key cannot be decrypted/,
      );
    } finally {
      await again.close().catch(() => undefined);
    }
  });
});

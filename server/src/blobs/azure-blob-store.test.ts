import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { DEV_ACCOUNT_KEY, startAzurite, type AzuriteServer } from '../../test/support/test-azurite.ts';
import { postJson, startTestBrandgen, waitForJob } from '../../test/support/test-brandgen.ts';
import { AzureBlobStore } from './azure-blob-store.ts';

describe('Azure Blob storage on Azurite', () => {
  let azurite: AzuriteServer;
  before(async () => {
    azurite = await startAzurite();
  });
  after(async () => azurite?.stop());

  test('stores, reads, streams and deletes blobs; a missing blob is undefined', async () => {
    const store = await AzureBlobStore.connect({ connectionString: azurite.connectionString, container: 'store-test', sasTtlSeconds: 60 });
    const bytes = new Uint8Array([137, 80, 78, 71, 1, 2, 3]);
    await store.put('jobs/a/0.png', bytes, 'image/png');
    assert.equal(await store.exists('jobs/a/0.png'), true);
    assert.deepEqual(await store.read('jobs/a/0.png'), bytes);
    const opened = await store.open('jobs/a/0.png');
    assert.equal(opened!.byteSize, bytes.length);
    const chunks: Buffer[] = [];
    for await (const chunk of opened!.stream) chunks.push(chunk as Buffer);
    assert.deepEqual(new Uint8Array(Buffer.concat(chunks)), bytes);
    assert.equal(await store.read('jobs/missing.png'), undefined);
    assert.equal(await store.open('jobs/missing.png'), undefined);
    await store.delete('jobs/a/0.png');
    assert.equal(await store.exists('jobs/a/0.png'), false);
    await store.ping();
  });

  test('the container is private: without a signed link a blob cannot be read', async () => {
    const store = await AzureBlobStore.connect({
      connectionString: azurite.connectionString,
      container: 'private-test',
      sasTtlSeconds: 60,
    });
    await store.put('jobs/b/0.png', new Uint8Array([1, 2, 3]), 'image/png');
    const anonymous = await fetch(`${azurite.blobEndpoint}/private-test/jobs/b/0.png`);
    assert.ok([403, 404].includes(anonymous.status), `anonymous read answered ${anonymous.status}`);
  });

  test('a signed link works before it expires and is refused after; it never carries the account key', async () => {
    const store = await AzureBlobStore.connect({ connectionString: azurite.connectionString, container: 'sas-test', sasTtlSeconds: 2 });
    await store.put('jobs/c/1.png', new Uint8Array([9, 8, 7]), 'image/png');
    const url = (await store.signedUrl('jobs/c/1.png', { downloadName: 'brandgen-c-2.png' }))!;
    assert.ok(!url.includes(DEV_ACCOUNT_KEY) && !url.includes(encodeURIComponent(DEV_ACCOUNT_KEY)), 'no account key in the link');
    const parameters = new URL(url).searchParams;
    assert.equal(parameters.get('sp'), 'r', 'read-only');
    assert.equal(parameters.get('sr'), 'b', 'one blob, not the container');
    const fresh = await fetch(url);
    assert.equal(fresh.status, 200);
    assert.deepEqual(new Uint8Array(await fresh.arrayBuffer()), new Uint8Array([9, 8, 7]));
    assert.equal(fresh.headers.get('content-disposition'), 'attachment; filename="brandgen-c-2.png"');
    const tampered = new URL(url);
    tampered.pathname = tampered.pathname.replace('1.png', '0.png');
    assert.equal((await fetch(tampered)).status, 403, 'a link opens only its own blob');
    await sleep(3_500);
    assert.equal((await fetch(url)).status, 403, 'refused after expiry');
  });

  test('with sign-in on, a signed link is answered for the browser cache only', async () => {
    const shared = await AzureBlobStore.connect({ connectionString: azurite.connectionString, container: 'cache-test', sasTtlSeconds: 60 });
    const signedIn = await AzureBlobStore.connect({
      connectionString: azurite.connectionString,
      container: 'cache-test',
      sasTtlSeconds: 60,
      privateLinks: true,
    });
    await shared.put('jobs/e/0.png', new Uint8Array([4, 5, 6]), 'image/png');
    const cacheControlOf = async (store: AzureBlobStore) =>
      (await fetch((await store.signedUrl('jobs/e/0.png', { downloadName: 'e.png' }))!)).headers.get('cache-control');
    assert.equal(await cacheControlOf(shared), 'public, max-age=31536000, immutable');
    assert.equal(await cacheControlOf(signedIn), 'private, max-age=31536000, immutable');
  });

  test('with SAS turned off there are no links and images go through the API', async () => {
    const store = await AzureBlobStore.connect({ connectionString: azurite.connectionString, container: 'nosas-test', sasTtlSeconds: 0 });
    assert.equal(await store.signedUrl('jobs/d/0.png', { downloadName: 'x.png' }), undefined);
  });

  for (const sasTtlSeconds of ['86400', '0']) {
    test(`a generated job's images ${sasTtlSeconds === '0' ? 'stream through the API' : 'redirect to signed links'} (BRANDGEN_SAS_TTL_SECONDS=${sasTtlSeconds})`, async () => {
      const app = await startTestBrandgen({
        AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString,
        BRANDGEN_AZURE_CONTAINER: `app-test-${sasTtlSeconds}`,
        BRANDGEN_SAS_TTL_SECONDS: sasTtlSeconds,
      });
      try {
        const accepted = (await (await postJson(app.baseUrl, '/api/generate', { prompt: 'azure', seed: 5 })).json()) as any;
        const job = await waitForJob(app.baseUrl, accepted.job_id);
        assert.equal(job.status, 'complete');
        const response = await fetch(`${app.baseUrl}${job.images[0]}`, { redirect: 'manual' });
        if (sasTtlSeconds === '0') {
          assert.equal(response.status, 200);
          assert.equal(response.headers.get('content-type'), 'image/png');
        } else {
          assert.equal(response.status, 302);
          assert.equal(response.headers.get('cache-control'), 'no-store');
          const location = response.headers.get('location')!;
          assert.ok(location.startsWith(`${azurite.blobEndpoint}/app-test-86400/jobs/${job.id}/0.png?`), location);
          const expires = new Date(new URL(location).searchParams.get('se')!).getTime();
          assert.ok(Math.abs(expires - Date.now() - 86_400_000) < 120_000, 'expires in 24 hours');
          const image = await fetch(location);
          assert.equal(image.status, 200);
          const body = new Uint8Array(await image.arrayBuffer());
          assert.deepEqual([...body.slice(1, 4)], [80, 78, 71], 'a PNG');
        }
        // Pages (any answer outside the API) may load images from the storage account exactly when image links point there.
        const imageSources =
          /img-src ([^;]*)/.exec((await fetch(`${app.baseUrl}/`)).headers.get('content-security-policy') ?? '')?.[1] ?? '';
        assert.equal(imageSources.split(' ').includes(new URL(azurite.blobEndpoint).origin), sasTtlSeconds !== '0', imageSources);
        const ready = await fetch(`${app.baseUrl}/api/ready`);
        assert.equal(ready.status, 200);
        assert.deepEqual(((await ready.json()) as any).checks, { database: 'ok', queue: 'ok', blobs: 'ok' });
      } finally {
        await app.close();
      }
    });
  }
});

import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { browserSkipReason, launchChromium } from '../../web/test/support/browser.ts';
import { startTestBrandgen, type TestBrandgen } from './support/brandgen-server.ts';
import { startCuttingProxy } from './support/cutting-proxy.ts';
import { startStaticFiles } from './support/static-files.ts';

const distDirectory = path.resolve(import.meta.dirname, '../dist');
const vendor = {
  'openapi-fetch': fileURLToPath(import.meta.resolve('openapi-fetch')),
  'eventsource-parser': fileURLToPath(import.meta.resolve('eventsource-parser')),
  'eventsource-parser/stream': fileURLToPath(import.meta.resolve('eventsource-parser/stream')),
};

/** The built client's files and its two dependencies at the paths an import map names, as a plugin would ship them. */
function clientRoutes(): Record<string, { file: string }> {
  const routes: Record<string, { file: string }> = {
    '/vendor/openapi-fetch.js': { file: vendor['openapi-fetch'] },
    '/vendor/eventsource-parser/index.js': { file: vendor['eventsource-parser'] },
    '/vendor/eventsource-parser/stream.js': { file: vendor['eventsource-parser/stream'] },
  };
  for (const file of readdirSync(distDirectory, { recursive: true, encoding: 'utf8' })) {
    if (file.endsWith('.js')) routes[`/client/${file.split(path.sep).join('/')}`] = { file: path.join(distDirectory, file) };
  }
  return routes;
}

const FRAME = `<!doctype html>
<meta charset="utf-8"><title>Plugin frame</title>
<script type="importmap">
{ "imports": { "openapi-fetch": "/vendor/openapi-fetch.js", "eventsource-parser": "/vendor/eventsource-parser/index.js",
  "eventsource-parser/stream": "/vendor/eventsource-parser/stream.js" } }
</script>
<script type="module">
import { BrandgenApiError, createBrandgenClient, unwrap } from '/client/index.js';
const report = (result) => parent.postMessage(result, '*');
try {
  const client = createBrandgenClient({ baseUrl: new URLSearchParams(location.search).get('server') });
  const created = await unwrap(client.api.POST('/api/generate', { body: { prompt: 'a lighthouse in a sandbox' } }));
  const events = [];
  let last;
  for await (const event of client.followJob(created.job_id, { reconnectDelayMs: 10 })) {
    events.push({ type: event.type, id: event.id ?? null });
    last = event;
  }
  const bytes = await client.downloadImage(last.data.images[0]);
  let refused;
  await client.api.POST('/api/generate', { body: { prompt: ' ' } }).catch((error) => {
    refused = { isBrandgenApiError: error instanceof BrandgenApiError, status: error.status, fields: error.fields };
  });
  let cookiesReadable = true;
  try { void document.cookie; } catch { cookiesReadable = false; }
  report({ origin: self.origin, cookiesReadable, events, status: last.data.status, pngSignature: Array.from(bytes.slice(1, 4)), refused });
} catch (error) {
  report({ failure: String(error?.stack ?? error) });
}
</script>`;

describe('the built client in a sandboxed iframe (origin null) in Chromium', { skip: browserSkipReason() }, () => {
  let server: TestBrandgen;
  let browser: Browser;
  before(async () => {
    assert.ok(existsSync(path.join(distDirectory, 'index.js')), 'client/dist is missing: run `npm run build -w client` first');
    server = await startTestBrandgen(
      { BRANDGEN_CORS_ORIGINS: 'null', BRANDGEN_DEMO_LATENCY_MS: '150', BRANDGEN_CONCURRENCY: '1' },
      { retentionSweepIntervalMs: 0 },
    );
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('generates, follows the job over SSE through a dropped connection, downloads an image and reads errors', async () => {
    const proxy = await startCuttingProxy(server.baseUrl, { cutStreamAfterEvents: 2 });
    const files = await startStaticFiles({
      ...clientRoutes(),
      '/frame.html': { html: FRAME },
      '/': {
        html: `<!doctype html><title>Host</title><script>addEventListener('message', (event) => { window.result = event.data; });</script>
<iframe sandbox="allow-scripts" title="plugin" src="/frame.html?server=${encodeURIComponent(proxy.baseUrl)}"></iframe>`,
      },
    });
    try {
      const page = await browser.newPage();
      const pageErrors: string[] = [];
      page.on('pageerror', (error) => pageErrors.push(error.message));
      await page.goto(`${files.baseUrl}/`);
      await page.waitForFunction(() => (window as { result?: unknown }).result !== undefined, undefined, { timeout: 20_000 });
      const result = (await page.evaluate(() => (window as { result?: unknown }).result)) as Record<string, any>;
      assert.equal(result.failure, undefined, result.failure);
      assert.equal(result.origin, 'null');
      assert.equal(result.cookiesReadable, false, 'the frame has no cookies to rely on');
      assert.equal(result.status, 'complete');
      const types = (result.events as Array<{ type: string }>).map((event) => event.type);
      assert.equal(types.filter((type) => type === 'image').length, 4);
      assert.deepEqual(types.slice(-2), ['complete', 'filed']);
      assert.deepEqual(result.pngSignature, [0x50, 0x4e, 0x47], 'PNG bytes');
      assert.deepEqual(result.refused, {
        isBrandgenApiError: true,
        status: 400,
        fields: [{ field: 'prompt', message: 'Describe the image you need.' }],
      });
      const streams = proxy.streamRequests().filter((request) => request.method === 'GET');
      assert.equal(streams.length, 2, 'the cut stream was resumed');
      assert.match(streams[1]!.lastEventId ?? '', /^\d+$/, 'with Last-Event-ID, which the null origin may send');
      assert.deepEqual(pageErrors, []);
    } finally {
      await files.close();
      await proxy.close();
    }
  });
});

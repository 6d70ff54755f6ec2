/**
 * The Webhooks page in a real browser: register an endpoint (its secret shown once), send a test event that the
 * receiver first refuses, see the retry waiting, resend it at once, and delete the endpoint.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { startServerProcess, stopServerProcess, type ServerProcess } from '../../server/test/support/server-process.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../../server/test/support/webhook-receiver.ts';
import { seriousAccessibilityViolations } from './support/accessibility.ts';
import { browserSkipReason, launchChromium } from './support/browser.ts';

describe('Webhooks page in a browser', { skip: browserSkipReason() }, () => {
  let receiver: WebhookReceiver;
  let server: ServerProcess | undefined;
  let dataDirectory: string | undefined;
  let browser: Browser | undefined;
  let page: Page;

  before(async () => {
    receiver = await startWebhookReceiver([500, 500, 200]);
    dataDirectory = await mkdtemp(path.join(tmpdir(), 'brandgen-webhooks-page-'));
    server = await startServerProcess(
      { BRANDGEN_DATA_DIR: dataDirectory, BRANDGEN_WEBHOOK_ALLOW_PRIVATE: 'true' },
      60_000,
      path.resolve(import.meta.dirname, '..'),
    );
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  });

  after(async () => {
    await browser?.close().catch(() => {});
    await stopServerProcess(server);
    await receiver?.close();
    if (dataDirectory) await rm(dataDirectory, { recursive: true, force: true });
  });

  it('registers an endpoint with its secret shown once, shows a retry waiting, resends it and deletes the endpoint', async () => {
    await page.goto(server!.baseUrl);
    await page.getByRole('link', { name: 'Webhooks' }).click();
    await page.getByText('You have no webhook endpoints.').waitFor();

    await page.getByLabel('Address').fill(receiver.url);
    await page.getByLabel('Description').fill('Build server');
    await page.getByLabel(/A batch finished/).check();
    await page.getByRole('button', { name: 'Register endpoint' }).click();
    const secret = (await page.getByTestId('webhook-secret').textContent()) ?? '';
    assert.match(secret, /^whsec_[A-Za-z0-9+/]+=*$/);
    const card = page.getByRole('region', { name: receiver.url });
    await card.getByText('job.completed, job.failed, batch.completed').waitFor();

    await card.getByRole('button', { name: 'Send test event' }).click();
    // The receiver answers 500 twice: the delivery waits for its retries (5 s, then 5 min by the specification's schedule).
    await card.getByText('Retrying (500)').waitFor({ timeout: 10_000 });
    assert.equal(receiver.received.length, 1);
    assert.deepEqual(await seriousAccessibilityViolations(page), []);
    if (process.env.BRANDGEN_WEBHOOKS_SCREENSHOT) await page.screenshot({ path: process.env.BRANDGEN_WEBHOOKS_SCREENSHOT, fullPage: true });

    await card.getByRole('button', { name: /^Resend webhook\.test delivery/ }).click();
    await card.getByText('Delivered (200)').waitFor({ timeout: 10_000 });
    // The 5 s retry may have come before the click on a slow machine; either way the resend was the third request.
    assert.equal(receiver.received.length, 3);
    assert.equal(new Set(receiver.received.map((request) => request.headers['webhook-id'])).size, 1, 'a resend keeps the webhook-id');

    await page.reload();
    await card.getByText('Delivered (200)').waitFor();
    assert.equal((await page.content()).includes(secret), false, 'the secret is not shown again');

    await card.getByRole('button', { name: 'Delete Build server' }).click();
    await card.getByRole('button', { name: 'Delete endpoint' }).click();
    await page.getByText('You have no webhook endpoints.').waitFor();
  });
});

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { BrandgenOverrides } from '../../../server/src/app.ts';
import { startTestBrandgen, type TestBrandgen } from '../../../server/test/support/test-brandgen.ts';

export const CHROMIUM_PATH = '/usr/bin/chromium';
const webDist = path.resolve(import.meta.dirname, '../../dist');

/** Why a browser test cannot run here; in CI a missing browser is a broken setup, never a reason to skip. */
export function browserSkipReason(): string | undefined {
  if (process.env.CI) return undefined;
  if (!existsSync(CHROMIUM_PATH)) return `Chromium is not installed at ${CHROMIUM_PATH} (apt-get install -y chromium)`;
  return undefined;
}

export interface BrowserApp {
  app: TestBrandgen;
  browser: Browser;
  page: Page;
  /** Uncaught errors in the page, which a test asserts stay empty. */
  pageErrors: string[];
  close(): Promise<void>;
}

/** An in-process Brandgen serving the built web app, and a headless Chromium page on it. */
export async function startBrowserApp(environment: Record<string, string> = {}, overrides: BrandgenOverrides = {}): Promise<BrowserApp> {
  assert.ok(existsSync(path.join(webDist, 'index.html')), 'web/dist is missing: run `npm run build -w web` first');
  const app = await startTestBrandgen({ BRANDGEN_WEB_DIR: webDist, ...environment }, { retentionSweepIntervalMs: 0, ...overrides });
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  });
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true })).newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return {
    app,
    browser,
    page,
    pageErrors,
    async close() {
      await browser.close().catch(() => {});
      await app.close();
    },
  };
}

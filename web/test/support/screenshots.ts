import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';

/** Set to a folder to keep screenshots of the brand pages at the two widths the app is checked at. */
const screenshotFolder = process.env.BRANDGEN_BRANDS_SCREENSHOTS;

/** Saves the page at 1440×900 and 1024×768 when BRANDGEN_BRANDS_SCREENSHOTS names a folder, then goes back to 1280×900. */
export async function screenshot(page: Page, name: string, fullPage = true): Promise<void> {
  if (!screenshotFolder) return;
  await mkdir(screenshotFolder, { recursive: true });
  for (const [width, height] of [
    [1440, 900],
    [1024, 768],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: path.join(screenshotFolder, `${name}-${width}.png`), fullPage });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

/**
 * Saves the viewport at 1440×900 and 1024×768 as `name-WIDTHxHEIGHT.png` when `folder` is set (each test file names
 * its own environment variable), then goes back to 1440×900.
 */
export async function screenshotBothSizes(page: Page, name: string, folder: string | undefined): Promise<void> {
  if (!folder) return;
  for (const [width, height] of [
    [1440, 900],
    [1024, 768],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: path.join(folder, `${name}-${width}x${height}.png`), animations: 'disabled' });
  }
  await page.setViewportSize({ width: 1440, height: 900 });
}

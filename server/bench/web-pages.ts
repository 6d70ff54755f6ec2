// `npm run bench` (fifth part): what the web app makes a browser download. The JavaScript the first page needs (gzip,
// as issue 12 §5 counts it) for Generate and History, and every byte the Generate page transfers with ten finished
// sets in its feed, scrolled to the end.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser } from 'playwright-core';
import { BUILT_SERVER_ENTRY, killHard, startServerProcess } from '../test/support/server-process.ts';
import { followEvents, postJob } from './measure.ts';

const CHROMIUM_PATH = '/usr/bin/chromium';
const WEB_ASSETS = path.resolve(import.meta.dirname, '../../web/dist');
const FIRST_PAGE_JAVASCRIPT_KB = 100;
const GENERATE_PAGE_KB = 600;
const FINISHED_SETS = 10;

/** The gzip size of a served script: the build's own .gz copy, which the server sends to browsers that take gzip. */
async function gzipBytes(urlPath: string): Promise<number> {
  const file = path.join(WEB_ASSETS, urlPath);
  if (existsSync(`${file}.gz`)) return (await readFile(`${file}.gz`)).length;
  return gzipSync(await readFile(file), { level: 9 }).length;
}

async function firstPageJavaScript(browser: Browser, url: string): Promise<number> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const scripts = new Set<string>();
  page.on('response', (response) => {
    if (response.request().resourceType() === 'script') scripts.add(new URL(response.url()).pathname);
  });
  await page.goto(url, { waitUntil: 'networkidle' });
  let total = 0;
  for (const script of scripts) total += await gzipBytes(script);
  await context.close();
  return total;
}

async function generatePageTransfer(browser: Browser, url: string): Promise<number> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  let bytes = 0;
  page.on('requestfinished', (request) => {
    void request.sizes().then((sizes) => (bytes += sizes.responseBodySize + sizes.responseHeadersSize));
  });
  await page.goto(url, { waitUntil: 'networkidle' });
  // Down the whole feed, so that every set's images are asked for, as a person reviewing the session would.
  for (let step = 0; step < 40; step += 1) {
    await page.mouse.wheel(0, 800);
    await page.waitForTimeout(50);
  }
  await page.waitForLoadState('networkidle');
  await context.close();
  return bytes;
}

/** Cumulative layout shift of opening the Generate page, as Chromium reports it, over the page's first two seconds. */
async function generatePageLayoutShift(browser: Browser, url: string): Promise<number> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await page.addInitScript(() => {
    const shifts = { total: 0 };
    (globalThis as unknown as { layoutShift: typeof shifts }).layoutShift = shifts;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as unknown as Array<{ value: number; hadRecentInput: boolean }>) {
        if (!entry.hadRecentInput) shifts.total += entry.value;
      }
    }).observe({ type: 'layout-shift' as never, buffered: true }); // a browser entry type Node's types do not list
  });
  await page.goto(url, { waitUntil: 'networkidle' });
  await page.waitForTimeout(2000);
  const shift = await page.evaluate(() => (globalThis as unknown as { layoutShift: { total: number } }).layoutShift.total);
  await context.close();
  return shift;
}

function report(name: string, value: number, target: number, unit = ' kB'): boolean {
  const met = value < target;
  console.log(`${met ? 'meets ' : 'MISSES'}  ${name}: ${value.toFixed(unit ? 1 : 3)}${unit} (target < ${target}${unit})`);
  return met;
}

if (!existsSync(CHROMIUM_PATH) || !existsSync(path.join(WEB_ASSETS, 'index.html'))) {
  console.log(`skipped  web page figures: they need Chromium at ${CHROMIUM_PATH} and the built web app (npm run build)`);
} else {
  const dataDirectory = await mkdtemp(path.join(os.tmpdir(), 'brandgen-bench-web-'));
  const server = await startServerProcess(
    { BRANDGEN_DATA_DIR: dataDirectory, BRANDGEN_DEMO_LATENCY_MS: '20', BRANDGEN_RATE_LIMIT_PER_MINUTE: '100000', LOG_LEVEL: 'error' },
    30_000,
    undefined,
    BUILT_SERVER_ENTRY,
  );
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  try {
    for (let set = 0; set < FINISHED_SETS; set += 1) {
      const jobId = await postJob(server.baseUrl, `web page bench set ${set}`);
      await followEvents(`${server.baseUrl}/api/jobs/${jobId}/events`, () => {});
    }
    let met = 0;
    for (const [name, address] of [
      ['Generate', '/'],
      ['History', '/history'],
    ] as const) {
      const kilobytes = (await firstPageJavaScript(browser, `${server.baseUrl}${address}`)) / 1024;
      if (report(`JavaScript the ${name} page needs on a first visit (gzip)`, kilobytes, FIRST_PAGE_JAVASCRIPT_KB)) met += 1;
    }
    const transferred = (await generatePageTransfer(browser, `${server.baseUrl}/`)) / 1024;
    if (report(`Generate page with ${FINISHED_SETS} finished sets, bytes transferred (scrolled to the end)`, transferred, GENERATE_PAGE_KB))
      met += 1;
    const shift = await generatePageLayoutShift(browser, `${server.baseUrl}/`);
    if (report(`Generate page with ${FINISHED_SETS} finished sets, cumulative layout shift on opening`, shift, 0.05, '')) met += 1;
    console.log(`\n${met} of 4 web page figures meet their targets.`);
  } finally {
    await browser.close();
    await killHard(server);
    await rm(dataDirectory, { recursive: true, force: true });
  }
}

// `npm run bench` (sixth part): Lighthouse's mobile audit of Generate and History with 200 images made by the demo
// model, as the web app issue (§5) counts it: Performance ≥ 90, Accessibility 100, Best Practices 100.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { BUILT_SERVER_ENTRY, killHard, startServerProcess } from '../test/support/server-process.ts';
import { followEvents, postJob } from './measure.ts';

const CHROMIUM_PATH = '/usr/bin/chromium';
/** 50 sets of four: the 200 images, in the Generate feed's history and in the library. */
const SETS = 50;
const TARGETS = { performance: 90, accessibility: 100, 'best-practices': 100 } as const;
type Category = keyof typeof TARGETS;

async function makeImages(baseUrl: string): Promise<void> {
  for (let set = 0; set < SETS; set += 5) {
    const jobs = await Promise.all(Array.from({ length: 5 }, (_, index) => postJob(baseUrl, `lighthouse set ${set + index}`)));
    await Promise.all(jobs.map((jobId) => followEvents(`${baseUrl}/api/jobs/${jobId}/events`, () => {})));
  }
}

/**
 * One page's scores, 0 to 100, under Lighthouse's default mobile emulation (a mid-range phone on slow 4G). A category
 * Lighthouse could not score (a failed page load, an audit that errored) is a reason instead of a number, so a run that
 * failed does not read as a score of 0.
 */
async function audit(url: string, port: number): Promise<Record<Category, number | string>> {
  const result = await lighthouse(url, {
    port,
    output: 'json',
    logLevel: 'error',
    onlyCategories: Object.keys(TARGETS),
  });
  if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
  const { categories, audits, runtimeError } = result.lhr;
  const score = (category: Category): number | string => {
    const value = categories[category]?.score;
    if (typeof value === 'number') return Math.round(value * 100);
    const errored = categories[category]?.auditRefs.map((ref) => audits[ref.id]).find((item) => item?.errorMessage);
    const reason = runtimeError?.message ?? (errored ? `${errored.id}: ${errored.errorMessage}` : 'Lighthouse gave no score');
    return `not measured (${reason})`;
  };
  return { performance: score('performance'), accessibility: score('accessibility'), 'best-practices': score('best-practices') };
}

if (!existsSync(CHROMIUM_PATH)) {
  console.log(`skipped  Lighthouse figures: no Chromium at ${CHROMIUM_PATH}`);
} else {
  const dataDirectory = await mkdtemp(path.join(os.tmpdir(), 'brandgen-bench-lighthouse-'));
  const server = await startServerProcess(
    { BRANDGEN_DATA_DIR: dataDirectory, BRANDGEN_DEMO_LATENCY_MS: '0', BRANDGEN_RATE_LIMIT_PER_MINUTE: '100000', LOG_LEVEL: 'error' },
    20_000,
    undefined,
    BUILT_SERVER_ENTRY,
  );
  const chrome = await chromeLauncher.launch({
    chromePath: CHROMIUM_PATH,
    chromeFlags: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
  try {
    await makeImages(server.baseUrl);
    for (const [name, route] of [
      ['Generate', '/'],
      ['History', '/history'],
    ] as const) {
      const scores = await audit(`${server.baseUrl}${route}`, chrome.port);
      for (const category of Object.keys(TARGETS) as Category[]) {
        const score = scores[category];
        const met = typeof score === 'number' && score >= TARGETS[category];
        console.log(
          `${met ? 'meets ' : 'MISSES'}  Lighthouse mobile, ${name} with ${SETS * 4} images, ${category}: ${score} (target ≥ ${TARGETS[category]})`,
        );
      }
    }
  } finally {
    chrome.kill();
    await killHard(server);
    await rm(dataDirectory, { recursive: true, force: true });
  }
}

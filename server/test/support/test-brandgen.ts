import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createBrandgen, type Brandgen, type BrandgenOverrides } from '../../src/app.ts';
import { loadConfig, type Config } from '../../src/config/config.ts';

export interface TestBrandgen {
  brandgen: Brandgen;
  config: Config;
  baseUrl: string;
  dataDirectory: string;
  close(): Promise<void>;
}

/** A real Brandgen on a free loopback port with its own data folder. */
export async function startTestBrandgen(
  environment: Record<string, string> = {},
  overrides: BrandgenOverrides = {},
): Promise<TestBrandgen> {
  const dataDirectory = await mkdtemp(path.join(os.tmpdir(), 'brandgen-test-'));
  const config = testConfig(dataDirectory, environment);
  const brandgen = await createBrandgen(config, { retryBackoffMs: 5, ...overrides });
  const baseUrl = await brandgen.start();
  const running: TestBrandgen = {
    brandgen,
    config,
    baseUrl,
    dataDirectory,
    async close() {
      // The instance in use now: a test may have restarted Brandgen on the same data.
      await running.brandgen.stop();
      await rm(dataDirectory, { recursive: true, force: true });
    },
  };
  return running;
}

/** The configuration of a test installation on a free loopback port, quiet, with its data in `dataDirectory`. */
export function testConfig(dataDirectory: string, environment: Record<string, string> = {}): Config {
  return loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    BRANDGEN_DATA_DIR: dataDirectory,
    BRANDGEN_DEMO_LATENCY_MS: '20',
    LOG_LEVEL: 'silent',
    BRANDGEN_WEB_DIR: path.join(dataDirectory, 'no-web-app'),
    ...environment,
  });
}

/** Waits until the job is finished and its ready images are filed in the library, which follows a moment later. */
export async function waitForJob(baseUrl: string, jobId: string, timeoutMs = 10_000): Promise<Record<string, any>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = (await (await fetch(`${baseUrl}/api/jobs/${jobId}`)).json()) as Record<string, any>;
    // Filed: finished, its images scored and in the library, and its webhooks written.
    if (job.filed_at) return job;
    if (Date.now() > deadline) throw new Error(`Job ${jobId} still ${job.status} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export async function postJson(baseUrl: string, route: string, body: unknown): Promise<Response> {
  return fetch(`${baseUrl}${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

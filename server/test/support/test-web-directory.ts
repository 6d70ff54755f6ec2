import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { startTestBrandgen, type TestBrandgen } from './test-brandgen.ts';

export interface TestWebDirectory {
  root: string;
  /** The script's bytes, and its pre-compressed copies as the web build writes them. */
  script: { urlPath: string; bytes: Buffer; brotli: Buffer; gzip: Buffer };
  remove(): Promise<void>;
}

/** A built web app in miniature: index.html and one hashed asset with .br and .gz beside it. */
export async function createTestWebDirectory(): Promise<TestWebDirectory> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'brandgen-web-'));
  await mkdir(path.join(root, 'assets'));
  await writeFile(
    path.join(root, 'index.html'),
    '<!doctype html><html lang="en"><head><title>Brandgen</title><script type="module" src="/assets/app-1a2b3c.js"></script></head><body><div id="root"></div></body></html>',
  );
  const bytes = Buffer.from(`export const words = ${JSON.stringify(Array.from({ length: 400 }, (_, index) => `word ${index}`))};\n`);
  const brotli = brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } });
  const gzip = gzipSync(bytes, { level: 9 });
  const file = path.join(root, 'assets', 'app-1a2b3c.js');
  await writeFile(file, bytes);
  await writeFile(`${file}.br`, brotli);
  await writeFile(`${file}.gz`, gzip);
  return {
    root,
    script: { urlPath: '/assets/app-1a2b3c.js', bytes, brotli, gzip },
    remove: () => rm(root, { recursive: true, force: true }),
  };
}

export interface BrandgenWithWebApp {
  app: TestBrandgen;
  web: TestWebDirectory;
  close(): Promise<void>;
}

/** Brandgen (no sign-in) serving the miniature web app. */
export async function startBrandgenWithWebApp(): Promise<BrandgenWithWebApp> {
  const web = await createTestWebDirectory();
  const app = await startTestBrandgen({ BRANDGEN_WEB_DIR: web.root });
  return {
    app,
    web,
    async close() {
      await app.close();
      await web.remove();
    },
  };
}

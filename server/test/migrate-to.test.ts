import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import sharp from 'sharp';
import { AzureBlobStore } from '../src/blobs/azure-blob-store.ts';
import { startAzurite, type AzuriteServer } from './support/test-azurite.ts';
import { postJson, startTestBrandgen, waitForJob } from './support/test-brandgen.ts';
import { createPostgresSchema, postgresSkipReason } from './support/test-database.ts';

const COMMAND = path.resolve(import.meta.dirname, '../src/cli/migrate-to.ts');
const JOBS = 10;

function runCopy(args: string[], environment: Record<string, string>, killWhen?: (line: string) => boolean) {
  const child = spawn(process.execPath, [COMMAND, ...args], { env: { ...process.env, ...environment }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let pending = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    pending += chunk.toString();
    const lines = pending.split('\n');
    pending = lines.pop()!;
    if (killWhen && lines.some(killWhen)) child.kill('SIGKILL');
  });
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal, output })),
  );
}

describe('copying a SQLite installation to PostgreSQL and Azure Blob', { skip: postgresSkipReason ?? false }, () => {
  let azurite: AzuriteServer;
  let schema: Awaited<ReturnType<typeof createPostgresSchema>>;
  let dataDirectory: string;
  before(async () => {
    [azurite, schema] = await Promise.all([startAzurite(), createPostgresSchema()]);
  });
  after(async () => {
    await azurite?.stop();
    await schema?.drop();
    if (dataDirectory) await rm(dataDirectory, { recursive: true, force: true });
  });

  test('rows and images arrive with equal counts and checksums, after an interruption and a resume', { timeout: 180_000 }, async () => {
    const source = await startTestBrandgen({ BRANDGEN_DEMO_LATENCY_MS: '0' });
    dataDirectory = source.dataDirectory;
    const jobIds: string[] = [];
    for (let index = 0; index < JOBS; index += 1) {
      const accepted = (await (await postJson(source.baseUrl, '/api/generate', { prompt: `copy me ${index}`, seed: index })).json()) as any;
      jobIds.push(accepted.job_id);
    }
    for (const jobId of jobIds) assert.equal((await waitForJob(source.baseUrl, jobId, 60_000)).status, 'complete');
    const project = (await (
      await postJson(source.baseUrl, '/api/projects', { name: 'Copied', brief: { brand_name: 'Copied' } })
    ).json()) as any;
    const inspiration = await sharp({ create: { width: 120, height: 80, channels: 3, background: '#204060' } })
      .png()
      .toBuffer();
    const uploaded = await fetch(`${source.baseUrl}/api/projects/${project.id}/inspiration`, {
      method: 'PUT',
      headers: { 'content-type': 'image/png' },
      body: inspiration,
    });
    const inspirationUrl = ((await uploaded.json()) as any).inspiration.url;
    const inspirationBytes = Buffer.from(await (await fetch(`${source.baseUrl}${inspirationUrl}`)).arrayBuffer());
    await source.brandgen.stop();

    const environment = {
      BRANDGEN_DATA_DIR: dataDirectory,
      AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString,
      BRANDGEN_AZURE_CONTAINER: 'copied-images',
      LOG_LEVEL: 'silent',
    };
    const args = ['--database', schema.url, '--blobs', 'azure'];
    const usage = await runCopy(['--database', 'mysql://nope'], environment);
    assert.equal(usage.code, 2);
    assert.match(usage.output, /--database must be a postgres:\/\/ URL/);

    const interrupted = await runCopy(args, environment, (line) => /^images [3-9]\//.test(line));
    assert.equal(interrupted.signal, 'SIGKILL', interrupted.output);
    const store = await AzureBlobStore.connect({
      connectionString: azurite.connectionString,
      container: 'copied-images',
      sasTtlSeconds: 60,
    });
    let copiedBeforeKill = 0;
    for (const jobId of jobIds) for (const slot of [0, 1, 2, 3]) if (await store.exists(`jobs/${jobId}/${slot}.png`)) copiedBeforeKill += 1;
    assert.ok(copiedBeforeKill >= 3 && copiedBeforeKill < JOBS * 4, `interrupted part-way (${copiedBeforeKill} images copied)`);

    const resumed = await runCopy(args, environment);
    assert.equal(resumed.code, 0, resumed.output);
    const summary = /verified 81 images by SHA-256 \((\d+) copied now, (\d+) already there\)/.exec(resumed.output);
    assert.ok(summary, resumed.output);
    const already = Number(summary[2]);
    assert.ok(already >= copiedBeforeKill, `the resume skipped what was copied (${already} ≥ ${copiedBeforeKill})\n${resumed.output}`);
    assert.match(resumed.output, /verified jobs: 10 rows in the source, 10 in the target/);
    assert.match(resumed.output, /verified job_images: 40 rows in the source, 40 in the target/);

    // Independently of the tool's own report: the target's rows and blobs match.
    const client = new pg.Client({ connectionString: schema.url.replace(/[?&]schema=[^&]+/, '') });
    await client.connect();
    try {
      await client.query(`set search_path to ${new URL(schema.url).searchParams.get('schema')}`);
      const rows = (await client.query('select job_id, slot, blob_key, sha256 from job_images order by job_id, slot')).rows;
      assert.equal(rows.length, JOBS * 4);
      for (const row of rows) {
        const bytes = await store.read(row.blob_key);
        assert.equal(createHash('sha256').update(bytes!).digest('hex'), row.sha256, row.blob_key);
      }
      const events = Number((await client.query('select count(*) as count from job_events')).rows[0].count);
      assert.ok(events >= JOBS * 10, `job events copied (${events})`);
    } finally {
      await client.end();
    }

    // The copied installation runs: Brandgen on PostgreSQL and Azure serves the old jobs.
    const copied = await startTestBrandgen({
      ...environment,
      DATABASE_URL: schema.url,
      BRANDGEN_DATA_DIR: path.join(dataDirectory, 'unused'),
    });
    try {
      const job = (await (await fetch(`${copied.baseUrl}/api/jobs/${jobIds[4]}`)).json()) as any;
      assert.equal(job.status, 'complete');
      const image = await fetch(`${copied.baseUrl}${job.images[2]}`);
      assert.equal(image.status, 200);
      assert.ok(image.url.startsWith(azurite.blobEndpoint));
      // The library came along: its thumbnails, its word index and fresh numbers for new images.
      const found = (await (await fetch(`${copied.baseUrl}/api/images?q=${encodeURIComponent(job.prompt.split(' ')[0])}`)).json()) as any;
      assert.ok(found.images.length >= 4, JSON.stringify(found).slice(0, 300));
      const thumbnail = await fetch(`${copied.baseUrl}${found.images[0].thumbnail_url}`);
      assert.equal(thumbnail.status, 200);
      // So did the project's inspiration image, served from Azure by a signed link.
      const copiedInspiration = await fetch(`${copied.baseUrl}${inspirationUrl}`);
      assert.equal(copiedInspiration.status, 200);
      assert.ok(copiedInspiration.url.startsWith(azurite.blobEndpoint));
      assert.equal(copiedInspiration.headers.get('content-type'), 'image/webp');
      assert.ok(Buffer.from(await copiedInspiration.arrayBuffer()).equals(inspirationBytes));
      const fresh = (await (await postJson(copied.baseUrl, '/api/generate', { prompt: 'made after the copy' })).json()) as any;
      assert.equal((await waitForJob(copied.baseUrl, fresh.job_id)).status, 'complete');
      const newest = (await (await fetch(`${copied.baseUrl}/api/images?limit=4`)).json()) as any;
      assert.deepEqual(
        newest.images.map((entry: any) => entry.prompt),
        Array(4).fill('made after the copy'),
      );
    } finally {
      await copied.close();
    }
  });
});

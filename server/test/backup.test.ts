import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { restoreBackup } from '../src/backup/restore-backup.ts';
import { writeBackup } from '../src/backup/write-backup.ts';
import { killHard, startServerProcess, stopServerProcess } from './support/server-process.ts';
import { settableClock } from './support/settable-clock.ts';
import { postJson, startTestBrandgen, waitForJob, type TestBrandgen } from './support/test-brandgen.ts';

const run = promisify(execFile);
const CLI = path.resolve(import.meta.dirname, '../bin/brandgen.js');

async function json(app: TestBrandgen, route: string): Promise<any> {
  return (await fetch(`${app.baseUrl}${route}`)).json();
}

async function bytes(app: TestBrandgen, route: string): Promise<Buffer> {
  return Buffer.from(await (await fetch(`${app.baseUrl}${route}`)).arrayBuffer());
}

async function filesUnder(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)))
    .sort();
}

// SQLite only, by nature: `brandgen backup` copies the embedded SQLite file (online backup API) and restore puts it
// back in the data folder (docs/architecture.md: backup is SQLite-specific). A PostgreSQL deployment is backed up with
// PostgreSQL's own tools, so this suite does not use describeEachDatabase.
describe('backup and restore', () => {
  const clock = settableClock();
  let app: TestBrandgen;
  let scratch: string;
  let archive: string;
  let favoriteId: string;
  let projectId: string;

  before(async () => {
    scratch = await mkdtemp(path.join(os.tmpdir(), 'brandgen-backup-test-'));
    app = await startTestBrandgen({ BRANDGEN_DEMO_LATENCY_MS: '200' }, { clock, retentionSweepIntervalMs: 0 });
    for (const prompt of ['a harbour at dawn', 'a lighthouse in fog']) {
      const { job_id } = (await (await postJson(app.baseUrl, '/api/generate', { prompt })).json()) as { job_id: string };
      await waitForJob(app.baseUrl, job_id);
    }
    favoriteId = (await json(app, '/api/images?q=lighthouse')).images[0].id;
    await fetch(`${app.baseUrl}/api/images/${favoriteId}/favorite`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ favorite: true }),
    });
    await postJson(app.baseUrl, '/api/templates', { name: 'Harbour', prompt: 'a harbour at {time}' });
    projectId = (
      (await (await postJson(app.baseUrl, '/api/projects', { name: 'Harbour', brief: { brand_name: 'Harbour' } })).json()) as any
    ).id;
    const inspiration = await sharp({ create: { width: 120, height: 80, channels: 3, background: '#204060' } })
      .png()
      .toBuffer();
    const uploaded = await fetch(`${app.baseUrl}/api/projects/${projectId}/inspiration`, {
      method: 'PUT',
      headers: { 'content-type': 'image/png' },
      body: inspiration,
    });
    assert.equal(uploaded.status, 200);
  });
  after(async () => {
    await app.close();
    await rm(scratch, { recursive: true, force: true });
  });

  test('a backup taken while the server works restores to the same library, images and templates', async () => {
    // A job runs while the backup is taken.
    const running = (await (await postJson(app.baseUrl, '/api/generate', { prompt: 'a ship mid-backup' })).json()) as { job_id: string };
    archive = path.join(scratch, 'backup.zip');
    const result = await writeBackup({ dataDirectory: app.dataDirectory, output: archive });
    assert.equal(result.droppedImages, 0);
    assert.ok(result.images >= 16, `database and images of two finished jobs (${result.images})`);
    await waitForJob(app.baseUrl, running.job_id);

    const restoredDirectory = path.join(scratch, 'restored');
    const restored = await restoreBackup({ archive, dataDirectory: restoredDirectory });
    assert.equal(restored.previousData, null);
    const copy = await startTestBrandgen({ BRANDGEN_DATA_DIR: restoredDirectory }, { clock, retentionSweepIntervalMs: 0 });
    try {
      // The job that was running is resumed from the backup and finishes.
      const jobs = (await json(copy, '/api/jobs?limit=10')).jobs;
      for (const job of jobs) await waitForJob(copy.baseUrl, job.id);
      const original = (await json(app, '/api/images?limit=200')).images;
      const copied = (await json(copy, '/api/images?limit=200')).images;
      const stable = (images: any[]) => images.filter((image) => image.prompt !== 'a ship mid-backup');
      assert.deepEqual(stable(copied), stable(original));
      assert.equal(copied.find((image: any) => image.id === favoriteId).favorite, true);
      for (const image of stable(original)) {
        assert.ok((await bytes(copy, image.url)).equals(await bytes(app, image.url)), `image ${image.id} is identical`);
        assert.ok((await bytes(copy, image.thumbnail_url)).equals(await bytes(app, image.thumbnail_url)));
      }
      assert.deepEqual((await json(copy, '/api/templates')).templates, (await json(app, '/api/templates')).templates);
      assert.deepEqual((await json(copy, '/api/images?q=harbour')).images.length, 4, 'the search index came along');
      const project = await json(copy, `/api/projects/${projectId}`);
      assert.deepEqual(project, await json(app, `/api/projects/${projectId}`));
      assert.ok(
        (await bytes(copy, project.inspiration.url)).equals(await bytes(app, project.inspiration.url)),
        'the inspiration image came along',
      );
    } finally {
      await copy.close();
    }
  });

  test('images retention removes during a backup are left out consistently', async () => {
    const output = path.join(scratch, 'racing.zip');
    const result = await writeBackup({
      dataDirectory: app.dataDirectory,
      output,
      afterSnapshot: async () => {
        clock.advanceDays(31);
        const swept = await app.brandgen.retention.run();
        assert.ok(swept.deleted >= 11);
      },
    });
    assert.ok(result.droppedImages >= 11, `dropped ${result.droppedImages}`);
    const target = path.join(scratch, 'after-race');
    await restoreBackup({ archive: output, dataDirectory: target });
    const copy = await startTestBrandgen({ BRANDGEN_DATA_DIR: target }, { clock, retentionSweepIntervalMs: 0 });
    try {
      const images = (await json(copy, '/api/images?limit=200')).images;
      assert.deepEqual(
        images.map((image: any) => image.id),
        [favoriteId],
      );
      assert.equal((await fetch(`${copy.baseUrl}${images[0].url}`)).status, 200);
      const rows = await copy.brandgen.database.selectFrom('library_images').select(['blob_key', 'thumbnail_key']).execute();
      const files = new Set(await filesUnder(path.join(target, 'images')));
      for (const row of rows) assert.ok(files.has(row.blob_key) && files.has(row.thumbnail_key));
      const project = await copy.brandgen.database.selectFrom('projects').select('inspiration_key').executeTakeFirstOrThrow();
      assert.ok(files.has(project.inspiration_key!), 'retention leaves project inspiration images alone');
      assert.equal(files.size, 3, 'no file without its row');
    } finally {
      await copy.close();
    }
  });

  test('a damaged archive is refused and nothing is replaced', async () => {
    const target = path.join(scratch, 'untouched');
    await restoreBackup({ archive, dataDirectory: target });
    const before = await readFile(path.join(target, 'brandgen.sqlite'));
    const original = await readFile(archive);
    // Flip one byte inside the stored PNG data of an image entry, well past the manifest and database.
    const damaged = Buffer.from(original);
    const at = damaged.indexOf(Buffer.from('IDAT'), Math.floor(damaged.length / 2));
    damaged[at + 40] = damaged[at + 40]! ^ 0xff;
    const damagedFile = path.join(scratch, 'damaged.zip');
    await writeFile(damagedFile, damaged);
    await assert.rejects(restoreBackup({ archive: damagedFile, dataDirectory: target }), /does not match its checksum|damaged/);
    assert.ok((await readFile(path.join(target, 'brandgen.sqlite'))).equals(before));
    assert.deepEqual(
      (await readdir(target)).filter((name) => name.startsWith('.')),
      [],
      'no staging left behind',
    );

    await writeFile(path.join(scratch, 'not-a-zip.zip'), 'hello');
    await assert.rejects(restoreBackup({ archive: path.join(scratch, 'not-a-zip.zip'), dataDirectory: target }), /not a Brandgen backup/);
  });

  test('the CLI writes, verifies and restores, moving the replaced data aside', async () => {
    const output = path.join(scratch, 'cli.zip');
    const environment = { ...process.env, BRANDGEN_DATA_DIR: app.dataDirectory, INIT_CWD: scratch };
    const backup = await run(process.execPath, [CLI, 'backup', '--output', 'cli.zip'], { env: environment });
    assert.match(backup.stdout, /Backup written to .*cli\.zip/);
    const verify = await run(process.execPath, [CLI, 'verify', output], { env: environment });
    assert.match(verify.stdout, /complete and intact/);
    const target = path.join(scratch, 'cli-target');
    await restoreBackup({ archive, dataDirectory: target });
    const restore = await run(process.execPath, [CLI, 'restore', output], { env: { ...environment, BRANDGEN_DATA_DIR: target } });
    assert.match(restore.stdout, /moved to .*\.before-restore-/);
    const usage = await run(process.execPath, [CLI, 'frobnicate'], { env: environment }).catch(
      (error: { code: number; stderr: string }) => error,
    );
    assert.equal((usage as { code: number }).code, 2);
  });

  test('restore refuses while a server runs on the data folder, and goes ahead once it has stopped', async () => {
    const target = path.join(scratch, 'in-use');
    await restoreBackup({ archive, dataDirectory: target });
    const server = await startServerProcess({ BRANDGEN_DATA_DIR: target });
    // The running server writes to its database, so the file's identity, not its bytes, shows it was not swapped.
    const before = (await stat(path.join(target, 'brandgen.sqlite'))).ino;
    const environment = { ...process.env, BRANDGEN_DATA_DIR: target, INIT_CWD: scratch };
    try {
      const refused = await run(process.execPath, [CLI, 'restore', archive], { env: environment }).catch(
        (error: { code: number; stderr: string }) => error,
      );
      assert.equal((refused as { code: number }).code, 1);
      assert.match(
        (refused as { stderr: string }).stderr,
        new RegExp(`Brandgen is running on this data folder \\(process ${server.child.pid}\\); stop it, then restore`),
      );
      assert.doesNotMatch((refused as { stderr: string }).stderr, /\bat .*\.ts:\d+/, 'no stack trace');
      assert.equal((await stat(path.join(target, 'brandgen.sqlite'))).ino, before, 'the database was not replaced');
      assert.deepEqual(
        (await readdir(target)).filter((name) => name.startsWith('.')),
        [],
        'nothing was moved aside or staged',
      );
      assert.equal((await fetch(`${server.baseUrl}/api/health`)).status, 200, 'the server kept running');
    } finally {
      await stopServerProcess(server);
    }
    const restore = await run(process.execPath, [CLI, 'restore', archive], { env: environment });
    assert.match(restore.stdout, /Restored the database/);
  });

  test('a mark left by a server that was killed does not block a restore', async () => {
    const target = path.join(scratch, 'after-crash');
    await restoreBackup({ archive, dataDirectory: target });
    const server = await startServerProcess({ BRANDGEN_DATA_DIR: target });
    await killHard(server);
    assert.equal((await readFile(path.join(target, 'brandgen.pid'), 'utf8')).trim(), String(server.child.pid), 'kill -9 left the mark');
    const result = await restoreBackup({ archive, dataDirectory: target });
    assert.ok(result.images > 0);
  });
});

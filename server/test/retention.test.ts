import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { DiskBlobStore } from '../src/blobs/disk-blob-store.ts';
import type { BlobStore } from '../src/blobs/blob-store.ts';
import { LibraryRepository } from '../src/db/library-repository.ts';
import { promptSearchFor } from '../src/db/prompt-search.ts';
import type { LibraryImage } from '../src/domain/library-image.ts';
import { RetentionSweep } from '../src/services/retention-sweep.ts';
import { settableClock } from './support/settable-clock.ts';
import { postJson, startTestBrandgen, waitForJob, type TestBrandgen } from './support/test-brandgen.ts';
import { describeEachDatabase } from './support/test-database.ts';

class SimulatedCrash extends Error {}

/** Fails the nth file deletion, as if the process died right there. */
function crashingBlobs(inner: BlobStore, crashOnDeletion: number): BlobStore {
  let deletions = 0;
  return {
    put: (...args) => inner.put(...args),
    putStream: (...args) => inner.putStream(...args),
    open: (key) => inner.open(key),
    exists: (key) => inner.exists(key),
    read: (key) => inner.read(key),
    ping: () => inner.ping(),
    async delete(key) {
      deletions += 1;
      if (deletions === crashOnDeletion) throw new SimulatedCrash(`crash before deleting ${key}`);
      await inner.delete(key);
    },
  };
}

/** Fails the nth final step, i.e. after an image's files are gone but before its row is. */
class CrashingLibrary extends LibraryRepository {
  crashOnFinish = 0;
  private finishes = 0;
  override async finishDeletion(image: LibraryImage): Promise<void> {
    this.finishes += 1;
    if (this.finishes === this.crashOnFinish) throw new SimulatedCrash('crash before deleting the row');
    await super.finishDeletion(image);
  }
}

async function filesUnder(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'));
}

describeEachDatabase('retention', (database) => {
  const clock = settableClock(new Date('2026-01-01T09:00:00Z'));
  let app: TestBrandgen;
  let imagesRoot: string;
  const jobIds: string[] = [];
  let favoriteId: string;

  before(async () => {
    app = await startTestBrandgen(await database.environment(), { clock, retentionSweepIntervalMs: 0 });
    imagesRoot = path.join(app.dataDirectory, 'images');
    for (const prompt of ['first old set', 'second old set', 'third old set']) {
      const response = await postJson(app.baseUrl, '/api/generate', { prompt });
      const { job_id } = (await response.json()) as { job_id: string };
      assert.equal((await waitForJob(app.baseUrl, job_id)).status, 'complete');
      jobIds.push(job_id);
    }
    const page = (await (await fetch(`${app.baseUrl}/api/images?q=second`)).json()) as any;
    favoriteId = page.images[0].id;
    const star = await fetch(`${app.baseUrl}/api/images/${favoriteId}/favorite`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ favorite: true }),
    });
    assert.equal(star.status, 200);
  });
  after(async () => app.close());

  /** No visible row without its files, no file without a row, no job slot pointing at a missing file. */
  async function assertConsistent(): Promise<void> {
    const rows = await app.brandgen.database.selectFrom('library_images').selectAll().execute();
    const files = new Set(await filesUnder(imagesRoot));
    for (const row of rows.filter((row) => row.deleting_at === null)) {
      assert.ok(files.has(row.blob_key), `visible image ${row.id} has its file`);
      assert.ok(files.has(row.thumbnail_key), `visible image ${row.id} has its thumbnail`);
    }
    const owned = new Set(rows.flatMap((row) => [row.blob_key, row.thumbnail_key]));
    for (const file of files) assert.ok(owned.has(file), `file ${file} has its row`);
    const readySlots = await app.brandgen.database.selectFrom('job_images').selectAll().where('status', '=', 'ready').execute();
    for (const slot of readySlots) assert.ok(files.has(slot.blob_key!), `ready slot of ${slot.job_id} has its file`);
  }

  test('nothing goes before its time', async () => {
    clock.advanceDays(29);
    const result = await app.brandgen.retention.run();
    assert.deepEqual(result, { deleted: 0, interrupted: false });
    assert.equal((await filesUnder(imagesRoot)).length, 24);
  });

  test('a sweep interrupted at any step and run again removes every expired non-favorite and nothing else', async () => {
    clock.advanceDays(2);
    const database = app.brandgen.database;
    const disk = new DiskBlobStore({ root: imagesRoot });
    const changedJobs = new Set<string>();
    const sweepWith = (blobs: BlobStore, library: LibraryRepository) =>
      new RetentionSweep({ library, blobs, clock, batchSize: 3, onJobChanged: (jobId) => changedJobs.add(jobId) });
    const library = new CrashingLibrary({ database, search: promptSearchFor(app.config.database) });

    // Stopped between images.
    const stop = new AbortController();
    const stopping = new RetentionSweep({
      library: new LibraryRepository({ database, search: promptSearchFor(app.config.database) }),
      blobs: disk,
      clock,
      batchSize: 3,
      onJobChanged: () => stop.abort(),
    });
    assert.equal((await stopping.run(stop.signal)).interrupted, true);
    await assertConsistent();

    // Between hiding the row and deleting the thumbnail.
    await assert.rejects(sweepWith(crashingBlobs(disk, 1), library).run(), SimulatedCrash);
    await assertConsistent();
    // Between the thumbnail and the image file.
    await assert.rejects(sweepWith(crashingBlobs(disk, 2), library).run(), SimulatedCrash);
    await assertConsistent();
    // After both files, before the row.
    library.crashOnFinish = 1;
    await assert.rejects(sweepWith(disk, library).run(), SimulatedCrash);
    await assertConsistent();
    const hidden = await database.selectFrom('library_images').select('id').where('deleting_at', 'is not', null).execute();
    assert.ok(hidden.length >= 1, 'the crashes left deletions half done');

    const rerun = await app.brandgen.retention.run();
    assert.equal(rerun.interrupted, false);
    await assertConsistent();

    const remaining = await database.selectFrom('library_images').selectAll().execute();
    assert.deepEqual(
      remaining.map((row) => row.id),
      [favoriteId],
    );
    assert.equal((await filesUnder(imagesRoot)).length, 2, 'the favorite keeps its image and thumbnail');
    assert.ok(changedJobs.size >= 1);

    // Jobs with no image left are gone; the favorite's job stays with its other slots marked expired.
    const favoriteJob = remaining[0]!.job_id;
    for (const jobId of jobIds) {
      const response = await fetch(`${app.baseUrl}/api/jobs/${jobId}`);
      assert.equal(response.status, jobId === favoriteJob ? 200 : 404, jobId);
    }
    const job = (await (await fetch(`${app.baseUrl}/api/jobs/${favoriteJob}`)).json()) as any;
    assert.deepEqual(job.slots.map((slot: any) => slot.status).sort(), ['expired', 'expired', 'expired', 'ready']);
    assert.equal(job.images.length, 1);
    const page = (await (await fetch(`${app.baseUrl}/api/images`)).json()) as any;
    assert.deepEqual(
      page.images.map((image: any) => image.id),
      [favoriteId],
    );
    const search = (await (await fetch(`${app.baseUrl}/api/images?q=old`)).json()) as any;
    assert.deepEqual(
      search.images.map((image: any) => image.id),
      [favoriteId],
      'the search index forgot the deleted images',
    );
  });

  test('an unstarred favorite expires by its original date, and its thumbnail stops being served at once', async () => {
    const thumbnailUrl = `${app.baseUrl}/api/images/${favoriteId}/thumbnail`;
    assert.equal((await fetch(thumbnailUrl)).status, 200, 'served, and so held in the thumbnail cache');
    const response = await fetch(`${app.baseUrl}/api/images/${favoriteId}/favorite`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ favorite: false }),
    });
    const image = (await response.json()) as any;
    assert.equal(image.expires_at, '2026-01-31T09:00:00.000Z', '30 days after it was made');
    assert.ok(Date.parse(image.expires_at) < Date.parse(clock.now()));
    assert.deepEqual(await app.brandgen.retention.run(), { deleted: 1, interrupted: false });
    assert.deepEqual(await filesUnder(imagesRoot), []);
    assert.equal((await fetch(thumbnailUrl)).status, 404, 'the sweep dropped it from the cache');
    assert.equal((await app.brandgen.database.selectFrom('jobs').select('id').execute()).length, 0);
  });
});

describeEachDatabase('retention off', (database) => {
  test('BRANDGEN_RETENTION_DAYS=0 keeps every image', async () => {
    const app = await startTestBrandgen(
      { ...(await database.environment()), BRANDGEN_RETENTION_DAYS: '0' },
      { retentionSweepIntervalMs: 0 },
    );
    try {
      const response = await postJson(app.baseUrl, '/api/generate', { prompt: 'kept forever' });
      const { job_id } = (await response.json()) as { job_id: string };
      await waitForJob(app.baseUrl, job_id);
      const page = (await (await fetch(`${app.baseUrl}/api/images`)).json()) as any;
      assert.equal(page.images.length, 4);
      assert.ok(page.images.every((image: any) => image.expires_at === null));
    } finally {
      await app.close();
    }
  });
});

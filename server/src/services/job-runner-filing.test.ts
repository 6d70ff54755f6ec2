import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { createScriptedImageModel, scriptedCatalogEntry } from '../../test/support/scripted-image-model.ts';
import { sampleJob } from '../../test/support/sample-job.ts';
import { describeEachDatabase } from '../../test/support/test-database.ts';
import { until } from '../../test/support/until.ts';
import { DiskBlobStore } from '../blobs/disk-blob-store.ts';
import { JobRepository } from '../db/job-repository.ts';
import type { JobSlot } from '../domain/job.ts';
import type { StoredThumbnail } from '../domain/library-image.ts';
import { InMemoryEventBus } from '../events/in-memory-event-bus.ts';
import { ImageModelCatalog } from '../providers/image-model-catalog.ts';
import { systemClock } from './clock.ts';
import { JobEvents } from './job-events.ts';
import { JobRunner, type ImageFiling } from './job-runner.ts';

const IN_PROCESS = { timeoutMs: 20_000, intervalMs: 5 };

/** Image writes that wait for a gate, and may fail once for a chosen key, so a test sees what runs beside them. */
class GatedBlobStore extends DiskBlobStore {
  private opened = false;
  private readonly waiting: Array<() => void> = [];
  failOnce: string | undefined;

  release(): void {
    this.opened = true;
    for (const release of this.waiting.splice(0)) release();
  }

  override async put(key: string, data: Uint8Array, contentType: string): Promise<void> {
    if (key.startsWith('jobs/') && !this.opened) await new Promise<void>((resolve) => this.waiting.push(resolve));
    if (key === this.failOnce) {
      this.failOnce = undefined;
      throw new Error('the disk is full');
    }
    await super.put(key, data, contentType);
  }
}

/** A filing that records what the runner asks of it, with thumbnails named after the order they were prepared in. */
function recordingFiling(): ImageFiling & {
  prepared: number;
  filed: Array<{ slot: JobSlot; thumbnail: StoredThumbnail }>;
  discarded: StoredThumbnail[];
} {
  const record = {
    prepared: 0,
    filed: [] as Array<{ slot: JobSlot; thumbnail: StoredThumbnail }>,
    discarded: [] as StoredThumbnail[],
    async prepare(bytes: Uint8Array): Promise<StoredThumbnail> {
      assert.ok(bytes.byteLength > 0);
      record.prepared += 1;
      return { imageId: `image-${record.prepared}`, key: `thumbnails/${record.prepared}.webp`, etag: '"e"', placeholder: 'p' };
    },
    async file(_job: unknown, slot: JobSlot, _bytes: Uint8Array, thumbnail: StoredThumbnail): Promise<void> {
      record.filed.push({ slot, thumbnail });
    },
    async discard(thumbnail: StoredThumbnail): Promise<void> {
      record.discarded.push(thumbnail);
    },
  };
  return record;
}

describeEachDatabase('filing a job image in the library', (database) => {
  const folders: string[] = [];
  after(async () => {
    for (const folder of folders) await rm(folder, { recursive: true, force: true });
  });

  async function runnerWith(filing: ImageFiling, onSlotError?: (jobId: string, slot: number, attempt: number, error: unknown) => void) {
    const repository = new JobRepository({ database: await database.open() });
    const folder = await mkdtemp(path.join(os.tmpdir(), 'brandgen-filing-'));
    folders.push(folder);
    const blobs = new GatedBlobStore({ root: folder });
    const runner = new JobRunner({
      repository,
      blobs,
      catalog: new ImageModelCatalog({ entries: [scriptedCatalogEntry(createScriptedImageModel({}))] }),
      events: new JobEvents({ repository, bus: new InMemoryEventBus(), clock: systemClock }),
      clock: systemClock,
      backoffMs: 1,
      filing,
      ...(onSlotError && { onSlotError }),
    });
    return { repository, runner, blobs };
  }

  test('the thumbnail is started while the image is still being written, and filed with the stored slot', async () => {
    const filing = recordingFiling();
    const { repository, runner, blobs } = await runnerWith(filing);
    const job = sampleJob('01900000-0000-7000-8000-0000000000f1', { model: 'scripted' });
    await repository.insert(job);
    const running = runner.run(job.id);
    // Every image write is held: the thumbnails must not wait for them.
    await until('four thumbnails to be under way before any image is written', () => filing.prepared === 4, IN_PROCESS);
    assert.equal(filing.filed.length, 0, 'nothing is filed before its slot is stored');
    blobs.release();
    await running;
    const done = await repository.findById(job.id);
    assert.equal(done?.status, 'complete');
    assert.deepEqual(filing.filed.map(({ slot }) => slot.slot).sort(), [0, 1, 2, 3]);
    for (const { slot, thumbnail } of filing.filed) {
      assert.equal(slot.status, 'ready');
      assert.equal(slot.blobKey, `jobs/${job.id}/${slot.slot}.png`);
      assert.match(thumbnail.imageId, /^image-[1-4]$/);
    }
    assert.equal(new Set(filing.filed.map(({ thumbnail }) => thumbnail.imageId)).size, 4);
    assert.deepEqual(filing.discarded, []);
  });

  test('a thumbnail whose image could not be stored is discarded, and the retry files a new one', async () => {
    const filing = recordingFiling();
    const { repository, runner, blobs } = await runnerWith(filing);
    const job = sampleJob('01900000-0000-7000-8000-0000000000f2', { model: 'scripted' });
    await repository.insert(job);
    blobs.failOnce = `jobs/${job.id}/2.png`;
    blobs.release();
    await runner.run(job.id);
    const done = await repository.findById(job.id);
    assert.equal(done?.status, 'complete');
    assert.equal(filing.prepared, 5);
    assert.equal(filing.discarded.length, 1);
    assert.equal(filing.filed.length, 4);
    const filedIds = filing.filed.map(({ thumbnail }) => thumbnail.imageId);
    assert.ok(!filedIds.includes(filing.discarded[0]!.imageId), 'the discarded thumbnail is never filed');
  });

  test('a thumbnail that cannot be made is reported once, and the job still completes', async () => {
    const errors: unknown[] = [];
    const failing: ImageFiling = {
      prepare: async () => {
        // Fails while the image is still being written: nothing may treat the rejection as unhandled meanwhile.
        await new Promise((resolve) => setTimeout(resolve, 1));
        throw new Error('the image cannot be decoded');
      },
      file: async () => assert.fail('nothing to file without a thumbnail'),
      discard: async () => assert.fail('nothing to discard'),
    };
    const { repository, runner, blobs } = await runnerWith(failing, (_jobId, _slot, attempt, error) => errors.push([attempt, error]));
    const job = sampleJob('01900000-0000-7000-8000-0000000000f3', { model: 'scripted' });
    await repository.insert(job);
    setTimeout(() => blobs.release(), 50);
    await runner.run(job.id);
    assert.equal((await repository.findById(job.id))?.status, 'complete');
    assert.equal(errors.length, 4);
    for (const [attempt, error] of errors as Array<[number, Error]>) {
      assert.equal(attempt, -1);
      assert.equal(error.message, 'the image cannot be decoded');
    }
  });
});

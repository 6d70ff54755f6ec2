import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import type { ImageModelV4 } from '@ai-sdk/provider';
import sharp from 'sharp';
import { withHeaderBytes } from '../../test/support/png-header.ts';
import { scriptedCatalogEntry } from '../../test/support/scripted-image-model.ts';
import { sampleJob } from '../../test/support/sample-job.ts';
import { describeEachDatabase } from '../../test/support/test-database.ts';
import { DiskBlobStore } from '../blobs/disk-blob-store.ts';
import { JobRepository } from '../db/job-repository.ts';
import { InMemoryEventBus } from '../events/in-memory-event-bus.ts';
import { ImageModelCatalog } from '../providers/image-model-catalog.ts';
import { systemClock } from './clock.ts';
import { JobEvents } from './job-events.ts';
import { imageBlobKey, JobRunner } from './job-runner.ts';

/** A PNG whose chunks are all well formed, but whose header says it is zero pixels wide: no decoder takes it. */
async function zeroWidthPng(): Promise<Uint8Array> {
  const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#204060' } })
    .png()
    .toBuffer();
  return withHeaderBytes(png, 0, [0, 0, 0, 0]);
}

function damagedImageModel(image: Uint8Array): ImageModelV4 {
  return {
    specificationVersion: 'v4',
    provider: 'scripted',
    modelId: 'scripted',
    maxImagesPerCall: 1,
    async doGenerate() {
      return { images: [image], warnings: [], response: { timestamp: new Date(), modelId: 'scripted', headers: undefined } };
    },
  };
}

describeEachDatabase('a model answer that only looks like an image', (database) => {
  const folders: string[] = [];
  after(async () => {
    for (const folder of folders) await rm(folder, { recursive: true, force: true });
  });

  test('fails its slot and leaves no file under its key, though it is written while it is read', async () => {
    const repository = new JobRepository({ database: await database.open() });
    const folder = await mkdtemp(path.join(os.tmpdir(), 'brandgen-damaged-'));
    folders.push(folder);
    const blobs = new DiskBlobStore({ root: folder });
    const runner = new JobRunner({
      repository,
      blobs,
      events: new JobEvents({ repository, bus: new InMemoryEventBus(), clock: systemClock }),
      clock: systemClock,
      retries: 0,
      catalog: new ImageModelCatalog({ entries: [scriptedCatalogEntry(damagedImageModel(await zeroWidthPng()))] }),
    });
    const job = sampleJob('01900000-0000-7000-8000-0000000000e1', { model: 'scripted' });
    await repository.insert(job);

    await runner.run(job.id);

    const failed = await repository.findById(job.id);
    assert.equal(failed?.status, 'failed');
    assert.deepEqual(
      failed.slots.map((slot) => slot.status),
      ['failed', 'failed', 'failed', 'failed'],
    );
    assert.match(failed.slots[0]!.errorMessage ?? '', /corrupt header|not an image/i);
    for (const slot of failed.slots) assert.equal(await blobs.read(imageBlobKey(job.id, slot.slot)), undefined);
    assert.deepEqual(await readdir(path.join(folder, 'jobs', job.id)).catch(() => []), []);
  });
});

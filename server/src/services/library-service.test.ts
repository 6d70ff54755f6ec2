import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import sharp from 'sharp';
import type { Job, JobSlot } from '../domain/job.ts';
import { newTestService, type TestService } from '../../test/support/new-test-service.ts';
import { sampleJob } from '../../test/support/sample-job.ts';
import { NotFoundError, ValidationError } from './errors.ts';
import { largeThumbnailBlobKey, thumbnailBlobKey } from './thumbnail-keys.ts';

const png = new Uint8Array(
  await sharp({ create: { width: 32, height: 24, channels: 3, background: '#c0392b' } })
    .png()
    .toBuffer(),
);

/** A finished job of `userId` whose slots are stored, as the runner leaves it before filing. */
async function storedJob(service: TestService, id: string, userId = 'ada', settings: Partial<Job['settings']> = {}): Promise<Job> {
  const job = sampleJob(id, { userId, status: 'complete', model: 'editor' });
  job.settings = { ...job.settings, assetType: 'icon', ...settings };
  job.slots = job.slots.map((slot): JobSlot => ({
    ...slot,
    status: 'ready',
    blobKey: `jobs/${id}/${slot.slot}.png`,
    width: 32,
    height: 24,
    completedAt: job.createdAt,
  }));
  await service.fakes.jobs.insert(job);
  for (const slot of job.slots) await service.fakes.blobs.put(slot.blobKey!, png, 'image/png');
  return job;
}

async function fileAll(service: TestService, job: Job) {
  const images = [];
  for (const slot of job.slots) images.push(await service.sut.library.addJobImage(job, slot, png));
  return images;
}

describe('LibraryService: filing and listing', () => {
  test('files a stored image with its thumbnail, placeholder and the settings it was made with', async () => {
    const service = newTestService({ retentionDays: 30 });
    const job = await storedJob(service, '01900000-0000-7000-8000-0000000000f1', 'ada', {
      projectId: 'p1',
      parentImageId: 'parent-1',
      refinement: { kind: 'variation', strength: 0.3, sourceBlobKey: 'x' },
    });
    const image = await service.sut.library.addJobImage(job, job.slots[2]!, png);
    assert.equal(image.userId, 'ada');
    assert.equal(image.slot, 2);
    assert.equal(image.assetType, 'icon');
    assert.equal(image.projectId, 'p1');
    assert.equal(image.parentId, 'parent-1');
    assert.deepEqual(image.refinement, { kind: 'variation', strength: 0.3 }, "never the source's storage key");
    assert.ok(image.placeholder.length > 0);
    assert.equal(image.expiresAt, '2026-12-23T01:00:00.000Z', 'kept retentionDays after it was made');
    assert.ok(service.fakes.blobs.blobs.has(thumbnailBlobKey(image.id)), 'the thumbnail is stored');
  });

  test('filing the same slot twice keeps one row and drops the surplus thumbnail', async () => {
    const service = newTestService();
    const job = await storedJob(service, '01900000-0000-7000-8000-0000000000f2');
    const first = await service.sut.library.addJobImage(job, job.slots[0]!, png);
    const again = await service.sut.library.addJobImage(job, job.slots[0]!, png);
    assert.equal(again.id, first.id);
    assert.equal(service.fakes.library.images.size, 1);
    const thumbnails = [...service.fakes.blobs.blobs.keys()].filter((key) => key.startsWith('thumbnails/'));
    assert.deepEqual(thumbnails, [thumbnailBlobKey(first.id)]);
  });

  test("lists the user's own images newest first, a page at a time, and refuses a foreign cursor", async () => {
    const service = newTestService();
    const mine = await fileAll(service, await storedJob(service, '01900000-0000-7000-8000-0000000000f3'));
    await fileAll(service, await storedJob(service, '01900000-0000-7000-8000-0000000000f4', 'bob'));
    const first = await service.sut.library.list('ada', {}, 3, undefined);
    assert.deepEqual(
      first.images.map((image) => image.slot),
      [3, 2, 1],
    );
    const rest = await service.sut.library.list('ada', {}, 3, first.nextCursor!);
    assert.deepEqual(
      rest.images.map((image) => image.id),
      [mine[0]!.id],
    );
    assert.equal(rest.nextCursor, null);
    await assert.rejects(service.sut.library.list('ada', {}, 3, '7_12', 'newest'), ValidationError);
  });
});

describe('LibraryService: favourites, deletion and forgetting', () => {
  test('a favourite never expires; unstarring gives it back its expiry; listeners hear of the job', async () => {
    const service = newTestService({ retentionDays: 30 });
    const [image] = await fileAll(service, await storedJob(service, '01900000-0000-7000-8000-0000000000f5'));
    const changed: string[] = [];
    service.sut.library.onJobChanged((jobId) => changed.push(jobId));
    const starred = await service.sut.library.setFavorite('ada', image!.id, true);
    assert.equal(starred.favorite, true);
    assert.equal(starred.expiresAt, null);
    assert.equal((await service.sut.library.list('ada', { favorite: true }, 10, undefined)).images.length, 1);
    const unstarred = await service.sut.library.setFavorite('ada', image!.id, false);
    assert.equal(unstarred.expiresAt, image!.expiresAt);
    assert.deepEqual(changed, [image!.jobId, image!.jobId]);
  });

  test("another user's image answers like a missing one", async () => {
    const service = newTestService();
    const [image] = await fileAll(service, await storedJob(service, '01900000-0000-7000-8000-0000000000f6'));
    await assert.rejects(service.sut.library.setFavorite('bob', image!.id, true), NotFoundError);
    await assert.rejects(service.sut.library.delete('bob', image!.id), NotFoundError);
    await assert.rejects(service.sut.library.openThumbnail('bob', image!.id), NotFoundError);
    assert.equal(service.fakes.library.images.size, 4);
  });

  test('deleting removes the row, the image and its thumbnail; a second delete is a 404', async () => {
    const service = newTestService();
    const [image] = await fileAll(service, await storedJob(service, '01900000-0000-7000-8000-0000000000f7'));
    await service.sut.library.setFavorite('ada', image!.id, true);
    // A listing and a served thumbnail leave the image cached.
    await service.sut.library.list('ada', {}, 10, undefined);
    await service.sut.library.openThumbnail('ada', image!.id);
    await service.sut.library.delete('ada', image!.id);
    await assert.rejects(service.sut.library.openThumbnail('ada', image!.id), NotFoundError, 'this process stops serving it at once');
    assert.equal(service.fakes.library.images.has(image!.id), false);
    assert.equal(service.fakes.blobs.blobs.has(image!.blobKey), false);
    assert.equal(service.fakes.blobs.blobs.has(image!.thumbnailKey), false);
    await assert.rejects(service.sut.library.delete('ada', image!.id), NotFoundError);
  });

  test('the 512 px thumbnail is made on first ask from the image, kept beside the small one, and deleted with it', async () => {
    const service = newTestService();
    const [image] = await fileAll(service, await storedJob(service, '01900000-0000-7000-8000-0000000000f9'));
    const large = await sharp({ create: { width: 1024, height: 768, channels: 3, background: '#2e86c1' } })
      .png()
      .toBuffer();
    await service.fakes.blobs.put(image!.blobKey, new Uint8Array(large), 'image/png');
    const key = largeThumbnailBlobKey(image!.thumbnailKey);
    assert.equal(service.fakes.blobs.blobs.has(key), false, 'not made until someone asks');
    const served = await service.sut.library.openThumbnail('ada', image!.id, 512);
    assert.deepEqual(
      await sharp(served.bytes)
        .metadata()
        .then(({ format, width, height }) => ({ format, width, height })),
      {
        format: 'webp',
        width: 512,
        height: 384,
      },
    );
    assert.equal(served.etag, image!.thumbnailEtag.replace(/"$/, '-512"'));
    assert.ok(service.fakes.blobs.blobs.has(key), 'kept for the next ask');
    const small = await service.sut.library.openThumbnail('ada', image!.id);
    assert.notDeepEqual(small.bytes, served.bytes);
    await service.sut.library.delete('ada', image!.id);
    assert.equal(service.fakes.blobs.blobs.has(key), false);
  });

  test('a served thumbnail is cached until the image is forgotten', async () => {
    const service = newTestService();
    const [image] = await fileAll(service, await storedJob(service, '01900000-0000-7000-8000-0000000000f8'));
    const served = await service.sut.library.openThumbnail('ada', image!.id);
    assert.equal(served.etag, image!.thumbnailEtag);
    // Another process removes the file: this one still has the bytes, until it forgets the image.
    await service.fakes.blobs.delete(image!.thumbnailKey);
    assert.deepEqual((await service.sut.library.openThumbnail('ada', image!.id)).bytes, served.bytes);
    service.sut.library.forgetImage(image!);
    await assert.rejects(service.sut.library.openThumbnail('ada', image!.id), NotFoundError);
  });
});

describe('LibraryService: refinements start from the image', () => {
  test("variations and edits keep the image's preset and brand version, and refuse another user's image", async () => {
    const service = newTestService();
    const job = await storedJob(service, '01900000-0000-7000-8000-0000000000f9', 'ada', { preset: 'high' });
    const [image] = await fileAll(service, job);
    const { generation } = service.sut;
    const variations = await service.sut.library.startVariations('ada', image!.id, undefined, generation);
    assert.equal(variations.settings.preset, 'high');
    assert.equal(variations.settings.parentImageId, image!.id);
    assert.deepEqual(variations.brand, job.brand);
    const edit = await service.sut.library.startEdit('ada', image!.id, { instruction: 'warmer light' }, generation);
    assert.equal(edit.settings.preset, 'high');
    assert.equal(edit.settings.refinement?.kind, 'edit');
    await assert.rejects(service.sut.library.startEdit('bob', image!.id, { instruction: 'x' }, generation), NotFoundError);
    assert.deepEqual(service.fakes.queue.enqueued, [variations.id, edit.id]);
  });
});

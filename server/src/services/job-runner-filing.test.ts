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
import type { BrandFit } from '../domain/brand-fit-result.ts';
import { pendingSlot, type Job, type JobSlot } from '../domain/job.ts';
import { InMemoryEventBus } from '../events/in-memory-event-bus.ts';
import { ImageModelCatalog } from '../providers/image-model-catalog.ts';
import { systemClock } from './clock.ts';
import { JobEvents } from './job-events.ts';
import { JobRunner, type ImageFiling } from './job-runner.ts';

const IN_PROCESS = { timeoutMs: 20_000, intervalMs: 5 };

/** A filing that records what the runner files, held until the test releases it. */
function heldFiling(): ImageFiling & { filed: JobSlot[]; started: number; release(): void } {
  let open: () => void = () => {};
  const gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  const record = {
    filed: [] as JobSlot[],
    started: 0,
    release: () => open(),
    async file(_job: Job, slot: JobSlot, bytes: Uint8Array): Promise<void> {
      assert.ok(bytes.byteLength > 0);
      record.started += 1;
      await gate;
      record.filed.push(slot);
    },
  };
  return record;
}

describeEachDatabase('scoring and filing a finished job', (database) => {
  const folders: string[] = [];
  after(async () => {
    for (const folder of folders) await rm(folder, { recursive: true, force: true });
  });

  async function runnerWith(options: {
    filing: ImageFiling;
    scoreBrandFit?: (job: Job, bytes: Uint8Array) => Promise<BrandFit>;
    onSlotError?: (jobId: string, slot: number, attempt: number, error: unknown) => void;
  }) {
    const repository = new JobRepository({ database: await database.open() });
    const folder = await mkdtemp(path.join(os.tmpdir(), 'brandgen-filing-'));
    folders.push(folder);
    const blobs = new DiskBlobStore({ root: folder });
    const woken: string[] = [];
    const runner = new JobRunner({
      repository,
      blobs,
      catalog: new ImageModelCatalog({ entries: [scriptedCatalogEntry(createScriptedImageModel({}))] }),
      events: new JobEvents({ repository, bus: new InMemoryEventBus(), clock: systemClock }),
      clock: systemClock,
      backoffMs: 1,
      onFiled: (jobId) => woken.push(jobId),
      ...options,
    });
    return { repository, runner, blobs, woken };
  }

  test('the job completes once its images are stored; scores and library entries follow, then `filed`', async () => {
    const filing = heldFiling();
    let scored = 0;
    const { repository, runner, woken } = await runnerWith({
      filing,
      scoreBrandFit: async () => ({ score: 80 + (scored += 1), reason: 'uses the palette' }),
    });
    const job = sampleJob('01900000-0000-7000-8000-0000000000f1', { model: 'scripted' });
    await repository.insert(job);
    const running = runner.run(job.id);
    await until('the job to complete while its filing is held', () => filing.started === 4, IN_PROCESS);
    const completed = await repository.findById(job.id);
    assert.equal(completed?.status, 'complete');
    assert.equal(completed?.filedAt, null, 'not filed while its images are being filed');
    assert.ok(
      completed?.slots.every((slot) => slot.brandFit === undefined),
      'scores are stored with the filing',
    );
    assert.deepEqual(woken, [], 'the webhook dispatcher is woken only once the webhooks are written, with the scores');
    assert.ok((await repository.listUnfinishedIds()).includes(job.id), 'a worker would take it up again after a crash');

    filing.release();
    await running;
    const filed = await repository.findById(job.id);
    assert.ok(filed?.filedAt, 'filed');
    assert.deepEqual(filed.slots.map((slot) => slot.brandFit?.score).sort(), [81, 82, 83, 84]);
    assert.deepEqual(filing.filed.map((slot) => slot.slot).sort(), [0, 1, 2, 3]);
    for (const slot of filing.filed) assert.equal(slot.brandFit?.reason, 'uses the palette', 'each library entry gets its score');
    assert.deepEqual(woken, [job.id]);
    assert.ok(!(await repository.listUnfinishedIds()).includes(job.id));
    const types = (await repository.listEventsAfter(job.id, 0)).map((event) => event.type);
    assert.deepEqual(types.slice(-2), ['complete', 'filed']);
  });

  test('a finished job a crash left unfiled is filed by the next run, scoring only its unscored images', async () => {
    const filing = heldFiling();
    filing.release();
    const scoredSlots: string[] = [];
    const { repository, runner, blobs } = await runnerWith({
      filing,
      scoreBrandFit: async (_job, bytes) => {
        scoredSlots.push(Buffer.from(bytes).toString());
        return { score: 70, reason: 'scored again' };
      },
    });
    const id = '01900000-0000-7000-8000-0000000000f2';
    // Two images stored, one of them scored, and the job completed: then the worker died.
    await repository.insert(sampleJob(id, { model: 'scripted', slots: [pendingSlot(0, 10), pendingSlot(1, 11)] }));
    for (const slot of [0, 1]) {
      const blobKey = `jobs/${id}/${slot}.png`;
      await blobs.put(blobKey, Buffer.from(`image ${slot}`), 'image/png');
      const brandFit = slot === 0 ? { score: 90, reason: 'scored before the crash' } : undefined;
      const stored = {
        blobKey,
        contentType: 'image/png',
        byteSize: 7,
        sha256: 'x',
        width: 8,
        height: 8,
        completedAt: '2026-11-23T01:00:01.000Z',
      };
      await repository.markSlotReady(id, slot, { ...stored, ...(brandFit && { brandFit }) });
    }
    const at = '2026-11-23T01:00:02.000Z';
    await repository.transition(id, ['queued'], 'complete', { completedAt: at }, { type: 'complete', data: {}, createdAt: at });
    assert.ok((await repository.listUnfinishedIds()).includes(id));

    await runner.run(id);
    const filed = await repository.findById(id);
    assert.ok(filed?.filedAt);
    assert.deepEqual(scoredSlots, ['image 1'], 'the image scored before the crash keeps its score');
    assert.deepEqual(
      filed.slots.map((slot) => slot.brandFit),
      [
        { score: 90, reason: 'scored before the crash' },
        { score: 70, reason: 'scored again' },
      ],
    );
    assert.deepEqual(filing.filed.map((slot) => slot.slot).sort(), [0, 1]);
    assert.equal((await repository.listEventsAfter(id, 0)).at(-1)?.type, 'filed');
    await runner.run(id);
    assert.equal(filing.filed.length, 2, 'a filed job is left alone');
  });

  test('an image that cannot be filed or scored is reported, and the job is still filed', async () => {
    const errors: Array<[number, string]> = [];
    const { repository, runner } = await runnerWith({
      filing: {
        file: async () => {
          throw new Error('the image cannot be decoded');
        },
      },
      scoreBrandFit: async () => {
        throw new Error('no palette');
      },
      onSlotError: (_jobId, _slot, attempt, error) => errors.push([attempt, (error as Error).message]),
    });
    const job = sampleJob('01900000-0000-7000-8000-0000000000f3', { model: 'scripted' });
    await repository.insert(job);
    await runner.run(job.id);
    const filed = await repository.findById(job.id);
    assert.equal(filed?.status, 'complete');
    assert.ok(filed.filedAt);
    assert.ok(
      filed.slots.every((slot) => slot.brandFit === undefined),
      'left unscored',
    );
    assert.equal(errors.filter(([, message]) => message === 'no palette').length, 4);
    assert.equal(errors.filter(([, message]) => message === 'the image cannot be decoded').length, 4);
    assert.ok(errors.every(([attempt]) => attempt === -1));
  });
});

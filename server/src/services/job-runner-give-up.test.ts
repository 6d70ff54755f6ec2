import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import sharp from 'sharp';
import { createScriptedImageModel, scriptedCatalogEntry } from '../../test/support/scripted-image-model.ts';
import { sampleJob } from '../../test/support/sample-job.ts';
import { describeEachDatabase } from '../../test/support/test-database.ts';
import { until } from '../../test/support/until.ts';
import { DiskBlobStore } from '../blobs/disk-blob-store.ts';
import { JobRepository } from '../db/job-repository.ts';
import type { JobEvent } from '../events/event-bus.ts';
import { InMemoryEventBus } from '../events/in-memory-event-bus.ts';
import { ImageModelCatalog } from '../providers/image-model-catalog.ts';
import { systemClock } from './clock.ts';
import { JobEvents } from './job-events.ts';
import { imageBlobKey, JobRunner } from './job-runner.ts';

/** Runners here are in this process: conditions settle within milliseconds. */
const IN_PROCESS = { timeoutMs: 20_000, intervalMs: 10 };

const poisonJob = (id: string) =>
  sampleJob(id, { userId: 'local', prompt: 'a poison prompt', finalPrompt: 'a poison prompt', negativePrompt: '', model: 'scripted' }, 40);

describeEachDatabase('a job whose runs keep dying', (database) => {
  const folders: string[] = [];
  after(async () => {
    for (const folder of folders) await rm(folder, { recursive: true, force: true });
  });

  /** What several worker processes share: the database, the blob store and the event bus. */
  async function sharedParts() {
    const repository = new JobRepository({ database: await database.open() });
    const folder = await mkdtemp(path.join(os.tmpdir(), 'brandgen-give-up-'));
    folders.push(folder);
    const blobs = new DiskBlobStore({ root: folder });
    const events = new JobEvents({ repository, bus: new InMemoryEventBus(), clock: systemClock });
    /** A worker of its own with its own model, as each new process after a crash would be. */
    const worker = (model: ReturnType<typeof createScriptedImageModel>) =>
      new JobRunner({
        repository,
        blobs,
        events,
        clock: systemClock,
        maxRuns: 2,
        retries: 0,
        catalog: new ImageModelCatalog({ entries: [scriptedCatalogEntry(model)] }),
      });
    return { repository, blobs, events, worker };
  }

  test('is failed in plain words once its runs exceed the limit, and its model is not called again', async () => {
    const { repository, blobs, events, worker } = await sharedParts();
    const job = poisonJob('01900000-0000-7000-8000-0000000000d1');
    await repository.insert(job);
    // Slot 1 was made before the trouble began: a run adopts its file and never asks the model for it.
    const made = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#204060' } })
      .png()
      .toBuffer();
    await repository.recordAttempt(job.id, 1);
    await blobs.put(imageBlobKey(job.id, 1), new Uint8Array(made), 'image/png');
    const seen: JobEvent[] = [];
    const unfollow = await events.follow(job.id, { afterSequence: 0, onEvent: (event) => seen.push(event) });

    // Two runs reach the model and never end, as when a model input crashes or freezes the worker process.
    const poisoned = createScriptedImageModel({ hang: true });
    for (let run = 1; run <= 2; run += 1) {
      void worker(poisoned).run(job.id);
      await until(`run ${run} to reach the model`, () => poisoned.calls.length === 3 * run, IN_PROCESS);
    }
    // The first run adopts slot 1's file beside those calls; on a busy machine that can finish after they start.
    await until('slot 1 to be adopted', async () => (await repository.findById(job.id))?.slots[1]?.status === 'ready', IN_PROCESS);

    const healthy = createScriptedImageModel({});
    await worker(healthy).run(job.id);
    const failed = await repository.findById(job.id);
    assert.equal(failed?.status, 'failed');
    assert.deepEqual(failed.error, {
      code: 'gave_up',
      message: "This job stopped Brandgen's worker 2 times, so it was given up. The images already made (1 of 4) can still be downloaded.",
    });
    assert.deepEqual(
      failed.slots.map((slot) => slot.status),
      ['failed', 'ready', 'failed', 'failed'],
    );
    assert.equal(failed.slots[0]!.errorMessage, 'the job was given up after its worker stopped 2 times');
    assert.ok(await blobs.read(imageBlobKey(job.id, 1)), 'the image made before stays');
    await until('followers to hear of the failure', () => seen.some((event) => event.type === 'failed'), IN_PROCESS);
    assert.deepEqual(seen.find((event) => event.type === 'failed')?.data, { error: failed.error });
    unfollow();

    // Another delivery of the same job (a queue's retry, a reconciliation) finds it finished: no model is called.
    await worker(healthy).run(job.id);
    assert.equal(healthy.calls.length, 0, 'the job never reached a model again');
    assert.equal(poisoned.calls.length, 6);
  });

  test('runs a shutdown stopped cleanly do not count; a job cut short once then resumed completes', async () => {
    const { repository, worker } = await sharedParts();
    const job = poisonJob('01900000-0000-7000-8000-0000000000d2');
    await repository.insert(job);
    const frozen = createScriptedImageModel({ hang: true });

    // One run dies with its worker (it never ends)...
    void worker(frozen).run(job.id);
    await until('the first run to reach the model', () => frozen.calls.length === 4, IN_PROCESS);
    // ...and two deploys stop a run cleanly: a shutdown aborts it and the run ends.
    for (let deploy = 1; deploy <= 2; deploy += 1) {
      const stopping = worker(frozen);
      const run = stopping.run(job.id);
      await until(`run ${deploy + 1} to reach the model`, () => frozen.calls.length === 4 * (deploy + 1), IN_PROCESS);
      stopping.abort();
      await run;
    }

    const healthy = createScriptedImageModel({});
    await worker(healthy).run(job.id);
    const completed = await repository.findById(job.id);
    assert.equal(completed?.status, 'complete', JSON.stringify(completed?.error));
    assert.equal(completed.error, null);
    assert.deepEqual(healthy.calls.map((call) => call.seed).sort(), [40, 41, 42, 43]);
  });
});

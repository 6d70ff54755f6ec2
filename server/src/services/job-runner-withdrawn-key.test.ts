import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { fakeServers, sendJson } from '../../test/fakes/fake-http-server.ts';
import { createScriptedImageModel, scriptedCatalogEntry } from '../../test/support/scripted-image-model.ts';
import { sampleJob } from '../../test/support/sample-job.ts';
import { describeEachDatabase } from '../../test/support/test-database.ts';
import { until } from '../../test/support/until.ts';
import { DiskBlobStore } from '../blobs/disk-blob-store.ts';
import { JobRepository } from '../db/job-repository.ts';
import { InMemoryEventBus } from '../events/in-memory-event-bus.ts';
import { catalogEntriesFor } from '../providers/catalog-builder.ts';
import { ImageModelCatalog } from '../providers/image-model-catalog.ts';
import type { ProviderSettingsMap } from '../providers/provider-ids.ts';
import { ProviderKeyRevocation } from '../providers/provider-key-revocation.ts';
import { systemClock } from './clock.ts';
import { JobEvents } from './job-events.ts';
import { JobRunner } from './job-runner.ts';

const IN_PROCESS = { timeoutMs: 20_000, intervalMs: 10 };
const REMOVED =
  /^The fal\.ai key was removed by an administrator, so FLUX\.1 \[schnell\] \(fal\.ai\) is no longer available and this job cannot run\. Generate again with another model, or ask an administrator to add a fal\.ai key in Settings\./;

describeEachDatabase('a job whose provider key is withdrawn', (database) => {
  const folders: string[] = [];
  const fakes = fakeServers();
  after(async () => {
    await fakes.closeAll();
    for (const folder of folders) await rm(folder, { recursive: true, force: true });
  });

  /** A worker whose catalog follows provider settings as app.ts wires it, calling a fake fal that can hold its answers. */
  async function worker() {
    let holding = true;
    const held: Array<() => void> = [];
    const fal = await fakes.start(async (request, response, fake) => {
      if (holding) await new Promise<void>((resolve) => held.push(resolve));
      sendJson(response, 200, { images: [{ url: fake.imageUrl('a.png') }], seed: request.body?.seed });
    });
    const repository = new JobRepository({ database: await database.open() });
    const folder = await mkdtemp(path.join(os.tmpdir(), 'brandgen-withdrawn-'));
    folders.push(folder);
    const revocation = new ProviderKeyRevocation();
    const fallback = scriptedCatalogEntry(createScriptedImageModel({}));
    const modelsFor = (providers: ProviderSettingsMap) => [
      ...catalogEntriesFor(providers, { policy: { backoffMs: 10 }, revoked: revocation.signalsFor(providers) }),
      fallback,
    ];
    const falWith = (apiKey: string): ProviderSettingsMap => ({ fal: { apiKey, baseUrl: fal.origin, timeoutMs: 10_000, concurrency: 2 } });
    const catalog = new ImageModelCatalog({ entries: modelsFor(falWith('fal-key-one-1234')) });
    const runner = new JobRunner({
      repository,
      blobs: new DiskBlobStore({ root: folder }),
      catalog,
      events: new JobEvents({ repository, bus: new InMemoryEventBus(), clock: systemClock }),
      clock: systemClock,
      backoffMs: 10,
    });
    return {
      repository,
      runner,
      fal,
      /** What a settings change does in app.ts: rebuild the catalog, which withdraws the old key. */
      settings: (providers: ProviderSettingsMap) => catalog.replace(modelsFor(providers)),
      falWith,
      release() {
        holding = false;
        for (const answer of held.splice(0)) answer();
      },
      held: () => held.length,
    };
  }

  const falJob = (id: string) => sampleJob(id, { model: 'fal-flux-schnell' });

  test('a queued job on a removed provider fails in plain words without calling it', async () => {
    const { repository, runner, fal, settings } = await worker();
    const job = falJob('01900000-0000-7000-8000-0000000000e1');
    await repository.insert(job);
    settings({});
    await runner.run(job.id);
    const failed = await repository.findById(job.id);
    assert.equal(failed?.status, 'failed');
    assert.equal(failed.error?.code, 'model_unavailable');
    assert.match(failed.error!.message, REMOVED);
    assert.equal(fal.apiRequests().length, 0);
  });

  test('a key removed mid-job stops the calls under way and sends nothing more', async () => {
    const { repository, runner, fal, settings, release, held } = await worker();
    const job = falJob('01900000-0000-7000-8000-0000000000e2');
    await repository.insert(job);
    const running = runner.run(job.id);
    await until('two calls to be under way (fal allows two at once)', () => held() === 2, IN_PROCESS);
    settings({});
    await running;
    release();
    const failed = await repository.findById(job.id);
    assert.equal(failed?.status, 'failed');
    assert.equal(failed.error?.code, 'model_unavailable');
    assert.match(failed.error!.message, REMOVED);
    assert.deepEqual(new Set(failed.slots.map((slot) => slot.status)), new Set(['failed']));
    assert.equal(fal.apiRequests().length, 2, 'the waiting images and the retries never reached fal');
  });

  test('a key replaced mid-job: the job finishes with the new key, and the old one is not sent again', async () => {
    const { repository, runner, fal, settings, falWith, release, held } = await worker();
    const job = falJob('01900000-0000-7000-8000-0000000000e3');
    await repository.insert(job);
    const running = runner.run(job.id);
    await until('two calls to be under way', () => held() === 2, IN_PROCESS);
    settings(falWith('fal-key-two-5678'));
    await until('the calls to go out again with the new key', () => held() === 4, IN_PROCESS);
    release();
    await running;
    const done = await repository.findById(job.id);
    assert.equal(done?.status, 'complete');
    const keys = fal.apiRequests().map((request) => request.headers.authorization);
    assert.deepEqual(keys.slice(0, 2), ['Key fal-key-one-1234', 'Key fal-key-one-1234']);
    assert.ok(keys.slice(2).length >= 4);
    assert.ok(keys.slice(2).every((key) => key === 'Key fal-key-two-5678'));
  });
});

import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { describeEachDatabase } from '../../test/support/test-database.ts';
import sharp from 'sharp';
import { createScriptedImageModel, scriptedCatalogEntry } from '../../test/support/scripted-image-model.ts';
import { postJson, startTestBrandgen, waitForJob } from '../../test/support/test-brandgen.ts';
import { until } from '../../test/support/until.ts';

function scriptedCatalog(model: ReturnType<typeof createScriptedImageModel>) {
  return () => [scriptedCatalogEntry(model)];
}

describeEachDatabase('running jobs', (database) => {
  test('an image that fails twice is retried and the job still completes', async () => {
    const model = createScriptedImageModel({ failuresBySeed: new Map([[101, 2]]) });
    const app = await startTestBrandgen(await database.environment(), { models: scriptedCatalog(model) });
    try {
      const accepted = (await (await postJson(app.baseUrl, '/api/generate', { prompt: 'retry me', seed: 100 })).json()) as any;
      const job = await waitForJob(app.baseUrl, accepted.job_id);
      assert.equal(job.status, 'complete');
      assert.equal(model.calls.filter((call) => call.seed === 101).length, 3, 'first attempt and two retries');
      assert.equal(model.calls.length, 6);
      assert.ok(
        model.calls.every((call) => call.prompt === job.final_prompt),
        'the model receives the composed prompt',
      );
    } finally {
      await app.close();
    }
  });

  test('an image that keeps failing fails the job with a clear error; the others stay downloadable', async () => {
    const model = createScriptedImageModel({ failuresBySeed: new Map([[202, 99]]) });
    const app = await startTestBrandgen(await database.environment(), { models: scriptedCatalog(model) });
    try {
      const accepted = (await (await postJson(app.baseUrl, '/api/generate', { prompt: 'fail one', seed: 200 })).json()) as any;
      const job = await waitForJob(app.baseUrl, accepted.job_id);
      assert.equal(job.status, 'failed');
      assert.equal(job.error.code, 'generation_failed');
      assert.match(
        job.error.message,
        /^1 of 4 images could not be generated \(GPU out of memory for seed 202\)\. The other 3 can still be downloaded\.$/,
      );
      assert.equal(model.calls.filter((call) => call.seed === 202).length, 3, 'tried three times, no more');
      assert.deepEqual(
        job.slots.map((slot: any) => slot.status),
        ['ready', 'ready', 'failed', 'ready'],
      );
      assert.equal(job.images.length, 3);
      for (const url of job.images) assert.equal((await fetch(`${app.baseUrl}${url}`)).status, 200);
      assert.equal((await fetch(`${app.baseUrl}/api/jobs/${job.id}/images/2`)).status, 404);
    } finally {
      await app.close();
    }
  });

  test('the four images of a job are generated in parallel', async () => {
    // Each call waits until all four are running; made one after another, none would ever see a second.
    const model = createScriptedImageModel({ gatherCalls: { count: 4, atMostMs: 5_000 } });
    const app = await startTestBrandgen(await database.environment(), { models: scriptedCatalog(model) });
    try {
      const accepted = (await (await postJson(app.baseUrl, '/api/generate', { prompt: 'parallel' })).json()) as any;
      let job: any;
      await until('the job to finish', async () => {
        job = await (await fetch(`${app.baseUrl}/api/jobs/${accepted.job_id}`)).json();
        return job.status === 'complete' || job.status === 'failed';
      });
      assert.equal(job.status, 'complete');
      assert.equal(model.peakInFlight, 4);
    } finally {
      await app.close();
    }
  });

  test('a file written just before a crash is adopted, not generated a second time', async () => {
    const model = createScriptedImageModel({});
    const environment = { ...(await database.environment()), BRANDGEN_CONCURRENCY: '1' };
    const app = await startTestBrandgen(environment, { models: scriptedCatalog(model) });
    const jobId = '01900000-0000-7000-8000-0000000000aa';
    const orphan = await sharp({ create: { width: 1024, height: 1024, channels: 3, background: '#123456' } })
      .png()
      .toBuffer();
    try {
      // A job as a crash leaves it: processing, slot 1's model called and its file on disk, but its row still pending.
      await app.brandgen.database
        .insertInto('jobs')
        .values({
          id: jobId,
          user_id: 'local',
          prompt: 'crash',
          final_prompt: 'crash',
          negative_prompt: '',
          model: 'scripted',
          status: 'processing',
          settings: JSON.stringify({ seed: 10, size: '1024x1024' }),
          source_job_id: null,
          error_code: null,
          error_message: null,
          created_at: new Date().toISOString(),
          started_at: new Date().toISOString(),
          completed_at: null,
        })
        .execute();
      await app.brandgen.database
        .insertInto('job_images')
        .values([0, 1, 2, 3].map((slot) => ({ job_id: jobId, slot, seed: 10 + slot, status: 'pending', attempts: slot === 1 ? 1 : 0 })))
        .execute();
      await mkdir(path.join(app.dataDirectory, 'images', 'jobs', jobId), { recursive: true });
      await writeFile(path.join(app.dataDirectory, 'images', 'jobs', jobId, '1.png'), orphan);
    } finally {
      await app.brandgen.stop();
    }
    const restarted = await startTestBrandgen({ ...environment, BRANDGEN_DATA_DIR: app.dataDirectory }, { models: scriptedCatalog(model) });
    try {
      const job = await waitForJob(restarted.baseUrl, jobId);
      assert.equal(job.status, 'complete');
      assert.deepEqual(model.calls.map((call) => call.seed).sort(), [10, 12, 13]);
      const adopted = Buffer.from(await (await fetch(`${restarted.baseUrl}/api/jobs/${jobId}/images/1`)).arrayBuffer());
      assert.ok(adopted.equals(orphan));
    } finally {
      await restarted.close();
    }
  });
});

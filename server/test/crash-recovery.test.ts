import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import SqliteDatabase from 'better-sqlite3';
import { killHard, startServerProcess, type ServerProcess } from './support/server-process.ts';
import { postJson, waitForJob } from './support/test-brandgen.ts';

test('after kill -9 mid-run, a restart finishes every job with four images, none made twice', async () => {
  const dataDirectory = await mkdtemp(path.join(os.tmpdir(), 'brandgen-crash-'));
  // One job at a time: a job's four images now arrive together, so with two at once both could finish before the kill.
  const environment = { BRANDGEN_DATA_DIR: dataDirectory, BRANDGEN_DEMO_LATENCY_MS: '700', BRANDGEN_CONCURRENCY: '1' };
  let server: ServerProcess | undefined;
  try {
    server = await startServerProcess(environment);
    const jobIds: string[] = [];
    for (let index = 0; index < 5; index += 1) {
      const response = await postJson(server.baseUrl, '/api/generate', { prompt: `crash test ${index}`, seed: index * 10 });
      assert.equal(response.status, 202);
      jobIds.push(((await response.json()) as any).job_id);
    }
    // Kill once the first images are stored: some jobs done in part, others not started.
    const deadline = Date.now() + 15_000;
    for (;;) {
      const first = (await (await fetch(`${server.baseUrl}/api/jobs/${jobIds[0]}`)).json()) as any;
      if (first.progress.done > 0) break;
      assert.ok(Date.now() < deadline, 'the first job made progress');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await killHard(server);

    const database = new SqliteDatabase(path.join(dataDirectory, 'brandgen.sqlite'), { readonly: true });
    const unfinished = database.prepare("select count(*) as count from jobs where status in ('queued', 'processing')").get() as {
      count: number;
    };
    database.close();
    assert.ok(unfinished.count >= 4, `the kill left work undone (${unfinished.count} unfinished jobs)`);

    server = await startServerProcess(environment);
    for (const jobId of jobIds) {
      const job = await waitForJob(server.baseUrl, jobId, 30_000);
      assert.equal(job.status, 'complete', `${jobId}: ${JSON.stringify(job.error)}`);
      assert.equal(job.images.length, 4);
      for (const url of job.images) assert.equal((await fetch(`${server.baseUrl}${url}`)).status, 200);
      const files = (await readdir(path.join(dataDirectory, 'images', 'jobs', jobId))).filter((name) => name.endsWith('.png'));
      assert.deepEqual(files.sort(), ['0.png', '1.png', '2.png', '3.png']);
    }
    const check = new SqliteDatabase(path.join(dataDirectory, 'brandgen.sqlite'), { readonly: true });
    const announcements = check
      .prepare("select job_id, json_extract(data, '$.n') as n, count(*) as count from job_events where type = 'image' group by job_id, n")
      .all() as Array<{ count: number }>;
    check.close();
    assert.equal(announcements.length, 5 * 4, 'every slot was announced');
    assert.ok(
      announcements.every((row) => row.count === 1),
      'no slot was filled twice',
    );
  } finally {
    if (server) await killHard(server);
    await rm(dataDirectory, { recursive: true, force: true });
  }
});

import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { readEventStream, type ServerSentEvent } from './support/read-sse.ts';
import { freePort, killHard, startServerProcess, stopServerProcess, type ServerProcess } from './support/server-process.ts';
import { startAzurite, type AzuriteServer } from './support/test-azurite.ts';
import { postJson } from './support/test-brandgen.ts';
import { createPostgresSchema, postgresSkipReason } from './support/test-database.ts';
import { startOwnRedis, stopProcess } from './support/own-redis.ts';
import { redisSkipReason } from './support/test-redis.ts';

const JOBS = 50;

const skip = postgresSkipReason ?? redisSkipReason ?? false;

describe('two API and two worker processes on PostgreSQL, Redis and Azurite', { skip }, () => {
  let azurite: AzuriteServer;
  let schema: Awaited<ReturnType<typeof createPostgresSchema>>;
  let redis: ChildProcess;
  let redisPort: number;
  let workDirectory: string;
  const processes: ServerProcess[] = [];

  before(async () => {
    workDirectory = await mkdtemp(path.join(os.tmpdir(), 'brandgen-scale-'));
    redisPort = await freePort();
    [azurite, schema, redis] = await Promise.all([startAzurite(), createPostgresSchema(), startOwnRedis(redisPort, workDirectory)]);
  });
  after(async () => {
    for (const server of processes) await stopServerProcess(server, 3_000);
    if (redis) await stopProcess(redis, 'SIGKILL');
    await azurite?.stop();
    await schema?.drop();
    await rm(workDirectory, { recursive: true, force: true });
  });

  test(
    '50 jobs across both APIs: events reach the other API, a kill -9 and a Redis restart lose nothing',
    { timeout: 240_000 },
    async () => {
      const environment = (role: string, name: string) => ({
        BRANDGEN_ROLE: role,
        DATABASE_URL: schema.url,
        REDIS_URL: `redis://127.0.0.1:${redisPort}`,
        AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString,
        BRANDGEN_DATA_DIR: path.join(workDirectory, name),
        BRANDGEN_DEMO_LATENCY_MS: '800',
        BRANDGEN_CONCURRENCY: '4',
        BRANDGEN_MAX_QUEUE: '1000',
        BRANDGEN_RATE_LIMIT_PER_MINUTE: '1000',
        // All 50 streams belong to the one local user.
        BRANDGEN_MAX_STREAMS_PER_USER: '100',
        BRANDGEN_JOB_LOCK_MS: '3000',
        BRANDGEN_QUEUE_RECONCILE_MS: '1000',
      });
      // The first process migrates; the others then start together.
      const apiA = await startServerProcess(environment('api', 'api-a'), 60_000);
      processes.push(apiA);
      const [apiB, workerOne, workerTwo] = await Promise.all([
        startServerProcess(environment('api', 'api-b'), 60_000),
        startServerProcess(environment('worker', 'worker-1'), 60_000),
        startServerProcess(environment('worker', 'worker-2'), 60_000),
      ]);
      processes.push(apiB!, workerOne!, workerTwo!);
      const apis = [apiA, apiB!];

      // A worker serves no API, only health, readiness and metrics.
      assert.equal((await fetch(`${workerOne!.baseUrl}/api/jobs`)).status, 404);
      assert.equal((await fetch(`${workerOne!.baseUrl}/api/ready`)).status, 200);

      const jobIds: string[] = [];
      const streams: Array<Promise<{ events: ServerSentEvent[] }>> = [];
      for (let index = 0; index < JOBS; index += 1) {
        const taker = apis[index % 2]!;
        const listener = apis[(index + 1) % 2]!;
        const response = await postJson(taker.baseUrl, '/api/generate', { prompt: `scale out ${index}`, seed: index * 10 });
        assert.equal(response.status, 202);
        const jobId = ((await response.json()) as { job_id: string }).job_id;
        jobIds.push(jobId);
        // The stream opens on the API that did not take the job, and from the start (Last-Event-ID 0).
        streams.push(readEventStream(`${listener.baseUrl}/api/jobs/${jobId}/events`, { 'last-event-id': '0' }, 200_000));
      }

      const database = new pg.Client({ connectionString: schema.url.replace(/[?&]schema=[^&]+/, '') });
      await database.connect();
      const schemaName = new URL(schema.url).searchParams.get('schema')!;
      await database.query(`set search_path to ${schemaName}`);
      const count = async (sql: string) => Number((await database.query(sql)).rows[0].count);
      try {
        // Kill a worker with kill -9 while it has images half done.
        const deadline = Date.now() + 60_000;
        while ((await count("select count(*) from job_images where status = 'ready'")) < 8) {
          assert.ok(Date.now() < deadline, 'the workers make progress');
          await sleep(50);
        }
        await killHard(workerOne!);
        const doneAtKill = await count("select count(*) from jobs where status = 'complete'");
        assert.ok(doneAtKill < JOBS, 'the kill came mid-run');

        // Restart Redis empty (no persistence): the queue is refilled from the database.
        while ((await count("select count(*) from jobs where status = 'complete'")) < doneAtKill + 3) await sleep(50);
        await stopProcess(redis, 'SIGKILL');
        await sleep(1_000);
        redis = await startOwnRedis(redisPort, workDirectory);
        const doneAtRestart = await count("select count(*) from jobs where status = 'complete'");
        assert.ok(doneAtRestart < JOBS, `the Redis restart came mid-run (${doneAtRestart} done)`);

        // The database is the record: every job completes there first.
        const settleBy = Date.now() + 150_000;
        while ((await count("select count(*) from jobs where status = 'complete'")) < JOBS) {
          if (Date.now() > settleBy) {
            const states = await database.query('select status, count(*) from jobs group by status');
            const slots = await database.query('select status, count(*) from job_images group by status');
            assert.fail(
              `jobs did not all complete: ${JSON.stringify(states.rows)} ${JSON.stringify(slots.rows)}\n${workerTwo!.output().slice(-3000)}`,
            );
          }
          await sleep(200);
        }
        // Then every stream ends soon after; name the ones that do not.
        const ended = new Set<number>();
        streams.forEach(
          (stream, index) =>
            void stream.then(
              () => ended.add(index),
              () => {},
            ),
        );
        const streamsBy = Date.now() + 30_000;
        while (ended.size < JOBS && Date.now() < streamsBy) await sleep(200);
        const open = jobIds.filter((_, index) => !ended.has(index));
        assert.deepEqual(
          open,
          [],
          `SSE streams still open 30 s after every job completed:\n${apiA.output().slice(-2000)}\n${apiB!.output().slice(-2000)}`,
        );
        const results = await Promise.all(streams);
        const finished = await database.query('select id, status from jobs');
        assert.equal(finished.rows.length, JOBS);
        assert.deepEqual(
          finished.rows.filter((row) => row.status !== 'complete'),
          [],
          'every job completes',
        );
        assert.equal(await count("select count(*) from job_images where status = 'ready' and sha256 is not null"), JOBS * 4);
        const completions = await database.query(
          "select job_id, count(*) as count from job_events where type = 'complete' group by job_id",
        );
        assert.equal(completions.rows.length, JOBS);
        assert.ok(
          completions.rows.every((row) => Number(row.count) === 1),
          'each job completes exactly once',
        );
        // The streams ended with `filed`: every job is scored and filed once, the killed worker's ones included.
        assert.equal(await count('select count(*) from jobs where filed_at is null'), 0);
        const filings = await database.query("select job_id, count(*) as count from job_events where type = 'filed' group by job_id");
        assert.equal(filings.rows.length, JOBS);
        assert.ok(
          filings.rows.every((row) => Number(row.count) === 1),
          'each job is filed exactly once',
        );
        const imageEvents = await database.query(
          "select job_id, data, count(*) as count from job_events where type = 'image' group by job_id, data",
        );
        assert.equal(imageEvents.rows.length, JOBS * 4);
        assert.ok(
          imageEvents.rows.every((row) => Number(row.count) === 1),
          'each image is announced once',
        );

        // Every SSE client, on the API that did not take the job, saw every stored event in order.
        for (const [index, result] of results.entries()) {
          const jobId = jobIds[index]!;
          const stored = await database.query('select sequence, type from job_events where job_id = $1 order by sequence', [jobId]);
          const received = result.events.filter((event) => event.id !== undefined);
          assert.deepEqual(
            received.map((event) => [Number(event.id), event.event]),
            stored.rows.map((row) => [Number(row.sequence), row.type]),
            `events of job ${index}`,
          );
          assert.deepEqual(
            result.events.slice(-2).map((event) => event.event),
            ['complete', 'filed'],
          );
          assert.deepEqual(
            result.events
              .filter((event) => event.event === 'image')
              .map((event) => event.data.n)
              .sort(),
            [0, 1, 2, 3],
          );
        }

        // Images are in Azurite and reachable from either API.
        const job = (await (await fetch(`${apiB!.baseUrl}/api/jobs/${jobIds[0]}`)).json()) as { images: string[] };
        const image = await fetch(`${apiB!.baseUrl}${job.images[3]}`);
        assert.equal(image.status, 200);
        assert.ok(image.url.startsWith(azurite.blobEndpoint), 'served from the blob store via a signed link');

        const metrics = await (await fetch(`${apiA.baseUrl}/metrics`)).text();
        assert.match(metrics, new RegExp(`brandgen_jobs\\{status="complete",role="api"\\} ${JOBS}`));
        const workerMetrics = await (await fetch(`${workerTwo!.baseUrl}/metrics`)).text();
        assert.match(workerMetrics, /brandgen_generation_seconds_count\{role="worker",model="demo",outcome="ok"\} [1-9]/);
      } finally {
        await database.end();
      }
    },
  );
});

// The scale-out figures: enqueue rate through the API, and demo-model throughput of one worker against two.
// Needs PostgreSQL and Redis: BENCH_DATABASE_URL / BENCH_REDIS_URL, or the tests' TEST_DATABASE_URL / TEST_REDIS_URL.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { BUILT_SERVER_ENTRY, killHard, startServerProcess, type ServerProcess } from '../test/support/server-process.ts';
import { deleteRedisKeys, uniqueRedisPrefix } from '../test/support/test-redis.ts';
import { median, postJob, timePosts } from './measure.ts';

export type Report = (name: string, value: string, target: string, met: boolean) => void;

const ENQUEUE_JOBS = 1_000;
const ENQUEUE_ROUNDS = 3;
const WARM_UP_JOBS = 300;
const CLIENTS = 32;
const THROUGHPUT_JOBS = 32;
const WORKER_CONCURRENCY = 2;
const DEMO_LATENCY_MS = 1_500;

export async function benchScaleOut(report: Report): Promise<void> {
  const databaseUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  const redisUrl = process.env.BENCH_REDIS_URL ?? process.env.TEST_REDIS_URL;
  if (!databaseUrl || !redisUrl) {
    console.log('skipped   scale-out figures: set BENCH_DATABASE_URL and BENCH_REDIS_URL (or TEST_DATABASE_URL and TEST_REDIS_URL)');
    return;
  }
  const rounds = await measureEnqueue(databaseUrl, redisUrl);
  const enqueueSeconds = median(rounds);
  report(
    `${ENQUEUE_JOBS} jobs enqueued through POST /api/generate (${CLIENTS} clients, PostgreSQL + BullMQ, median of ${ENQUEUE_ROUNDS} rounds)`,
    `${enqueueSeconds.toFixed(2)} s (${(ENQUEUE_JOBS / enqueueSeconds).toFixed(0)} jobs/s; rounds ${rounds.map((round) => round.toFixed(2)).join(', ')} s)`,
    '< 1 s',
    enqueueSeconds < 1,
  );
  const one = await measureThroughput(databaseUrl, redisUrl, 1);
  const two = await measureThroughput(databaseUrl, redisUrl, 2);
  const ratio = two / one;
  report(
    'demo-model throughput, two workers ÷ one',
    `${ratio.toFixed(2)} (${two.toFixed(2)} ÷ ${one.toFixed(2)} jobs/s, ${THROUGHPUT_JOBS} jobs, concurrency ${WORKER_CONCURRENCY} per worker)`,
    '≥ 1.8',
    ratio >= 1.8,
  );
}

interface Deployment {
  api: ServerProcess;
  workers: ServerProcess[];
  countComplete(): Promise<number>;
  countJobs(): Promise<number>;
  close(): Promise<void>;
}

async function deploy(databaseUrl: string, redisUrl: string, workerCount: number): Promise<Deployment> {
  const schema = `brandgen_bench_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  const url = new URL(databaseUrl);
  url.searchParams.set('schema', schema);
  const prefix = uniqueRedisPrefix();
  const dataDirectory = await mkdtemp(path.join(os.tmpdir(), 'brandgen-bench-scale-'));
  const environment = (role: string) => ({
    BRANDGEN_ROLE: role,
    DATABASE_URL: url.toString(),
    REDIS_URL: redisUrl,
    BRANDGEN_REDIS_PREFIX: prefix,
    BRANDGEN_DATA_DIR: dataDirectory,
    BRANDGEN_DEMO_LATENCY_MS: String(DEMO_LATENCY_MS),
    BRANDGEN_CONCURRENCY: String(WORKER_CONCURRENCY),
    BRANDGEN_MAX_QUEUE: '100000',
    BRANDGEN_RATE_LIMIT_PER_MINUTE: '100000',
    LOG_LEVEL: 'error',
  });
  const api = await startServerProcess(environment('api'), 60_000, undefined, BUILT_SERVER_ENTRY);
  const workers = await Promise.all(
    Array.from({ length: workerCount }, () => startServerProcess(environment('worker'), 60_000, undefined, BUILT_SERVER_ENTRY)),
  );
  await admin.query(`set search_path to ${schema}`);
  return {
    api,
    workers,
    async countComplete() {
      return Number((await admin.query("select count(*) as count from jobs where status = 'complete'")).rows[0].count);
    },
    async countJobs() {
      return Number((await admin.query('select count(*) as count from jobs')).rows[0].count);
    },
    async close() {
      for (const process of [api, ...workers]) await killHard(process);
      await admin.query(`drop schema ${schema} cascade`);
      await admin.end();
      await deleteRedisKeys(redisUrl, prefix);
      await rm(dataDirectory, { recursive: true, force: true });
    },
  };
}

/**
 * Seconds to accept ENQUEUE_JOBS jobs (each recorded in PostgreSQL and added to BullMQ before its 202) with no worker
 * running, for each of ENQUEUE_ROUNDS rounds after a warm-up that lets the API's JIT settle, as a long-running API is.
 */
async function measureEnqueue(databaseUrl: string, redisUrl: string): Promise<number[]> {
  const deployment = await deploy(databaseUrl, redisUrl, 0);
  try {
    const url = `${deployment.api.baseUrl}/api/generate`;
    await timePosts(url, { prompt: 'warm-up' }, WARM_UP_JOBS, CLIENTS);
    const rounds: number[] = [];
    for (let round = 0; round < ENQUEUE_ROUNDS; round += 1) {
      rounds.push(await timePosts(url, { prompt: `enqueue round ${round + 1}` }, ENQUEUE_JOBS, CLIENTS));
    }
    const stored = await deployment.countJobs();
    const expected = WARM_UP_JOBS + ENQUEUE_ROUNDS * ENQUEUE_JOBS;
    if (stored !== expected) throw new Error(`${expected} jobs were accepted but PostgreSQL holds ${stored}`);
    return rounds;
  } finally {
    await deployment.close();
  }
}

/** Jobs per second completed by `workerCount` worker processes from a full queue. */
async function measureThroughput(databaseUrl: string, redisUrl: string, workerCount: number): Promise<number> {
  const deployment = await deploy(databaseUrl, redisUrl, workerCount);
  try {
    const started = performance.now();
    for (let index = 0; index < THROUGHPUT_JOBS; index += 1) await postJob(deployment.api.baseUrl, `throughput ${index}`);
    while ((await deployment.countComplete()) < THROUGHPUT_JOBS) await new Promise((resolve) => setTimeout(resolve, 25));
    return THROUGHPUT_JOBS / ((performance.now() - started) / 1000);
  } finally {
    await deployment.close();
  }
}

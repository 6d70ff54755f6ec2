import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { createBrandgen } from '../src/app.ts';
import { testConfig } from './support/test-brandgen.ts';
import { createPostgresSchema, postgresSkipReason } from './support/test-database.ts';
import { deleteRedisKeys, redisSkipReason, testRedisUrl, uniqueRedisPrefix } from './support/test-redis.ts';
import { until } from './support/until.ts';

// Whichever step of a start fails, nothing it opened may stay open: a process that retries its start, or a test that
// expects a start to fail, would otherwise collect database handles and Redis connections.

const cleanups: Array<() => Promise<void>> = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function dataFolder(): Promise<string> {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'brandgen-failed-start-'));
  cleanups.push(() => rm(folder, { recursive: true, force: true }));
  return folder;
}

/** A ComfyUI workflow file the schema refuses: the model catalog, built once every adapter is open, fails on it. */
async function brokenWorkflow(folder: string): Promise<Record<string, string>> {
  const workflows = path.join(folder, 'workflows');
  await mkdir(workflows, { recursive: true });
  await writeFile(path.join(workflows, 'broken.json'), JSON.stringify({ id: 'broken' }));
  return { COMFYUI_URL: 'http://127.0.0.1:9', COMFYUI_WORKFLOWS_DIR: workflows };
}
const brokenWorkflowError = /The ComfyUI workflow .*broken\.json is invalid/;

/** A port some other server holds, so that listening fails: the last step of `start()`. */
async function takenPort(): Promise<number> {
  const blocker = net.createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => blocker.close(() => resolve())));
  return (blocker.address() as net.AddressInfo).port;
}

/** SQLite deletes the write-ahead log when the last connection to the file closes: a log left behind is an open handle. */
const sqliteOpen = (folder: string) => existsSync(path.join(folder, 'brandgen.sqlite-wal'));

/** Connected sockets of this process: each PostgreSQL pool connection and each Redis connection is one. */
const openSockets = () => process.getActiveResourcesInfo().filter((resource) => resource === 'TCPSocketWrap').length;

describe('a failed start on SQLite', () => {
  test('an adapter after the database (the blob store) fails, and the database is closed', async () => {
    const folder = await dataFolder();
    // The image folder's place is taken by a file, so the disk blob store cannot prepare it.
    await writeFile(path.join(folder, 'images'), 'not a folder');
    await assert.rejects(createBrandgen(testConfig(folder)), { code: /^(ENOTDIR|EEXIST)$/ });
    assert.equal(sqliteOpen(folder), false, 'the database file is still open');
  });

  test('a step after the adapters (the model catalog) fails, and the database is closed', async () => {
    const folder = await dataFolder();
    await assert.rejects(createBrandgen(testConfig(folder, await brokenWorkflow(folder))), brokenWorkflowError);
    assert.equal(sqliteOpen(folder), false, 'the database file is still open');
  });

  test('listening fails in start(), and the worker, the database and everything else are closed', async () => {
    const folder = await dataFolder();
    const brandgen = await createBrandgen(testConfig(folder, { PORT: String(await takenPort()) }));
    assert.equal(sqliteOpen(folder), true, 'an open database keeps its write-ahead log');
    await assert.rejects(brandgen.start(), { code: 'EADDRINUSE' });
    assert.equal(sqliteOpen(folder), false, 'the database file is still open');
    await brandgen.stop();
  });
});

describe('a failed start on PostgreSQL and Redis', { skip: postgresSkipReason ?? redisSkipReason ?? false }, () => {
  async function scaledEnvironment(): Promise<Record<string, string>> {
    const schema = await createPostgresSchema();
    const prefix = uniqueRedisPrefix();
    cleanups.push(schema.drop, () => deleteRedisKeys(testRedisUrl!, prefix));
    return { DATABASE_URL: schema.url, REDIS_URL: testRedisUrl!, BRANDGEN_REDIS_PREFIX: prefix };
  }
  const allClosed = (before: number) =>
    until('every connection the start opened to close', () => openSockets() === before, { timeoutMs: 20_000 });

  test('a step after the adapters fails, and the pool, the event bus, the queue and the rate-limit client are closed', async () => {
    const folder = await dataFolder();
    const config = testConfig(folder, { ...(await scaledEnvironment()), ...(await brokenWorkflow(folder)) });
    const before = openSockets();
    await assert.rejects(createBrandgen(config), brokenWorkflowError);
    await allClosed(before);
  });

  test('listening fails in start(), and the worker and every connection are closed', async () => {
    const folder = await dataFolder();
    const config = testConfig(folder, { ...(await scaledEnvironment()), PORT: String(await takenPort()) });
    const before = openSockets();
    const brandgen = await createBrandgen(config);
    await until('the start to connect', () => openSockets() > before, { timeoutMs: 20_000 });
    await assert.rejects(brandgen.start(), { code: 'EADDRINUSE' });
    await allClosed(before);
  });
});

import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { until } from '../../test/support/until.ts';
import { redisSkipReason, testRedisUrl, uniqueRedisPrefix } from '../../test/support/test-redis.ts';
import type { JobEvent } from './event-bus.ts';
import { RedisEventBus } from './redis-event-bus.ts';

describe('job events over Redis pub/sub', { skip: redisSkipReason ?? false }, () => {
  const buses: RedisEventBus[] = [];
  after(async () => {
    for (const bus of buses) await bus.close();
  });

  test('an event published by one process reaches subscribers of that job in another, and only them', async () => {
    const prefix = uniqueRedisPrefix();
    const worker = new RedisEventBus({ url: testRedisUrl!, prefix });
    const api = new RedisEventBus({ url: testRedisUrl!, prefix });
    buses.push(worker, api);
    const received: JobEvent[] = [];
    const other: JobEvent[] = [];
    const stop = await api.subscribe('job-1', (event) => received.push(event));
    await api.subscribe('job-2', (event) => other.push(event));
    const second: JobEvent[] = [];
    const stopSecond = await api.subscribe('job-1', (event) => second.push(event));
    await worker.publish({ jobId: 'job-1', sequence: 1, type: 'progress', data: { done: 1, total: 4 } });
    await worker.publish({ jobId: 'job-1', sequence: 2, type: 'image', data: { n: 0 } });
    for (let wait = 0; wait < 100 && received.length < 2; wait += 1) await sleep(20);
    assert.deepEqual(received, [
      { jobId: 'job-1', sequence: 1, type: 'progress', data: { done: 1, total: 4 } },
      { jobId: 'job-1', sequence: 2, type: 'image', data: { n: 0 } },
    ]);
    assert.equal(second.length, 2);
    assert.equal(other.length, 0);
    stop();
    stopSecond();
    await worker.publish({ jobId: 'job-1', sequence: 3, type: 'complete', data: {} });
    await sleep(100);
    assert.equal(received.length, 2, 'nothing after unsubscribing');
  });

  test('a bus with another prefix (another installation) hears nothing', async () => {
    const mine = new RedisEventBus({ url: testRedisUrl!, prefix: uniqueRedisPrefix() });
    const theirs = new RedisEventBus({ url: testRedisUrl!, prefix: uniqueRedisPrefix() });
    buses.push(mine, theirs);
    const received: JobEvent[] = [];
    await mine.subscribe('job-1', (event) => received.push(event));
    await theirs.publish({ jobId: 'job-1', sequence: 1, type: 'progress', data: { done: 1, total: 4 } });
    await sleep(150);
    assert.equal(received.length, 0);
  });

  test('a settings announcement reaches every process of the installation, and no other installation', async () => {
    const prefix = uniqueRedisPrefix();
    const api = new RedisEventBus({ url: testRedisUrl!, prefix });
    const worker = new RedisEventBus({ url: testRedisUrl!, prefix });
    const stranger = new RedisEventBus({ url: testRedisUrl!, prefix: uniqueRedisPrefix() });
    buses.push(api, worker, stranger);
    const heard = { api: 0, worker: 0, stranger: 0 };
    await api.onSettingsChange(() => (heard.api += 1));
    const stopWorker = await worker.onSettingsChange(() => (heard.worker += 1));
    await stranger.onSettingsChange(() => (heard.stranger += 1));
    await sleep(100);
    const afterConnecting = { ...heard };
    await api.announceSettingsChange();
    await until('both processes to hear the announcement', () => heard.api > afterConnecting.api && heard.worker > afterConnecting.worker, {
      timeoutMs: 5_000,
    });
    await sleep(100);
    assert.equal(heard.stranger, afterConnecting.stranger);
    stopWorker();
    await api.announceSettingsChange();
    await until('the announcement to come back', () => heard.api === afterConnecting.api + 2, { timeoutMs: 5_000 });
    await sleep(100);
    assert.equal(heard.worker, afterConnecting.worker + 1, 'nothing after unsubscribing');
  });

  test('a connection that comes back tells listeners to re-read, and announcements are heard again', async () => {
    const prefix = uniqueRedisPrefix();
    const bus = new RedisEventBus({ url: testRedisUrl!, prefix });
    const other = new RedisEventBus({ url: testRedisUrl!, prefix });
    buses.push(bus, other);
    let heard = 0;
    await bus.onSettingsChange(() => (heard += 1));
    await sleep(100);
    const before = heard;
    // Redis drops the subscriber connections of this installation only (as a network cut would), by their name.
    const admin = new Redis(testRedisUrl!);
    try {
      const clients = String(await admin.call('CLIENT', 'LIST'));
      const ids = [...clients.matchAll(/^id=(\d+) .*name=(\S+)/gm)]
        .filter(([, , name]) => name === `${prefix}-event-subscriber`)
        .map(([, id]) => id!);
      assert.equal(ids.length, 2, 'one named subscriber per bus');
      for (const id of ids) await admin.call('CLIENT', 'KILL', 'ID', id);
    } finally {
      admin.disconnect();
    }
    await until('the reconnection to call the listener', () => heard > before, { timeoutMs: 10_000 });
    const reconnected = heard;
    await other.announceSettingsChange();
    await until('an announcement to be heard after the reconnection', () => heard > reconnected, { timeoutMs: 10_000 });
  });
});

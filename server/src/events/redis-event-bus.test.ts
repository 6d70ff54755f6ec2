import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
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
    await theirs.publish({ jobId: 'job-1', sequence: 1, type: 'progress', data: {} });
    await sleep(150);
    assert.equal(received.length, 0);
  });
});

import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { redisSkipReason, testRedisUrl, uniqueRedisPrefix } from '../../test/support/test-redis.ts';
import { until } from '../../test/support/until.ts';
import type { TrainingRepository } from '../db/training-repository.ts';
import type { TrainingEvent } from '../domain/training.ts';
import type { EventBus } from '../events/event-bus.ts';
import { InMemoryEventBus } from '../events/in-memory-event-bus.ts';
import { RedisEventBus } from '../events/redis-event-bus.ts';
import { TrainingEvents } from './training-events.ts';

const progress = (sequence: number): TrainingEvent => ({ sequence, type: 'progress', data: { step: sequence, steps: 10, logs: [] } });

/** The store of one training's events, counting how often a stream reads it. */
function storedEvents() {
  const events: TrainingEvent[] = [];
  const reads: number[] = [];
  const repository = {
    listEventsAfter: async (_id: string, after: number) => {
      reads.push(after);
      return events.filter((event) => event.sequence > after);
    },
  } as unknown as TrainingRepository;
  return { events, reads, repository };
}

/** The same checks on the embedded bus and on Redis: a worker process publishes, an API process streams. */
function followsTheBus(makeBuses: () => { worker: EventBus; api: EventBus }) {
  test('a stream reads the store once when it opens, then follows the bus, and reads again only to fill a gap', async () => {
    const { worker, api } = makeBuses();
    const store = storedEvents();
    const publisher = new TrainingEvents({ repository: store.repository, bus: worker });
    const streamer = new TrainingEvents({ repository: store.repository, bus: api });
    const write = async (event: TrainingEvent, announce = true) => {
      store.events.push(event);
      if (announce) await publisher.publish('training-1', event);
    };
    await write(progress(1));
    await write(progress(2));
    const received: number[] = [];
    const leave = await streamer.follow('training-1', 0, (event) => received.push(event.sequence));
    assert.deepEqual(received, [1, 2]);
    assert.deepEqual(store.reads, [0], 'one read at connect');

    await write(progress(3));
    await write(progress(4));
    await until('the live events', () => received.length === 4);
    assert.deepEqual(received, [1, 2, 3, 4]);
    assert.deepEqual(store.reads, [0], 'live events come from the bus, not the store');

    await write(progress(5), false);
    await write(progress(6));
    await until('the gap filled', () => received.length === 6);
    assert.deepEqual(received, [1, 2, 3, 4, 5, 6]);
    assert.deepEqual(store.reads, [0, 4], 'one read fills the gap a lost message left');

    const resumed: number[] = [];
    const leaveResumed = await streamer.follow('training-1', 4, (event) => resumed.push(event.sequence));
    assert.deepEqual(resumed, [5, 6], 'a stream resumed with Last-Event-ID 4 gets what came after');
    await write(progress(7));
    await until('both streams hear the next event', () => received.length === 7 && resumed.length === 3);
    leave();
    leaveResumed();
    await write(progress(8));
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.deepEqual(received, [1, 2, 3, 4, 5, 6, 7], 'nothing after leaving');
  });
}

describe('training events on the embedded bus', () => {
  const bus = new InMemoryEventBus();
  followsTheBus(() => ({ worker: bus, api: bus }));
});

describe('training events over Redis pub/sub', { skip: redisSkipReason ?? false }, () => {
  const buses: RedisEventBus[] = [];
  after(async () => {
    for (const bus of buses) await bus.close();
  });
  followsTheBus(() => {
    const prefix = uniqueRedisPrefix();
    const worker = new RedisEventBus({ url: testRedisUrl!, prefix });
    const api = new RedisEventBus({ url: testRedisUrl!, prefix });
    buses.push(worker, api);
    return { worker, api };
  });
});

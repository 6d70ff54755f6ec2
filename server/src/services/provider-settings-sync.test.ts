import assert from 'node:assert/strict';
import { test } from 'node:test';
import { until } from '../../test/support/until.ts';
import { InMemoryEventBus } from '../events/in-memory-event-bus.ts';
import type { ProviderSettings, ProviderSettingsMap } from '../providers/provider-ids.ts';
import { ProviderSettingsSync } from './provider-settings-sync.ts';

const QUICK = { timeoutMs: 5_000, intervalMs: 5 };

function fal(apiKey: string): ProviderSettings {
  return { apiKey, baseUrl: undefined, timeoutMs: 1_000, concurrency: 2 };
}

/** A process's view: settings in a "database" the test edits, and what the process applied, on a bus it shares. */
function processOf(database: { settings: ProviderSettingsMap; failing?: boolean }, bus: InMemoryEventBus, intervalMs = 0) {
  const applied: ProviderSettingsMap[] = [];
  const errors: string[] = [];
  let reads = 0;
  const sync = new ProviderSettingsSync({
    read: async () => {
      reads += 1;
      if (database.failing) throw new Error('the database is away');
      return structuredClone(database.settings);
    },
    apply: (providers) => applied.push(providers),
    bus,
    intervalMs,
    onError: (_error, message) => errors.push(message),
  });
  return { sync, applied, errors, reads: () => reads };
}

test('a change made in one process is applied there before it answers, and in the others on the announcement', async () => {
  const bus = new InMemoryEventBus();
  const database: { settings: ProviderSettingsMap } = { settings: {} };
  const here = processOf(database, bus);
  const there = processOf(database, bus);
  here.sync.startedWith({});
  there.sync.startedWith({});
  await here.sync.start();
  await there.sync.start();
  assert.deepEqual([here.applied, there.applied], [[], []], 'nothing changed since the start');

  database.settings = { fal: fal('fal-key-one') };
  await here.sync.changedHere();
  assert.deepEqual(here.applied, [{ fal: fal('fal-key-one') }]);
  await until('the other process to apply the change', () => there.applied.length === 1, QUICK);
  assert.deepEqual(there.applied, [{ fal: fal('fal-key-one') }]);

  database.settings = {};
  await here.sync.changedHere();
  await until('the removal to reach the other process', () => there.applied.length === 2, QUICK);
  assert.deepEqual(there.applied[1], {});
  // The announcement reached this process too; settings already applied are not applied twice.
  assert.equal(here.applied.length, 2);
  here.sync.stop();
  there.sync.stop();
});

test('a process re-reads on start and on its interval, so a lost announcement is caught up', async () => {
  const bus = new InMemoryEventBus();
  const database: { settings: ProviderSettingsMap } = { settings: { fal: fal('fal-key-one') } };
  const worker = processOf(database, bus, 20);
  worker.sync.startedWith({});
  // Changed between the start's read and the subscription: the start's own re-read applies it.
  await worker.sync.start();
  assert.deepEqual(worker.applied, [{ fal: fal('fal-key-one') }]);

  // An announcement that was lost (Redis was away): the interval alone brings the change.
  database.settings = { fal: fal('fal-key-two') };
  await until('the interval to apply the change', () => worker.applied.length === 2, QUICK);
  assert.deepEqual(worker.applied[1], { fal: fal('fal-key-two') });
  worker.sync.stop();
  const readsWhenStopped = worker.reads();
  await new Promise((resolve) => setTimeout(resolve, 60));
  assert.equal(worker.reads(), readsWhenStopped, 'a stopped process reads no more');
});

test('a failed re-read keeps the settings in use and is reported; the next one applies the change', async () => {
  const bus = new InMemoryEventBus();
  const database: { settings: ProviderSettingsMap; failing?: boolean } = { settings: {} };
  const api = processOf(database, bus);
  api.sync.startedWith({});
  await api.sync.start();
  database.settings = { fal: fal('fal-key-one') };
  database.failing = true;
  await bus.announceSettingsChange();
  await until('the failure to be reported', () => api.errors.length === 1, QUICK);
  assert.match(api.errors[0]!, /could not be re-read; the models in use stay as they were/);
  assert.deepEqual(api.applied, []);
  database.failing = false;
  await api.sync.refresh();
  assert.deepEqual(api.applied, [{ fal: fal('fal-key-one') }]);
  api.sync.stop();
});

test('a change that cannot be announced is still applied here, and the failure is reported, not thrown', async () => {
  const bus = new InMemoryEventBus();
  bus.announceSettingsChange = async () => {
    throw new Error('Redis did not answer a publish in time');
  };
  const database: { settings: ProviderSettingsMap } = { settings: {} };
  const api = processOf(database, bus);
  api.sync.startedWith({});
  await api.sync.start();
  database.settings = { fal: fal('fal-key-one') };
  await api.sync.changedHere();
  assert.deepEqual(api.applied, [{ fal: fal('fal-key-one') }]);
  await until('the failure to be reported', () => api.errors.length === 1, QUICK);
  assert.match(api.errors[0]!, /saved but not announced/);
  api.sync.stop();
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { InProcessQueue } from './in-process-queue.ts';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

test('runs at most `concurrency` jobs at once, in arrival order', async () => {
  const started: string[] = [];
  const gates = new Map<string, ReturnType<typeof deferred>>();
  const queue = new InProcessQueue({ concurrency: 2, loadUnfinished: async () => [] });
  await queue.start(async (id) => {
    started.push(id);
    const gate = deferred();
    gates.set(id, gate);
    await gate.promise;
  });
  for (const id of ['a', 'b', 'c', 'd']) await queue.enqueue(id);
  assert.deepEqual(started, ['a', 'b']);
  gates.get('b')!.resolve();
  await sleep(1);
  assert.deepEqual(started, ['a', 'b', 'c']);
  gates.get('a')!.resolve();
  gates.get('c')!.resolve();
  await sleep(1);
  assert.deepEqual(started, ['a', 'b', 'c', 'd']);
  gates.get('d')!.resolve();
  await queue.stop();
});

test('picks up unfinished jobs from the store at start, and runs a job enqueued twice once', async () => {
  const runs: string[] = [];
  const queue = new InProcessQueue({ concurrency: 1, loadUnfinished: async () => ['old-1', 'old-2'] });
  await queue.enqueue('old-2');
  await queue.start(async (id) => {
    runs.push(id);
    await sleep(5);
  });
  await sleep(30);
  assert.deepEqual(runs, ['old-2', 'old-1']);
  await queue.stop();
});

test('a failing job is reported and does not stop the queue', async () => {
  const errors: string[] = [];
  const runs: string[] = [];
  const queue = new InProcessQueue({
    concurrency: 1,
    loadUnfinished: async () => [],
    onError: (id, error) => errors.push(`${id}: ${(error as Error).message}`),
  });
  await queue.start(async (id) => {
    runs.push(id);
    if (id === 'bad') throw new Error('boom');
  });
  await queue.enqueue('bad');
  await queue.enqueue('good');
  await sleep(5);
  assert.deepEqual(runs, ['bad', 'good']);
  assert.deepEqual(errors, ['bad: boom']);
  await queue.stop();
});

test('stop waits for running jobs and takes no new ones', async () => {
  const runs: string[] = [];
  const gate = deferred();
  const queue = new InProcessQueue({ concurrency: 1, loadUnfinished: async () => [] });
  await queue.start(async (id) => {
    runs.push(id);
    await gate.promise;
  });
  await queue.enqueue('first');
  await queue.enqueue('second');
  let stopped = false;
  const stopping = queue.stop(5_000).then(() => {
    stopped = true;
  });
  await sleep(5);
  assert.equal(stopped, false, 'stop waits for the running job');
  assert.equal(queue.running, false);
  gate.resolve();
  await stopping;
  assert.deepEqual(runs, ['first']);
});

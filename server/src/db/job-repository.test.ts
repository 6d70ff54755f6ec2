import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeEachDatabase } from '../../test/support/test-database.ts';
import { sampleJob } from '../../test/support/sample-job.ts';
import { pendingSlot } from '../domain/job.ts';
import { JobRepository } from './job-repository.ts';

describeEachDatabase('the job repository', (database) => {
  test('a job round-trips with the same types on every engine: numbers, JSON and ISO text', async () => {
    const repository = new JobRepository({ database: await database.open() });
    const job = sampleJob('01900000-0000-7000-8000-000000000001');
    await repository.insert(job);
    const found = await repository.findById(job.id);
    assert.deepEqual(found, job);
    assert.equal(typeof found!.slots[3]!.seed, 'number', 'bigint seeds come back as numbers');
    assert.equal(await repository.countUnfinished(), 1);
    assert.equal(typeof (await repository.countUnfinished()), 'number');
  });

  test('many jobs are read at once, in the order asked for, with their slots; unknown ids are left out', async () => {
    const repository = new JobRepository({ database: await database.open() });
    const jobs = [21, 22, 23].map((index) => sampleJob(`01900000-0000-7000-8000-0000000000${index}`));
    for (const job of jobs) await repository.insert(job);
    const unknown = '01900000-0000-7000-8000-000000000099';
    assert.deepEqual(await repository.findByIds([jobs[2]!.id, unknown, jobs[0]!.id, jobs[1]!.id]), [jobs[2], jobs[0], jobs[1]]);
    assert.deepEqual(await repository.findByIds([]), []);
  });

  test('a job and its slots are stored together or not at all', async () => {
    const repository = new JobRepository({ database: await database.open() });
    const job = sampleJob('01900000-0000-7000-8000-000000000009');
    // Two slots with one number break the slots' key after the job row was written in the same statement or transaction.
    const broken = { ...job, slots: [pendingSlot(0, 1), pendingSlot(0, 2)] };
    await assert.rejects(repository.insert(broken));
    assert.equal(await repository.findById(job.id), undefined, 'no job row without its slots');
    await repository.insert(job);
    assert.deepEqual(await repository.findById(job.id), job);
  });

  test('jobs stored at the same moment each succeed or fail on their own', async () => {
    const repository = new JobRepository({ database: await database.open() });
    const good = [10, 11, 12].map((index) => sampleJob(`01900000-0000-7000-8000-0000000000${index}`));
    const broken = { ...sampleJob('01900000-0000-7000-8000-000000000013'), slots: [pendingSlot(0, 1), pendingSlot(0, 2)] };
    // On PostgreSQL the four share one statement, which the broken job fails: the others are then stored one by one.
    const results = await Promise.allSettled([good[0]!, broken, good[1]!, good[2]!].map((job) => repository.insert(job)));
    assert.deepEqual(
      results.map((result) => result.status),
      ['fulfilled', 'rejected', 'fulfilled', 'fulfilled'],
    );
    for (const job of good) assert.deepEqual(await repository.findById(job.id), job);
    assert.equal(await repository.findById(broken.id), undefined);
  });

  test('transitions and slot updates are conditional, so concurrent writers cannot both win', async () => {
    const repository = new JobRepository({ database: await database.open() });
    const job = sampleJob('01900000-0000-7000-8000-000000000002');
    await repository.insert(job);
    const started = (at: string) =>
      repository.transition(
        job.id,
        ['queued'],
        'processing',
        { startedAt: at },
        { type: 'state', data: { status: 'processing', progress: { done: 0, total: 4 } }, createdAt: at },
      );
    const results = await Promise.all([started('2026-11-23T01:00:01.000Z'), started('2026-11-23T01:00:02.000Z')]);
    assert.deepEqual(
      results.map((event) => event !== undefined).sort(),
      [false, true],
      'one writer wins, and only its change is announced',
    );
    const ready = {
      blobKey: `jobs/${job.id}/0.png`,
      contentType: 'image/png',
      byteSize: 1234,
      sha256: 'ab'.repeat(32),
      width: 1024,
      height: 1024,
      completedAt: '2026-11-23T01:00:03.000Z',
    };
    assert.deepEqual(
      (await repository.markSlotReady(job.id, 0, ready)).map((event) => [event.type, event.data]),
      [
        ['image', { n: 0 }],
        ['progress', { done: 1, total: 4 }],
      ],
    );
    assert.deepEqual(await repository.markSlotReady(job.id, 0, ready), [], 'a slot is filled, and announced, once');
    assert.equal(await repository.markSlotFailed(job.id, 0, 'late', ready.completedAt), false);
    await repository.recordAttempt(job.id, 1);
    await repository.recordAttempt(job.id, 1);
    const found = await repository.findById(job.id);
    assert.equal(found!.status, 'processing');
    assert.equal(found!.slots[0]!.sha256, ready.sha256);
    assert.equal(found!.slots[1]!.attempts, 2);
    assert.deepEqual(await repository.listUnfinishedIds(), [job.id]);
  });

  test('a run starts in one transaction: processing, its event, and the first attempt of the slots it calls', async () => {
    const repository = new JobRepository({ database: await database.open() });
    const job = sampleJob('01900000-0000-7000-8000-000000000007');
    await repository.insert(job);
    const at = '2026-11-23T01:00:06.000Z';
    const event = { type: 'state', data: { status: 'processing', progress: { done: 0, total: 4 } }, createdAt: at } as const;
    const started = await repository.startProcessing(job.id, at, event, [0, 2, 3]);
    assert.deepEqual([started?.type, started?.sequence], ['state', 1]);
    const found = await repository.findById(job.id);
    assert.equal(found!.status, 'processing');
    assert.equal(found!.startedAt, at);
    assert.deepEqual(
      found!.slots.map((slot) => slot.attempts),
      [1, 0, 1, 1],
    );
    // A restarted run resumes it; a finished job is not started again, and nothing is counted.
    assert.ok(await repository.startProcessing(job.id, at, event, [1]));
    await repository.transition(
      job.id,
      ['processing'],
      'failed',
      { completedAt: at, error: null },
      { type: 'failed', data: {}, createdAt: at },
    );
    assert.equal(await repository.startProcessing(job.id, at, event, [0, 1, 2, 3]), undefined);
    assert.deepEqual(
      (await repository.findById(job.id))!.slots.map((slot) => slot.attempts),
      [1, 1, 1, 1],
    );
  });

  test('the slot that leaves every image ready completes a processing job in its own transaction, once', async () => {
    const repository = new JobRepository({ database: await database.open() });
    const job = sampleJob('01900000-0000-7000-8000-000000000004');
    await repository.insert(job);
    const at = '2026-11-23T01:00:05.000Z';
    const completion = { type: 'complete', data: {}, createdAt: at } as const;
    const ready = (slot: number) => ({
      blobKey: `jobs/${job.id}/${slot}.png`,
      contentType: 'image/png',
      byteSize: 10,
      sha256: 'cd'.repeat(32),
      width: 1024,
      height: 1024,
      completedAt: at,
    });
    // Still queued: only a job that a run has started is completed by its images.
    for (const slot of [0, 1, 2, 3]) await repository.markSlotReady(job.id, slot, ready(slot), completion);
    assert.equal((await repository.findById(job.id))!.status, 'queued');

    const other = sampleJob('01900000-0000-7000-8000-000000000005');
    await repository.insert(other);
    const processing = { type: 'state', data: { status: 'processing', progress: { done: 0, total: 4 } }, createdAt: at } as const;
    await repository.transition(other.id, ['queued'], 'processing', { startedAt: at }, processing);
    const types: string[][] = [];
    for (const slot of [2, 0, 3])
      types.push((await repository.markSlotReady(other.id, slot, ready(slot), completion)).map((event) => event.type));
    types.push((await repository.markSlotReady(other.id, 1, ready(1))).map((event) => event.type));
    assert.deepEqual(types.at(-1), ['image', 'progress'], 'without a completion event the job is left to be settled');
    assert.equal((await repository.findById(other.id))!.status, 'processing');

    const last = sampleJob('01900000-0000-7000-8000-000000000006');
    await repository.insert(last);
    await repository.transition(last.id, ['queued'], 'processing', { startedAt: at }, processing);
    const announced: Array<Array<[string, number]>> = [];
    for (const slot of [3, 1, 0, 2]) {
      announced.push((await repository.markSlotReady(last.id, slot, ready(slot), completion)).map((event) => [event.type, event.sequence]));
    }
    assert.deepEqual(
      announced.slice(0, 3).map((events) => events.map(([type]) => type)),
      [
        ['image', 'progress'],
        ['image', 'progress'],
        ['image', 'progress'],
      ],
    );
    assert.deepEqual(announced[3], [
      ['image', 8],
      ['progress', 9],
      ['complete', 10],
    ]);
    const completed = await repository.findById(last.id);
    assert.equal(completed!.status, 'complete');
    assert.equal(completed!.completedAt, at);
    assert.deepEqual(await repository.markSlotReady(last.id, 2, ready(2), completion), [], 'nothing is completed twice');
    assert.deepEqual((await repository.listEventsAfter(last.id, 0)).filter((event) => event.type === 'complete').length, 1);
  });

  test('events get gap-free sequence numbers per job, even when appended at once', async () => {
    const repository = new JobRepository({ database: await database.open() });
    const job = sampleJob('01900000-0000-7000-8000-000000000003');
    await repository.insert(job);
    const sequences = await Promise.all(
      Array.from({ length: 8 }, (_, index) =>
        repository.appendEvent(job.id, { type: 'progress', data: { done: index, total: 8 }, createdAt: job.createdAt }),
      ),
    );
    assert.deepEqual(
      sequences.map((event) => event.sequence).sort((a, b) => a - b),
      [1, 2, 3, 4, 5, 6, 7, 8],
    );
    const events = await repository.listEventsAfter(job.id, 5);
    assert.deepEqual(
      events.map((event) => event.sequence),
      [6, 7, 8],
    );
    assert.equal(typeof events[0]!.data, 'object');
    assert.equal(await repository.latestEventSequence(job.id), 8);
  });

  test('pages of a user’s jobs, newest first, never show another user’s', async () => {
    const repository = new JobRepository({ database: await database.open() });
    for (let index = 1; index <= 5; index += 1) {
      await repository.insert(sampleJob(`01900000-0000-7000-8000-00000000001${index}`));
    }
    await repository.insert(sampleJob('01900000-0000-7000-8000-000000000019', { userId: 'user-b' }));
    const first = await repository.listByUser('user-a', { limit: 2 });
    assert.deepEqual(
      first.map((job) => job.id.slice(-2)),
      ['15', '14'],
    );
    const next = await repository.listByUser('user-a', { limit: 10, beforeId: first[1]!.id });
    assert.deepEqual(
      next.map((job) => job.id.slice(-2)),
      ['13', '12', '11'],
    );
    assert.equal(next[0]!.slots.length, 4);
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { newTestService, type TestService } from '../../test/support/new-test-service.ts';
import { sampleJob } from '../../test/support/sample-job.ts';
import { describeEachDatabase } from '../../test/support/test-database.ts';
import { until } from '../../test/support/until.ts';
import { JobRepository, type StoredJobEvent } from '../db/job-repository.ts';
import type { JobEvent } from '../events/event-bus.ts';
import { InMemoryEventBus } from '../events/in-memory-event-bus.ts';
import { systemClock } from './clock.ts';
import { NotFoundError } from './errors.ts';
import { JobEvents } from './job-events.ts';
import type { JobStream, StreamMessage } from './job-stream.ts';

/** The real repository, counting the reads that streams make of job events. */
class CountingRepository extends JobRepository {
  eventReads = 0;
  sequenceReads = 0;

  override async listEventsAfter(jobId: string, sequence: number): Promise<StoredJobEvent[]> {
    this.eventReads += 1;
    return super.listEventsAfter(jobId, sequence);
  }

  override async latestEventSequences(jobIds: readonly string[]): Promise<Map<string, number>> {
    this.sequenceReads += 1;
    return super.latestEventSequences(jobIds);
  }
}

const STREAMS = 200;
const CATCH_UP_MS = 20;

describeEachDatabase('job events followed by many streams in one process', (database) => {
  test('one read a tick checks every stream of every job, and one read fills a gap for all streams of a job', async () => {
    const repository = new CountingRepository({ database: await database.open() });
    const jobIds = ['01900000-0000-7000-8000-0000000000e1', '01900000-0000-7000-8000-0000000000e2'];
    for (const jobId of jobIds) await repository.insert(sampleJob(jobId));
    // A bus that drops everything, as Redis pub/sub does while Redis restarts.
    const silentBus = new InMemoryEventBus();
    const events = new JobEvents({ repository, bus: silentBus, clock: systemClock, catchUpMs: CATCH_UP_MS });
    const received = new Map<number, JobEvent[]>();
    const stops: Array<() => void> = [];
    for (let index = 0; index < STREAMS; index += 1) {
      received.set(index, []);
      stops.push(await events.follow(jobIds[index % 2]!, { afterSequence: 0, onEvent: (event) => received.get(index)!.push(event) }));
    }
    assert.equal(repository.eventReads, STREAMS, 'each stream replays the store once when it opens');

    const ticksBefore = repository.sequenceReads;
    await until('three catch-up ticks', () => repository.sequenceReads - ticksBefore >= 3, { timeoutMs: 10_000, intervalMs: 5 });
    assert.equal(repository.eventReads, STREAMS, 'an idle tick reads no events');

    // An event stored but never broadcast reaches every stream of its job through one read.
    await repository.appendEvent(jobIds[0]!, { type: 'progress', data: { done: 1, total: 4 }, createdAt: systemClock.now() });
    await until(
      'every stream of the job to get the stored event',
      () => [...received.entries()].every(([index, got]) => (index % 2 === 0 ? got.length === 1 : got.length === 0)),
      { timeoutMs: 10_000, intervalMs: 5 },
    );
    assert.equal(repository.eventReads, STREAMS + 1, 'one read filled the gap of all its streams');
    assert.deepEqual(
      received.get(0)!.map((event) => [event.sequence, event.type]),
      [[1, 'progress']],
    );

    for (const stop of stops) stop();
    const afterClose = repository.sequenceReads;
    await sleep(CATCH_UP_MS * 5);
    assert.equal(repository.sequenceReads, afterClose, 'no stream, no catch-up');
  });

  test('a live event that skips a sequence number is filled in order from the store', async () => {
    const repository = new CountingRepository({ database: await database.open() });
    const jobId = '01900000-0000-7000-8000-0000000000e3';
    await repository.insert(sampleJob(jobId));
    const bus = new InMemoryEventBus();
    const events = new JobEvents({ repository, bus, clock: systemClock });
    const got: number[][] = [[], [], []];
    const stops = await Promise.all(
      got.map((list) => events.follow(jobId, { afterSequence: 0, onEvent: (event) => list.push(event.sequence) })),
    );
    const first = await repository.appendEvent(jobId, {
      type: 'state',
      data: { status: 'processing', progress: { done: 0, total: 4 } },
      createdAt: systemClock.now(),
    });
    const second = await repository.appendEvent(jobId, { type: 'progress', data: { done: 1, total: 4 }, createdAt: systemClock.now() });
    // Only the second is broadcast: the first was lost on the way.
    await events.broadcast(jobId, [second]);
    await until('every stream to get both events', () => got.every((list) => list.length === 2), { timeoutMs: 10_000, intervalMs: 5 });
    assert.deepEqual(got, [
      [first.sequence, second.sequence],
      [first.sequence, second.sequence],
      [first.sequence, second.sequence],
    ]);
    for (const stop of stops) stop();
  });
});

/** What a client of a stream is sent: [type, id, job status] per message, and whether the stream ended. */
function watch(stream: JobStream) {
  const sent: Array<[StreamMessage['type'], number | undefined, string?]> = [];
  let ended = false;
  const started = stream.start({
    send: async (message) => {
      sent.push('job' in message ? [message.type, message.sequence, message.job.status] : [message.type, message.sequence]);
    },
    end: () => {
      ended = true;
    },
  });
  return { sent, started, ended: () => ended };
}

const STREAM_JOB = '01900000-0000-7000-8000-0000000000e9';

async function streamedJob(service: TestService) {
  await service.fakes.jobs.insert(sampleJob(STREAM_JOB));
  const readJob = async () => (await service.fakes.jobs.findById(STREAM_JOB))!;
  const complete = async () => {
    await service.fakes.jobs.insert({ ...(await readJob()), status: 'complete' });
    await service.sut.events.emit(STREAM_JOB, { type: 'complete', data: {} });
  };
  const file = async () => {
    await service.fakes.jobs.insert({ ...(await readJob()), filedAt: '2026-11-23T01:00:09.000Z' });
    await service.sut.events.emit(STREAM_JOB, { type: 'filed', data: {} });
  };
  const finish = async () => {
    await complete();
    await file();
  };
  return { readJob, complete, file, finish };
}

describe("a client's stream of a job (the order the SSE route writes)", () => {
  test('the state first, with the position it stands for, then live events in order; `filed` re-reads the job and ends the stream', async () => {
    const service = newTestService();
    const { readJob, complete, file } = await streamedJob(service);
    await service.sut.events.emit(STREAM_JOB, { type: 'state', data: { status: 'processing', progress: { done: 0, total: 4 } } });
    const stream = watch(await service.sut.events.openStream(STREAM_JOB, { lastEventId: undefined, readJob }));
    await stream.started;
    await service.sut.events.emit(STREAM_JOB, { type: 'image', data: { n: 0 } });
    await service.sut.events.emit(STREAM_JOB, { type: 'image_progress', data: { n: 1, fraction: 0.5 } });
    await complete();
    await until('the completion to be sent', () => stream.sent.length === 4, { timeoutMs: 5_000, intervalMs: 2 });
    assert.equal(stream.ended(), false, 'the stream goes on to `filed`');
    await file();
    await until('the stream to end', stream.ended, { timeoutMs: 5_000, intervalMs: 2 });
    await service.sut.events.emit(STREAM_JOB, { type: 'progress', data: { done: 4, total: 4 } });
    assert.deepEqual(stream.sent, [
      ['state', 1, 'queued'],
      ['image', 2],
      ['image_progress', 3],
      ['complete', 4, 'complete'],
      ['filed', 5, 'complete'],
    ]);
  });

  test('a resumed stream replays what came after its Last-Event-ID, each event once, after a state without an id', async () => {
    const service = newTestService();
    const { readJob, finish } = await streamedJob(service);
    for (const n of [0, 1, 2]) await service.sut.events.emit(STREAM_JOB, { type: 'image', data: { n } });
    const stream = watch(await service.sut.events.openStream(STREAM_JOB, { lastEventId: '1', readJob }));
    // Stored and broadcast while the stream replays: delivered once, in its place.
    await service.sut.events.emit(STREAM_JOB, { type: 'image', data: { n: 3 } });
    await stream.started;
    await finish();
    await until('the stream to end', stream.ended, { timeoutMs: 5_000, intervalMs: 2 });
    assert.deepEqual(stream.sent, [
      ['state', undefined, 'queued'],
      ['image', 2],
      ['image', 3],
      ['image', 4],
      ['complete', 5, 'complete'],
      ['filed', 6, 'complete'],
    ]);
  });

  test('a stream resumed after the completion it saw gets `filed` alone, and ends', async () => {
    const service = newTestService();
    const { readJob, complete, file } = await streamedJob(service);
    await complete();
    await file();
    const stream = watch(await service.sut.events.openStream(STREAM_JOB, { lastEventId: '1', readJob }));
    await stream.started;
    await until('the stream to end', stream.ended, { timeoutMs: 5_000, intervalMs: 2 });
    assert.deepEqual(stream.sent, [
      ['state', undefined, 'complete'],
      ['filed', 2, 'complete'],
    ]);
  });

  test('a stream resumed after `filed` gets it again, and ends', async () => {
    const service = newTestService();
    const { readJob, finish } = await streamedJob(service);
    await finish();
    const stream = watch(await service.sut.events.openStream(STREAM_JOB, { lastEventId: '2', readJob }));
    await stream.started;
    assert.deepEqual(stream.sent, [
      ['state', undefined, 'complete'],
      ['filed', undefined, 'complete'],
    ]);
    assert.equal(stream.ended(), true);
  });

  test('a Last-Event-ID that is not a position starts afresh', async () => {
    const service = newTestService();
    const { readJob } = await streamedJob(service);
    await service.sut.events.emit(STREAM_JOB, { type: 'image', data: { n: 0 } });
    const stream = watch(await service.sut.events.openStream(STREAM_JOB, { lastEventId: 'abc', readJob }));
    await stream.started;
    assert.deepEqual(stream.sent, [['state', 1, 'queued']]);
    assert.equal(stream.ended(), false);
  });

  test('a job that ended and was filed before the stream opened is told at once, and the stream ends', async () => {
    const service = newTestService();
    const { readJob } = await streamedJob(service);
    const failed = { status: 'failed' as const, error: { code: 'x', message: 'gone' }, filedAt: '2026-11-23T01:00:09.000Z' };
    await service.fakes.jobs.insert({ ...(await readJob()), ...failed });
    const stream = watch(await service.sut.events.openStream(STREAM_JOB, { lastEventId: undefined, readJob }));
    await stream.started;
    assert.deepEqual(stream.sent, [
      ['state', 0, 'failed'],
      ['failed', undefined, 'failed'],
      ['filed', undefined, 'failed'],
    ]);
    assert.equal(stream.ended(), true);
  });

  test('a job that completed but is not filed yet when the stream opens is told so, then `filed` when it comes', async () => {
    const service = newTestService();
    const { readJob, complete, file } = await streamedJob(service);
    await complete();
    const stream = watch(await service.sut.events.openStream(STREAM_JOB, { lastEventId: undefined, readJob }));
    await stream.started;
    assert.deepEqual(stream.sent, [
      ['state', 1, 'complete'],
      ['complete', undefined, 'complete'],
    ]);
    assert.equal(stream.ended(), false);
    await file();
    await until('the stream to end', stream.ended, { timeoutMs: 5_000, intervalMs: 2 });
    assert.deepEqual(stream.sent.at(-1), ['filed', 2, 'complete']);
    assert.equal(stream.sent.filter(([type]) => type === 'complete').length, 1, 'the completion is told once');
  });

  test('a stopped stream is sent nothing more, and a job the client may not read opens no stream', async () => {
    const service = newTestService();
    const { readJob } = await streamedJob(service);
    const opened = await service.sut.events.openStream(STREAM_JOB, { lastEventId: undefined, readJob });
    const stream = watch(opened);
    await stream.started;
    opened.stop();
    await service.sut.events.emit(STREAM_JOB, { type: 'image', data: { n: 0 } });
    await sleep(20);
    assert.deepEqual(stream.sent, [['state', 0, 'queued']]);
    await assert.rejects(
      service.sut.events.openStream(STREAM_JOB, {
        lastEventId: undefined,
        readJob: () => Promise.reject(new NotFoundError('There is no job with this id.')),
      }),
      NotFoundError,
    );
  });
});

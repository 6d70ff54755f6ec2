import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { readEventsUntil, type ServerSentEvent } from './support/read-sse.ts';
import { postJson, startTestBrandgen, waitForJob, type TestBrandgen } from './support/test-brandgen.ts';
import { describeEachDatabase, postgresSkipReason } from './support/test-database.ts';
import { redisSkipReason } from './support/test-redis.ts';
import { startTestReplicas, type TestReplicas } from './support/test-replicas.ts';

// One job at a time, each image taking a moment: when a stream opens just after the batch is made, its later jobs are
// still queued, so the stream must carry them from their first event to their last.
const slowQueue = { BRANDGEN_CONCURRENCY: '1', BRANDGEN_DEMO_LATENCY_MS: '120' };

async function startBatch(app: TestBrandgen, prompts: string[]): Promise<{ batchId: string; jobIds: string[] }> {
  const response = await postJson(app.baseUrl, '/api/batches', { prompts });
  assert.equal(response.status, 201, await response.clone().text());
  const batch = (await response.json()) as { id: string; jobs: Array<{ job_id: string }> };
  return { batchId: batch.id, jobIds: batch.jobs.map((job) => job.job_id) };
}

const aboutJob = (event: ServerSentEvent): string => event.data.job_id ?? event.data.id;
/** A job's last event is `filed`, after its `complete` or `failed`. */
const ended = (events: ServerSentEvent[], jobId: string) => events.some((event) => event.event === 'filed' && event.data.id === jobId);
/** A job's events other than its state, in order: what a resumed stream must repeat exactly. */
const courseOf = (events: ServerSentEvent[], jobId: string) =>
  events
    .filter((event) => event.event !== 'state' && aboutJob(event) === jobId)
    .map((event) => `${event.event}:${JSON.stringify(event.data.n ?? event.data.done ?? event.data.status)}`);

/** On one installation, or on two replicas: `started` takes the batch and runs its jobs, `streamed` answers the stream. */
function batchStreamTests(apps: () => { started: TestBrandgen; streamed: TestBrandgen }): void {
  test('one stream carries every job of the batch, from its state to its end, each event naming its job and where to resume', async () => {
    const { started, streamed } = apps();
    const { batchId, jobIds } = await startBatch(started, ['a red kite', 'a green kite', 'a blue kite']);
    const stream = await readEventsUntil(`${streamed.baseUrl}/api/batches/${batchId}/events`, {
      done: (events) => jobIds.every((jobId) => ended(events, jobId)),
    });
    assert.equal(stream.status, 200);
    assert.ok(stream.events.every((event) => typeof event.id === 'string' && event.id.length > 0));
    for (const jobId of jobIds) {
      const own = stream.events.filter((event) => aboutJob(event) === jobId);
      assert.equal(own[0]!.event, 'state', 'each job starts with its state');
      assert.deepEqual(
        own.slice(-2).map((event) => event.event),
        ['complete', 'filed'],
      );
    }
    // The last job was still queued when the stream opened: all of it arrives, in order.
    const last = stream.events.filter((event) => aboutJob(event) === jobIds.at(-1));
    assert.deepEqual(
      last.filter((event) => event.event === 'progress').map((event) => event.data.done),
      [1, 2, 3, 4],
    );
    const images = last.filter((event) => event.event === 'image');
    assert.deepEqual(
      images.map((event) => event.data.url).sort(),
      [0, 1, 2, 3].map((n) => `/api/jobs/${jobIds.at(-1)}/images/${n}`),
    );
  });

  test('a stream opened after every job ended still tells each job’s end, so no client waits for a batch that is over', async () => {
    const { started, streamed } = apps();
    const { batchId, jobIds } = await startBatch(started, ['a red cup']);
    await waitForJob(started.baseUrl, jobIds[0]!);
    const stream = await readEventsUntil(`${streamed.baseUrl}/api/batches/${batchId}/events`, {
      done: (events) => ended(events, jobIds[0]!),
    });
    assert.deepEqual(
      stream.events.map((event) => event.event),
      ['state', 'complete', 'filed'],
    );
  });

  test('Last-Event-ID resumes where the client was: the rest of each job, nothing twice, ended jobs left out', async () => {
    const { started, streamed } = apps();
    const { batchId, jobIds } = await startBatch(started, ['a red boat', 'a green boat', 'a blue boat']);
    const url = `${streamed.baseUrl}/api/batches/${batchId}/events`;
    const whole = await readEventsUntil(url, { done: (events) => ended(events, jobIds.at(-1)!) });
    const lastJob = jobIds.at(-1)!;
    const cut = whole.events.findIndex((event) => event.event === 'image' && aboutJob(event) === lastJob);
    assert.ok(cut > 0);
    const endedBefore = jobIds.filter((jobId) => ended(whole.events.slice(0, cut + 1), jobId));
    const resumed = await readEventsUntil(url, {
      headers: { 'last-event-id': whole.events[cut]!.id! },
      done: (events) => ended(events, lastJob),
    });
    assert.equal(resumed.status, 200);
    for (const jobId of endedBefore) {
      assert.ok(!resumed.events.some((event) => aboutJob(event) === jobId), 'a job the client saw end is not sent again');
    }
    assert.deepEqual(courseOf(resumed.events, lastJob), courseOf(whole.events.slice(cut + 1), lastJob));
  });
}

describeEachDatabase('a batch event stream', (database) => {
  let app: TestBrandgen;
  before(async () => {
    app = await startTestBrandgen({ ...(await database.environment()), ...slowQueue }, { heartbeatMs: 40 });
  });
  after(async () => app.close());

  batchStreamTests(() => ({ started: app, streamed: app }));

  test('an unknown batch is a 404 in the one error shape', async () => {
    for (const id of ['0190a3c4-0000-7000-8000-000000000000', 'nope']) {
      const response = await fetch(`${app.baseUrl}/api/batches/${id}/events`, { headers: { accept: 'text/event-stream' } });
      assert.equal(response.status, 404);
      assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'not_found');
    }
  });
});

describe('a batch event stream across replicas (PostgreSQL and Redis)', { skip: postgresSkipReason ?? redisSkipReason ?? false }, () => {
  let replicas: TestReplicas;
  before(async () => {
    // The work is started on the first; whichever replica runs a job, its events reach the second's stream through Redis.
    replicas = await startTestReplicas(slowQueue, { heartbeatMs: 40 });
  });
  after(async () => replicas.close());

  batchStreamTests(() => ({ started: replicas.first, streamed: replicas.second }));
});

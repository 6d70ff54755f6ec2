import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { readEventsUntil, type ServerSentEvent } from './support/read-sse.ts';
import { postJson, startTestBrandgen, waitForJob, type TestBrandgen } from './support/test-brandgen.ts';
import { describeEachDatabase, postgresSkipReason } from './support/test-database.ts';
import { redisSkipReason } from './support/test-redis.ts';
import { startTestReplicas, type TestReplicas } from './support/test-replicas.ts';

const brief = { brand_name: 'Tidewater', industry: 'coffee roaster', audience: 'commuters' };

async function projectWithPrompts(app: TestBrandgen, count: number): Promise<{ id: string; prompts: string[] }> {
  const project = (await (await postJson(app.baseUrl, '/api/projects', { name: 'Streamed', brief })).json()) as { id: string };
  const expanded = (await (await postJson(app.baseUrl, `/api/projects/${project.id}/expand`, { count })).json()) as { prompts: string[] };
  return { id: project.id, prompts: expanded.prompts };
}

async function generateAll(app: TestBrandgen, projectId: string): Promise<string[]> {
  const response = await postJson(app.baseUrl, `/api/projects/${projectId}/generate-all`, {});
  assert.equal(response.status, 201, await response.clone().text());
  return ((await response.json()) as { jobs: Array<{ job_id: string }> }).jobs.map((job) => job.job_id);
}

const jobOf = (event: ServerSentEvent): string => event.data.job_id ?? event.data.id;
// A job's last event is `filed`, after its `complete`.
const allFiled = (events: ServerSentEvent[], jobIds: readonly string[]) =>
  jobIds.every((jobId) => events.some((event) => event.event === 'filed' && event.data.id === jobId));
/** What a job's stream says besides states, in order: the part a resumed stream must repeat exactly. */
const happenings = (events: ServerSentEvent[], jobId: string) =>
  events
    .filter((event) => event.event !== 'state' && jobOf(event) === jobId)
    .map((event) => `${event.event}:${JSON.stringify(event.data.n ?? event.data.done ?? event.data.status)}`);

/** The stream tests, on one installation or on two replicas (`streamed` reads, `started` takes requests and runs jobs). */
function streamTests(apps: () => { started: TestBrandgen; streamed: TestBrandgen }): void {
  test('one stream carries every job of the project, each event naming its job, and stays open', async () => {
    const { started, streamed } = apps();
    const project = await projectWithPrompts(started, 2);
    let jobIds: string[] = [];
    const stream = await readEventsUntil(`${streamed.baseUrl}/api/projects/${project.id}/events`, {
      onOpen: async () => {
        jobIds = await generateAll(started, project.id);
      },
      done: (events) => jobIds.length > 0 && allFiled(events, jobIds),
    });
    assert.equal(stream.status, 200);
    for (const jobId of jobIds) {
      const own = stream.events.filter((event) => jobOf(event) === jobId);
      assert.equal(own[0]!.event, 'state', 'each job starts with its state');
      assert.equal(own.filter((event) => event.event === 'image').length, 4);
      for (const image of own.filter((event) => event.event === 'image')) {
        assert.equal(image.data.url, `/api/jobs/${jobId}/images/${image.data.n}`);
      }
      assert.deepEqual(
        own.filter((event) => event.event === 'progress').map((event) => event.data.done),
        [1, 2, 3, 4],
      );
      assert.equal(own.at(-1)!.event, 'filed');
      assert.equal(own.at(-1)!.data.project_id ?? project.id, project.id);
    }
    assert.ok(
      stream.events.every((event) => typeof event.id === 'string' && event.id.length > 0),
      'every event carries the position to resume from',
    );
  });

  test('Last-Event-ID resumes every job where the client was: nothing missed, nothing twice, ended jobs left out', async () => {
    const { started, streamed } = apps();
    const project = await projectWithPrompts(started, 2);
    let jobIds: string[] = [];
    const url = `${streamed.baseUrl}/api/projects/${project.id}/events`;
    const whole = await readEventsUntil(url, {
      onOpen: async () => {
        jobIds = await generateAll(started, project.id);
      },
      done: (events) => jobIds.length > 0 && allFiled(events, jobIds),
    });
    // Two places to break off: as the first job ends, and at the first image of the job that ends last.
    const lastJob = jobOf(whole.events.findLast((event) => event.event === 'filed')!);
    const cuts = [
      whole.events.findIndex((event) => event.event === 'filed'),
      whole.events.findIndex((event) => event.event === 'image' && jobOf(event) === lastJob),
    ];
    for (const cut of cuts) {
      const seen = whole.events.slice(0, cut + 1);
      const ended = jobIds.filter((jobId) => seen.some((event) => event.event === 'filed' && event.data.id === jobId));
      const rest = jobIds.filter((jobId) => !ended.includes(jobId));
      assert.ok(rest.length > 0, 'the cut falls before the last job ended');
      const resumed = await readEventsUntil(url, {
        headers: { 'last-event-id': whole.events[cut]!.id! },
        done: (events) => allFiled(events, rest),
      });
      assert.equal(resumed.status, 200);
      for (const jobId of ended)
        assert.ok(!resumed.events.some((event) => jobOf(event) === jobId), 'a job the client saw end is not sent again');
      for (const jobId of rest) {
        assert.deepEqual(happenings(resumed.events, jobId), happenings(whole.events.slice(cut + 1), jobId));
      }
    }
  });

  test('a fresh stream leaves out jobs that ended before it opened and picks up jobs started while it is open', async () => {
    const { started, streamed } = apps();
    const project = await projectWithPrompts(started, 1);
    const [earlier] = await generateAll(started, project.id);
    await waitForJob(started.baseUrl, earlier!);
    let later = '';
    const stream = await readEventsUntil(`${streamed.baseUrl}/api/projects/${project.id}/events`, {
      onOpen: async () => {
        const response = await postJson(started.baseUrl, `/api/projects/${project.id}/generate`, { prompt: project.prompts[0] });
        later = ((await response.json()) as { job_id: string }).job_id;
      },
      done: (events) => later !== '' && allFiled(events, [later]),
    });
    assert.ok(!stream.events.some((event) => jobOf(event) === earlier));
    assert.equal(stream.events[0]!.event, 'state');
    assert.equal(stream.events[0]!.data.id, later);
  });
}

describeEachDatabase('a project event stream', (database) => {
  let app: TestBrandgen;
  before(async () => {
    app = await startTestBrandgen({ ...(await database.environment()), BRANDGEN_DEMO_LATENCY_MS: '100' }, { heartbeatMs: 40 });
  });
  after(async () => app.close());

  streamTests(() => ({ started: app, streamed: app }));

  test('an unknown project is a 404 in the one error shape', async () => {
    for (const id of ['0190a3c4-0000-7000-8000-000000000000', 'nope']) {
      const response = await fetch(`${app.baseUrl}/api/projects/${id}/events`, { headers: { accept: 'text/event-stream' } });
      assert.equal(response.status, 404);
      assert.equal(((await response.json()) as any).error.code, 'not_found');
    }
  });
});

test('a project stream counts against the same per-user limit as job streams', async () => {
  const app = await startTestBrandgen({ BRANDGEN_MAX_STREAMS_PER_USER: '1' });
  const hangUp = new AbortController();
  try {
    const project = await projectWithPrompts(app, 1);
    const url = `${app.baseUrl}/api/projects/${project.id}/events`;
    const open = await fetch(url, { headers: { accept: 'text/event-stream' }, signal: hangUp.signal });
    assert.equal(open.status, 200);
    const refused = await fetch(url, { headers: { accept: 'text/event-stream' } });
    assert.equal(refused.status, 429);
    assert.equal(((await refused.json()) as any).error.code, 'too_many_streams');
  } finally {
    hangUp.abort();
    await app.close();
  }
});

describe('a project event stream across replicas (PostgreSQL and Redis)', { skip: postgresSkipReason ?? redisSkipReason ?? false }, () => {
  let replicas: TestReplicas;
  before(async () => {
    // The work is started on the first; whichever replica runs a job, its events reach the second's stream through Redis.
    replicas = await startTestReplicas({ BRANDGEN_DEMO_LATENCY_MS: '100' }, { heartbeatMs: 40 });
  });
  after(async () => replicas.close());

  streamTests(() => ({ started: replicas.first, streamed: replicas.second }));
});

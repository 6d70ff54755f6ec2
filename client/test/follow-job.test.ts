import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createBrandgenClient, unwrap, type BrandgenClient, type Job, type JobEvent } from '../src/index.ts';
import { startCuttingProxy, type CuttingProxyOptions } from './support/cutting-proxy.ts';
import { startTestBrandgen, type TestBrandgen } from './support/brandgen-server.ts';

async function collect(events: AsyncIterable<JobEvent>): Promise<JobEvent[]> {
  const seen: JobEvent[] = [];
  for await (const event of events) seen.push(event);
  return seen;
}

async function startJob(client: BrandgenClient, prompt: string): Promise<string> {
  return (await unwrap(client.api.POST('/api/generate', { body: { prompt } }))).job_id;
}

const fast = { reconnectDelayMs: 10, pollIntervalMs: 20 };

/**
 * JobEvent is derived from the stream's description in the OpenAPI document; `npm run typecheck` fails here when an
 * event's name or data stops matching what the server documents.
 */
const documentedEvents: JobEvent[] = [
  { type: 'image', id: '3', data: { n: 0, url: '/api/jobs/x/images/0', thumbnail_url: '/api/jobs/x/images/0/thumbnail' } },
  { type: 'image_progress', id: '4', data: { n: 1, fraction: 0.5 } },
  { type: 'progress', id: undefined, data: { done: 1, total: 4 } },
  // @ts-expect-error -- an image event carries its slot and address, not a fraction
  { type: 'image', id: '5', data: { n: 0, fraction: 0.5 } },
  // @ts-expect-error -- there is no such event on the stream
  { type: 'queued', id: '6', data: {} },
];
void documentedEvents;

type Proxy = Awaited<ReturnType<typeof startCuttingProxy>>;

/** Runs a test with a client that reaches the server through a misbehaving proxy, closed afterwards. */
async function throughProxy(upstream: string, options: CuttingProxyOptions, run: (client: BrandgenClient, proxy: Proxy) => Promise<void>) {
  const proxy = await startCuttingProxy(upstream, options);
  try {
    await run(createBrandgenClient({ baseUrl: proxy.baseUrl }), proxy);
  } finally {
    await proxy.close();
  }
}

describe('followJob against a real Brandgen (none mode)', () => {
  let server: TestBrandgen;
  before(async () => {
    // Slow enough that a stream is still open when the proxy cuts it.
    server = await startTestBrandgen({ BRANDGEN_DEMO_LATENCY_MS: '150', BRANDGEN_CONCURRENCY: '1' }, { retentionSweepIntervalMs: 0 });
  });
  after(() => server?.close());

  it('yields state, progress, image, complete and then filed events of a demo job, and ends after filed', async () => {
    const client = createBrandgenClient({ baseUrl: server.baseUrl });
    const jobId = await startJob(client, 'a lighthouse at dawn');
    const events = await collect(client.followJob(jobId, fast));
    const types = events.map((event) => event.type);
    assert.equal(types[0], 'state');
    assert.deepEqual(types.slice(-2), ['complete', 'filed']);
    assert.equal(types.filter((type) => type === 'complete').length, 1);
    assert.equal(types.filter((type) => type === 'image').length, 4);
    assert.ok(types.includes('progress'));
    const images = events.filter((event) => event.type === 'image').map((event) => event.data);
    assert.deepEqual(images.map((image) => image.n).sort(), [0, 1, 2, 3]);
    for (const image of images) assert.equal(image.url, `/api/jobs/${jobId}/images/${image.n}`);
    const last = events.at(-1)!;
    assert.ok(last.type === 'filed' && last.data.status === 'complete' && last.data.images.length === 4);
    assert.notEqual(last.data.filed_at, null);
    // Filed means in the library: the thumbnails answer now.
    for (const slot of last.data.slots) assert.equal((await fetch(`${server.baseUrl}${slot.thumbnail_url}`)).status, 200);
    const ids = events
      .map((event) => event.id)
      .filter((id) => id !== undefined)
      .map(Number);
    assert.deepEqual(
      ids,
      [...ids].sort((a, b) => a - b),
      'sequence numbers rise',
    );
  });

  it('resumes with Last-Event-ID after the connection drops, missing and repeating nothing', async () => {
    await throughProxy(server.baseUrl, { cutStreamAfterEvents: 2 }, async (client, proxy) => {
      const jobId = await startJob(client, 'a harbour crane');
      const events = await collect(client.followJob(jobId, fast));
      const streams = proxy.streamRequests();
      assert.equal(streams.length, 2, 'one drop, one resume');
      assert.equal(streams[0]!.lastEventId, undefined);
      const resumedAt = events.findIndex((event, index) => index > 0 && event.type === 'state' && event.id === undefined);
      assert.ok(resumedAt > 0, 'the resumed stream opens with the job’s state');
      const lastBeforeDrop = events
        .slice(0, resumedAt)
        .filter((event) => event.id !== undefined)
        .at(-1)!;
      assert.equal(streams[1]!.lastEventId, lastBeforeDrop.id);
      const ids = events.map((event) => event.id).filter((id) => id !== undefined);
      assert.equal(new Set(ids).size, ids.length, 'no event twice');
      assert.equal(events.filter((event) => event.type === 'image').length, 4, 'every image once');
      assert.equal(events.at(-1)?.type, 'filed');
    });
  });

  it('resumes a stream cut between complete and filed, saying complete once and ending after filed', async () => {
    await throughProxy(server.baseUrl, { cutStreamAfterEventNamed: 'complete' }, async (client, proxy) => {
      const jobId = await startJob(client, 'a rowing boat');
      const events = await collect(client.followJob(jobId, fast));
      const streams = proxy.streamRequests();
      assert.equal(streams.length, 2, 'one drop, one resume');
      const complete = events.find((event) => event.type === 'complete')!;
      assert.equal(streams[1]!.lastEventId, complete.id, 'resumed right after complete');
      // The resumed stream says again how the job ended; the caller hears it once.
      assert.equal(events.filter((event) => event.type === 'complete').length, 1);
      const last = events.at(-1)!;
      assert.ok(last.type === 'filed' && last.data.filed_at !== null);
    });
  });

  it('polls GET /api/jobs/{id} when a proxy answers event streams with a page instead', async () => {
    await throughProxy(server.baseUrl, { eventStreams: 'html' }, async (client, proxy) => {
      const jobId = await startJob(client, 'a paper lantern');
      const reasons: unknown[] = [];
      const events = await collect(client.followJob(jobId, { ...fast, onFallback: (reason) => reasons.push(reason) }));
      assert.equal(reasons.length, 1);
      assert.equal(proxy.streamRequests().length, 1, 'a stream that is not one is not asked for again');
      assert.ok(proxy.requests.filter((request) => request.path === `/api/jobs/${jobId}`).length >= 1);
      assert.ok(events.every((event) => event.type === 'state' || event.type === 'complete' || event.type === 'filed'));
      assert.equal(events.filter((event) => event.type === 'complete').length, 1);
      const last = events.at(-1)!;
      assert.ok(last.type === 'filed' && last.data.images.length === 4 && last.data.filed_at !== null);
    });
  });

  it('polls after the stream fails more often than maxReconnects allows', async () => {
    await throughProxy(server.baseUrl, { eventStreams: 'bad-gateway' }, async (client, proxy) => {
      const jobId = await startJob(client, 'a copper kettle');
      const events = await collect(client.followJob(jobId, { ...fast, maxReconnects: 2 }));
      assert.equal(proxy.streamRequests().length, 3, 'the first try and two reconnects');
      assert.deepEqual(
        events.slice(-2).map((event) => event.type),
        ['complete', 'filed'],
      );
    });
  });

  it('ends at once for a finished job, and fails with 404 for an unknown one', async () => {
    const client = createBrandgenClient({ baseUrl: server.baseUrl });
    const jobId = await startJob(client, 'a tin robot');
    await collect(client.followJob(jobId, fast));
    const again = await collect(client.followJob(jobId, fast));
    assert.deepEqual(
      again.map((event) => event.type),
      ['state', 'complete', 'filed'],
    );
    await assert.rejects(collect(client.followJob('no-such-job', fast)), { name: 'BrandgenApiError', status: 404 });
  });

  it('closes the stream when the caller leaves the loop early', async () => {
    await throughProxy(server.baseUrl, {}, async (client, proxy) => {
      const jobId = await startJob(client, 'a glass marble');
      for await (const event of client.followJob(jobId, fast)) {
        assert.equal(event.type, 'state');
        assert.equal(proxy.openStreams(), 1);
        break;
      }
      const deadline = Date.now() + 5_000;
      while (proxy.openStreams() > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
      assert.equal(proxy.openStreams(), 0, 'the connection was closed');
      assert.equal(proxy.streamRequests().length, 1, 'and not opened again');
    });
  });
});

/** The job as GET /api/jobs/{id} answers it, at one moment of its life. */
function jobAt(status: Job['status'], filedAt: string | null): Job {
  return { id: 'job-1', status, filed_at: filedAt } as Job;
}

/** A fetch that answers GET /api/jobs/job-1 with each job in turn (the last one from then on), and counts the asks. */
function scriptedJobReads(jobs: Job[], eventStream?: () => Response) {
  const reads: Job[] = [];
  const fetch = async (request: Request): Promise<Response> => {
    if (new URL(request.url).pathname.endsWith('/events')) return eventStream?.() ?? new Response('gone', { status: 502 });
    const job = jobs[Math.min(reads.length, jobs.length - 1)]!;
    reads.push(job);
    return Response.json(job);
  };
  return { fetch, reads };
}

function eventStreamOf(text: string): Response {
  return new Response(text, { headers: { 'content-type': 'text/event-stream' } });
}

const noWait = async () => undefined;

describe('followJob polling, between complete and filed (scripted server)', () => {
  it('says complete once, keeps polling while filed_at is null, then says filed and ends', async () => {
    const server = scriptedJobReads([
      jobAt('processing', null),
      jobAt('complete', null),
      jobAt('complete', null),
      jobAt('complete', '2025-01-01T00:00:00.000Z'),
      jobAt('complete', '2025-01-01T00:00:00.000Z'),
    ]);
    const client = createBrandgenClient({ baseUrl: 'http://brandgen.test', fetch: server.fetch });
    const waits: number[] = [];
    const sleep = async (milliseconds: number) => void waits.push(milliseconds);
    const events = await collect(client.followJob('job-1', { transport: 'poll', sleep, pollIntervalMs: 2_000 }));
    assert.deepEqual(
      events.map((event) => event.type),
      ['state', 'complete', 'filed'],
    );
    assert.equal(server.reads.length, 4, 'no read after the job was filed');
    assert.deepEqual(waits, [2_000, 250, 250], 'a finished job is asked about again sooner, as filing follows within moments');
    const last = events.at(-1)!;
    assert.ok(last.type === 'filed' && last.data.filed_at === '2025-01-01T00:00:00.000Z');
  });

  it('says failed once and ends on filed for a failed job too', async () => {
    const server = scriptedJobReads([jobAt('failed', null), jobAt('failed', '2025-01-01T00:00:00.000Z')]);
    const client = createBrandgenClient({ baseUrl: 'http://brandgen.test', fetch: server.fetch });
    const events = await collect(client.followJob('job-1', { transport: 'poll', sleep: noWait }));
    assert.deepEqual(
      events.map((event) => event.type),
      ['failed', 'filed'],
    );
  });

  it('does not say complete again when the stream said it before falling back to polling', async () => {
    const server = scriptedJobReads([jobAt('complete', null), jobAt('complete', '2025-01-01T00:00:00.000Z')], () =>
      // The stream says the job is complete, then drops before filed; reconnecting then fails.
      eventStreamOf(
        `id: 1\nevent: state\ndata: ${JSON.stringify(jobAt('processing', null))}\n\nid: 2\nevent: complete\ndata: ${JSON.stringify(jobAt('complete', null))}\n\n`,
      ),
    );
    const client = createBrandgenClient({ baseUrl: 'http://brandgen.test', fetch: server.fetch });
    const events = await collect(client.followJob('job-1', { maxReconnects: 0, sleep: noWait }));
    assert.deepEqual(
      events.map((event) => event.type),
      ['state', 'complete', 'filed'],
    );
  });
});

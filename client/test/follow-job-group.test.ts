import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createBrandgenClient, unwrap, type BatchEvent, type ProjectEvent } from '../src/index.ts';
import { startCuttingProxy } from './support/cutting-proxy.ts';
import { startTestBrandgen, type TestBrandgen } from './support/brandgen-server.ts';

type GroupEvent = ProjectEvent | BatchEvent;
const jobOf = (event: GroupEvent): string => ('job_id' in event.data ? event.data.job_id : event.data.id);

/** Reads a group's events until each of the jobs `start` starts has been filed, then leaves the loop. */
async function followUntilDone(events: AsyncIterable<GroupEvent>, start: () => Promise<string[]>): Promise<GroupEvent[]> {
  const seen: GroupEvent[] = [];
  let jobIds: string[] | undefined;
  const started = start().then((ids) => (jobIds = ids));
  for await (const event of events) {
    seen.push(event);
    const done = (ids: string[]) => ids.every((id) => seen.some((earlier) => earlier.type === 'filed' && earlier.data.id === id));
    if (jobIds !== undefined && done(jobIds)) break;
  }
  await started;
  return seen;
}

/** Stops following after a while, so a missing event fails the test instead of hanging it. */
const followOptions = () => ({ reconnectDelayMs: 10, signal: AbortSignal.timeout(20_000) });

/** Every job was filed after it completed, and its filed event carries the filed job. */
function assertEveryJobFiledAfterComplete(events: GroupEvent[], jobIds: string[]): void {
  for (const jobId of jobIds) {
    const complete = events.findIndex((event) => event.type === 'complete' && event.data.id === jobId);
    const filed = events.findIndex((event) => event.type === 'filed' && event.data.id === jobId);
    assert.ok(complete >= 0 && filed > complete, `job ${jobId} was filed after it completed`);
    const filedEvent = events[filed]!;
    assert.ok(filedEvent.type === 'filed' && filedEvent.data.filed_at !== null);
  }
}

/** Every job's four images arrived once, whatever drops the proxy made. */
function assertEveryImageOnce(events: GroupEvent[]): void {
  for (const jobId of new Set(events.map(jobOf))) {
    const images = events.filter((event) => event.type === 'image' && jobOf(event) === jobId);
    assert.deepEqual(images.map((event) => (event.type === 'image' ? event.data.n : -1)).sort(), [0, 1, 2, 3], 'every image once');
  }
}

describe('following a group of jobs against a real Brandgen (none mode)', () => {
  let server: TestBrandgen;
  before(async () => {
    server = await startTestBrandgen({ BRANDGEN_DEMO_LATENCY_MS: '150', BRANDGEN_CONCURRENCY: '1' }, { retentionSweepIntervalMs: 0 });
  });
  after(() => server?.close());

  it('follows every job of the project and resumes after a drop, missing and repeating nothing', async () => {
    const proxy = await startCuttingProxy(server.baseUrl, { cutStreamAfterEvents: 3 });
    try {
      const client = createBrandgenClient({ baseUrl: proxy.baseUrl });
      const project = await unwrap(client.api.POST('/api/projects', { body: { name: 'Followed', brief: { brand_name: 'Tidewater' } } }));
      await unwrap(client.api.POST('/api/projects/{id}/expand', { params: { path: { id: project.id } }, body: { count: 2 } }));
      let jobIds: string[] = [];
      const events = await followUntilDone(client.followProject(project.id, followOptions()), async () => {
        const batch = await unwrap(client.api.POST('/api/projects/{id}/generate-all', { params: { path: { id: project.id } }, body: {} }));
        jobIds = batch.jobs.map((job) => job.job_id);
        return jobIds;
      });
      const streams = proxy.streamRequests();
      assert.ok(streams.length >= 2, 'one drop, then a resume');
      assert.equal(streams[1]!.lastEventId, events.filter((event) => event.id !== undefined)[2]!.id);
      assertEveryImageOnce(events);
      assertEveryJobFiledAfterComplete(events, jobIds);
    } finally {
      await proxy.close();
    }
  });

  it('followBatch carries every job of a batch to its end and resumes after a drop', async () => {
    const proxy = await startCuttingProxy(server.baseUrl, { cutStreamAfterEvents: 4 });
    try {
      const client = createBrandgenClient({ baseUrl: proxy.baseUrl });
      const batch = await unwrap(client.api.POST('/api/batches', { body: { prompts: ['a red kite', 'a blue kite'] } }));
      const jobIds = batch.jobs.map((job) => job.job_id);
      const events = await followUntilDone(client.followBatch(batch.id, followOptions()), async () => jobIds);
      assert.ok(proxy.streamRequests().length >= 2, 'one drop, then a resume');
      assert.deepEqual([...new Set(events.map(jobOf))].sort(), [...jobIds].sort());
      assertEveryImageOnce(events);
      assertEveryJobFiledAfterComplete(events, jobIds);
    } finally {
      await proxy.close();
    }
  });
});

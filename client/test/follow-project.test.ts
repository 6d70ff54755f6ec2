import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createBrandgenClient, unwrap, type BrandgenClient, type ProjectEvent } from '../src/index.ts';
import { startCuttingProxy } from './support/cutting-proxy.ts';
import { startTestBrandgen, type TestBrandgen } from './support/brandgen-server.ts';

const jobOf = (event: ProjectEvent): string => ('job_id' in event.data ? event.data.job_id : event.data.id);

/** Reads a project's events until each of the jobs `start` starts has completed, then leaves the loop. */
async function followUntilDone(client: BrandgenClient, projectId: string, start: () => Promise<string[]>): Promise<ProjectEvent[]> {
  const events: ProjectEvent[] = [];
  let jobIds: string[] | undefined;
  const started = start().then((ids) => (jobIds = ids));
  for await (const event of client.followProject(projectId, { reconnectDelayMs: 10 })) {
    events.push(event);
    const done = (ids: string[]) => ids.every((id) => events.some((seen) => seen.type === 'complete' && seen.data.id === id));
    if (jobIds !== undefined && done(jobIds)) break;
  }
  await started;
  return events;
}

describe('followProject against a real Brandgen (none mode)', () => {
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
      const events = await followUntilDone(client, project.id, async () => {
        const batch = await unwrap(client.api.POST('/api/projects/{id}/generate-all', { params: { path: { id: project.id } }, body: {} }));
        return batch.jobs.map((job) => job.job_id);
      });
      const streams = proxy.streamRequests();
      assert.ok(streams.length >= 2, 'one drop, then a resume');
      assert.equal(streams[1]!.lastEventId, events.filter((event) => event.id !== undefined)[2]!.id);
      for (const jobId of new Set(events.map(jobOf))) {
        const images = events.filter((event) => event.type === 'image' && jobOf(event) === jobId);
        assert.deepEqual(images.map((event) => (event.type === 'image' ? event.data.n : -1)).sort(), [0, 1, 2, 3], 'every image once');
      }
    } finally {
      await proxy.close();
    }
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sampleJob } from '../../test/support/sample-job.ts';
import type { JobGroupRef } from '../db/job-repository.ts';
import type { JobEvents } from './job-events.ts';
import { formatGroupCursor, type GroupStreamMessage } from './job-group-stream.ts';
import type { JobStream } from './job-stream.ts';
import { openJobGroupStream } from './open-job-group-stream.ts';

const older = '0190a3c4-0000-7000-8000-000000000001';
const newest = '0190a3c4-0000-7000-8000-000000000009';

/** A group's jobs as the repository would list them, recording what each stream asked. */
function fakeJobs() {
  const asked: Array<{ group: JobGroupRef; afterId: string; named: readonly string[] }> = [];
  return {
    asked,
    newestGroupJobId: async () => newest,
    listGroupJobIds: async (group: JobGroupRef, options: { afterId: string; named: readonly string[] }) => {
      asked.push({ group, ...options });
      return [older];
    },
  };
}

/** Job streams that send one job's last message (`filed`) at once, noting where each was resumed from. */
function fakeEvents() {
  const opened: Array<{ jobId: string; lastEventId: unknown }> = [];
  const events = {
    openStream: async (jobId: string, options: { lastEventId: unknown }) => {
      opened.push({ jobId, lastEventId: options.lastEventId });
      const job = sampleJob(jobId, { status: 'complete' });
      return {
        start: async (writer: { send: (message: unknown) => Promise<void> }) => writer.send({ type: 'filed', sequence: undefined, job }),
        stop: () => {},
      } as unknown as JobStream;
    },
  } as unknown as JobEvents;
  return { events, opened };
}

async function firstMessage(options: Parameters<typeof openJobGroupStream>[0]): Promise<GroupStreamMessage> {
  const stream = await openJobGroupStream(options);
  const message = await new Promise<GroupStreamMessage>((resolve, reject) => {
    void stream.start({ send: async (sent) => resolve(sent), end: reject });
  });
  stream.stop();
  return message;
}

describe('openJobGroupStream', () => {
  const readJob = async (jobId: string) => sampleJob(jobId);

  test('a fresh batch stream lists every job of the batch, finished or not', async () => {
    const jobs = fakeJobs();
    const { events } = fakeEvents();
    await firstMessage({ events, jobs, group: { batchId: 'b1' }, fresh: 'all', lastEventId: undefined, readJob });
    assert.deepEqual(jobs.asked, [{ group: { batchId: 'b1' }, afterId: '', named: [] }]);
  });

  test('a fresh project stream starts at the newest job, so only unfinished ones are listed', async () => {
    const jobs = fakeJobs();
    const { events } = fakeEvents();
    await firstMessage({ events, jobs, group: { projectId: 'p1' }, fresh: 'unfinished', lastEventId: undefined, readJob });
    assert.deepEqual(jobs.asked, [{ group: { projectId: 'p1' }, afterId: newest, named: [] }]);
  });

  test('a resumed stream carries on from its Last-Event-ID: the jobs it named, each from its own place', async () => {
    const jobs = fakeJobs();
    const { events, opened } = fakeEvents();
    const lastEventId = formatGroupCursor({ known: newest, positions: new Map([[older, 7]]) });
    const message = await firstMessage({ events, jobs, group: { batchId: 'b1' }, fresh: 'all', lastEventId, readJob });
    assert.deepEqual(jobs.asked, [{ group: { batchId: 'b1' }, afterId: newest, named: [older] }]);
    assert.deepEqual(opened, [{ jobId: older, lastEventId: '7' }]);
    assert.equal(message.cursor, formatGroupCursor({ known: newest, positions: new Map() }), 'the ended job leaves the cursor');
  });
});

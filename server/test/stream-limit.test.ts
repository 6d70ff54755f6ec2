import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { postJson, startTestBrandgen, type TestBrandgen } from './support/test-brandgen.ts';
import { deleteRedisKeys, redisSkipReason, testRedisUrl, uniqueRedisPrefix } from './support/test-redis.ts';
import { until } from './support/until.ts';

/** Opens a job's event stream and leaves it open; answers the response and a way to hang up. */
async function openStream(app: TestBrandgen, jobId: string): Promise<{ response: Response; hangUp: () => void }> {
  const hangUp = new AbortController();
  const response = await fetch(`${app.baseUrl}/api/jobs/${jobId}/events`, {
    headers: { accept: 'text/event-stream' },
    signal: hangUp.signal,
  });
  return { response, hangUp: () => hangUp.abort() };
}

async function slowJob(app: TestBrandgen): Promise<string> {
  return ((await (await postJson(app.baseUrl, '/api/generate', { prompt: 'a slow tide' })).json()) as { job_id: string }).job_id;
}

async function assertTooMany(response: Response): Promise<void> {
  assert.equal(response.status, 429, await response.clone().text());
  assert.ok(Number(response.headers.get('retry-after')) > 0);
  const body = (await response.json()) as { error: { code: string; message: string } };
  assert.deepEqual(Object.keys(body), ['error']);
  assert.equal(body.error.code, 'too_many_streams');
  assert.match(body.error.message, /Close a tab/);
}

// Demo images take a minute here, so every stream stays open until the test hangs up.
const slow = { BRANDGEN_DEMO_LATENCY_MS: '60000', BRANDGEN_MAX_STREAMS_PER_USER: '2' };

test('a user holds at most BRANDGEN_MAX_STREAMS_PER_USER open streams; a closed one frees its place', async () => {
  const app = await startTestBrandgen(slow);
  const open: Array<() => void> = [];
  try {
    const jobId = await slowJob(app);
    for (let index = 0; index < 2; index += 1) {
      const stream = await openStream(app, jobId);
      assert.equal(stream.response.status, 200);
      open.push(stream.hangUp);
    }
    await assertTooMany((await openStream(app, jobId)).response);
    open.shift()!();
    // The server notices the hang-up when the connection closes.
    await until('the closed stream to free its place', async () => {
      const stream = await openStream(app, jobId);
      if (stream.response.status === 200) open.push(stream.hangUp);
      else await stream.response.body?.cancel();
      return stream.response.status === 200;
    });
  } finally {
    for (const hangUp of open) hangUp();
    await app.close();
  }
});

describe('the stream limit across API processes sharing Redis', { skip: redisSkipReason ?? false }, () => {
  const prefix = uniqueRedisPrefix();
  after(() => deleteRedisKeys(testRedisUrl!, prefix));

  test('streams held on one process count on the other', async () => {
    const environment = { ...slow, REDIS_URL: testRedisUrl!, BRANDGEN_REDIS_PREFIX: prefix };
    const first = await startTestBrandgen(environment);
    const second = await startTestBrandgen({ ...environment, BRANDGEN_DATA_DIR: first.dataDirectory });
    const open: Array<() => void> = [];
    try {
      const jobId = await slowJob(first);
      for (const app of [first, second]) {
        const stream = await openStream(app, jobId);
        assert.equal(stream.response.status, 200);
        open.push(stream.hangUp);
      }
      await assertTooMany((await openStream(first, jobId)).response);
      await assertTooMany((await openStream(second, jobId)).response);
    } finally {
      for (const hangUp of open) hangUp();
      await second.close();
      await first.close();
    }
  });
});

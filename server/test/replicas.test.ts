import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { postJson, startTestBrandgen, waitForJob, type TestBrandgen } from './support/test-brandgen.ts';
import { createPostgresSchema, postgresSkipReason } from './support/test-database.ts';
import { deleteRedisKeys, redisSkipReason, testRedisUrl, uniqueRedisPrefix } from './support/test-redis.ts';

describe('API replicas sharing PostgreSQL and Redis', { skip: postgresSkipReason ?? redisSkipReason ?? false }, () => {
  const cleanups: Array<() => Promise<void>> = [];
  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  async function replicas(extra: Record<string, string>): Promise<[TestBrandgen, TestBrandgen]> {
    const schema = await createPostgresSchema();
    const prefix = uniqueRedisPrefix();
    cleanups.push(schema.drop, () => deleteRedisKeys(testRedisUrl!, prefix));
    const environment = { DATABASE_URL: schema.url, REDIS_URL: testRedisUrl!, BRANDGEN_REDIS_PREFIX: prefix, ...extra };
    const first = await startTestBrandgen(environment);
    cleanups.push(() => first.close());
    // Images on a shared disk here; across machines that is Azure Blob (see scale-out.test.ts).
    const second = await startTestBrandgen({ ...environment, BRANDGEN_DATA_DIR: first.dataDirectory });
    cleanups.push(() => second.close());
    return [first, second];
  }

  test('the per-user rate limit holds across replicas', async () => {
    const [first, second] = await replicas({ BRANDGEN_RATE_LIMIT_PER_MINUTE: '3' });
    const statuses: number[] = [];
    for (const app of [first, second, first]) statuses.push((await postJson(app.baseUrl, '/api/generate', { prompt: 'limit' })).status);
    const refused = await postJson(second.baseUrl, '/api/generate', { prompt: 'limit' });
    assert.deepEqual(statuses, [202, 202, 202]);
    assert.equal(refused.status, 429);
    assert.ok(Number(refused.headers.get('retry-after')) > 0);
    assert.equal(((await refused.json()) as any).error.code, 'rate_limited');
  });

  test('a job taken by one replica is read and streamed by the other', async () => {
    const [first, second] = await replicas({});
    const accepted = (await (await postJson(first.baseUrl, '/api/generate', { prompt: 'shared', seed: 3 })).json()) as any;
    const job = await waitForJob(second.baseUrl, accepted.job_id);
    assert.equal(job.status, 'complete');
    assert.equal((await fetch(`${second.baseUrl}${job.images[1]}`)).status, 200);
  });
});

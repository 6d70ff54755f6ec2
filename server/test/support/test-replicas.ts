import { startTestBrandgen, type TestBrandgen } from './test-brandgen.ts';
import { createPostgresSchema } from './test-database.ts';
import { deleteRedisKeys, testRedisUrl, uniqueRedisPrefix } from './test-redis.ts';

type Overrides = Parameters<typeof startTestBrandgen>[1];

export interface TestReplicas {
  first: TestBrandgen;
  second: TestBrandgen;
  /** Stops both and drops what they shared. */
  close(): Promise<void>;
}

/**
 * Two installations as API replicas: one PostgreSQL schema, one Redis prefix and one images folder (across machines
 * that is Azure Blob, see scale-out.test.ts), each with its own bus connection. Needs TEST_DATABASE_URL and TEST_REDIS_URL.
 */
export async function startTestReplicas(environment: Record<string, string>, overrides?: Overrides): Promise<TestReplicas> {
  const cleanups: Array<() => Promise<void>> = [];
  const close = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  };
  try {
    const schema = await createPostgresSchema();
    const prefix = uniqueRedisPrefix();
    cleanups.push(schema.drop, () => deleteRedisKeys(testRedisUrl!, prefix));
    const shared = { DATABASE_URL: schema.url, REDIS_URL: testRedisUrl!, BRANDGEN_REDIS_PREFIX: prefix, ...environment };
    const first = await startTestBrandgen(shared, overrides);
    cleanups.push(() => first.close());
    const second = await startTestBrandgen({ ...shared, BRANDGEN_DATA_DIR: first.dataDirectory }, overrides);
    cleanups.push(() => second.close());
    return { first, second, close };
  } catch (error) {
    await close();
    throw error;
  }
}

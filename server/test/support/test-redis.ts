import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

/**
 * Tests that need Redis find it through `TEST_REDIS_URL` (CI sets it). Each test run uses its own key
 * prefix and deletes its keys afterwards, so it never touches anyone else's data on a shared Redis.
 */
export const testRedisUrl = process.env.TEST_REDIS_URL?.trim() || undefined;
const inCi = process.env.CI === 'true' || process.env.CI === '1';

export const redisSkipReason = testRedisUrl ? undefined : 'Redis tests skipped: set TEST_REDIS_URL=redis://127.0.0.1:6379 to run them';

if (!testRedisUrl && inCi) throw new Error('CI must run the Redis tests: TEST_REDIS_URL is not set (see .ci/run).');

export function uniqueRedisPrefix(): string {
  return `brandgen-test-${process.pid}-${randomBytes(4).toString('hex')}`;
}

/** Deletes every key under a prefix (SCAN, not KEYS, so a busy shared Redis is not blocked). */
export async function deleteRedisKeys(url: string, prefix: string): Promise<void> {
  const client = new Redis(url, { maxRetriesPerRequest: 2 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await client.del(...keys);
    } while (cursor !== '0');
  } finally {
    client.disconnect();
  }
}

import { Redis, type RedisOptions } from 'ioredis';

/**
 * One Redis connection. Commands wait through a short outage (a restart) instead of failing at once,
 * because the database holds every job and the queue refills itself once Redis is back.
 */
export function connectRedis(url: string, options: RedisOptions = {}): Redis {
  const client = new Redis(url, {
    // BullMQ requires this for its blocking connections; for the others it means "wait, do not give up".
    maxRetriesPerRequest: null,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
    ...options,
  });
  // Without a listener ioredis reports each reconnection attempt as an unhandled error.
  client.on('error', () => {});
  return client;
}

import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { withinTime } from '../timing/within-time.ts';
import { InMemoryOpenStreams, type OpenStreams } from './open-streams.ts';

/**
 * Open streams counted in Redis, so the per-user limit holds across API processes. Each user has a sorted set of
 * leases scored by their expiry; a process renews the leases of its open streams, so the streams of a process that
 * died without releasing them drop out within a lease. While Redis cannot be reached the count falls back to this
 * process's own streams: the limit then holds per process.
 */
const LEASE_MS = 60_000;
const RENEW_MS = 20_000;
const REDIS_WAIT_MS = 1_000;

// KEYS[1] the user's leases; ARGV: now, expiry of the new lease, its member, the limit, the key's lifetime.
const OPEN_SCRIPT = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[4]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return 1
`;

export class RedisOpenStreams implements OpenStreams {
  private readonly client: Redis;
  private readonly prefix: string;
  private readonly local = new InMemoryOpenStreams();
  /** Leases this process holds in Redis: member → the user's key. */
  private readonly leases = new Map<string, string>();
  private readonly renewTimer: NodeJS.Timeout;

  constructor(options: { client: Redis; prefix: string }) {
    this.client = options.client;
    this.prefix = `${options.prefix}:open-streams:`;
    this.renewTimer = setInterval(() => void this.renew(), RENEW_MS);
    this.renewTimer.unref();
  }

  async open(userId: string, max: number): Promise<(() => void) | undefined> {
    const key = this.prefix + userId;
    const member = randomUUID();
    const now = Date.now();
    let admitted: unknown;
    try {
      admitted = await withinTime(
        this.client.eval(OPEN_SCRIPT, 1, key, now, now + LEASE_MS, member, max, LEASE_MS),
        REDIS_WAIT_MS,
        'Redis did not answer in time',
      );
    } catch {
      return this.local.openNow(userId, max);
    }
    if (admitted !== 1) return undefined;
    // The local count is kept too, so that during a later outage this process still knows its own streams.
    const releaseLocal = this.local.openNow(userId, Number.MAX_SAFE_INTEGER);
    this.leases.set(member, key);
    return () => {
      if (!this.leases.delete(member)) return;
      releaseLocal?.();
      this.client.zrem(key, member).catch(() => {});
    };
  }

  private async renew(): Promise<void> {
    if (this.leases.size === 0) return;
    const expiry = Date.now() + LEASE_MS;
    const pipeline = this.client.pipeline();
    for (const [member, key] of this.leases) {
      pipeline.zadd(key, 'XX', expiry, member);
      pipeline.pexpire(key, LEASE_MS);
    }
    // A failed renewal is retried on the next tick; a lease lapsing meanwhile only lets a stream too many in.
    await pipeline.exec().catch(() => {});
  }

  async close(): Promise<void> {
    clearInterval(this.renewTimer);
    const leases = [...this.leases];
    this.leases.clear();
    if (leases.length === 0) return;
    const pipeline = this.client.pipeline();
    for (const [member, key] of leases) pipeline.zrem(key, member);
    await withinTime(pipeline.exec(), REDIS_WAIT_MS, 'Redis did not answer in time').catch(() => {});
  }
}

import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from './api-error.ts';
import { userIdOf } from './current-user.ts';

/**
 * The per-user budget of generations a minute, one budget for every route that starts jobs. A request that starts
 * N jobs (a batch) counts N. Counted by @fastify/rate-limit's store: in Redis when configured (shared by all API
 * processes), in this process otherwise.
 */
export interface GenerationLimit {
  /** Counts `jobs` generations for the request's user, or throws a 429 with Retry-After when they do not fit. */
  take(request: FastifyRequest, jobs?: number): Promise<void>;
}

const WINDOW_MS = 60_000;

export function createGenerationLimit(server: FastifyInstance, maxPerMinute: number): GenerationLimit {
  // One limiter, so one counter per user whichever route starts the work.
  const limiter = server.createRateLimit({
    max: maxPerMinute,
    timeWindow: WINDOW_MS,
    keyGenerator: (request) => `generation:${userIdOf(request)}`,
  });
  const refuse = (ttlSeconds: number, message: string) => {
    const seconds = Math.max(1, ttlSeconds);
    return new ApiError(429, 'rate_limited', `${message} Please wait ${seconds} s and try again.`, {
      headers: { 'retry-after': String(seconds) },
    });
  };
  return {
    async take(request, jobs = 1) {
      if (jobs < 1) return;
      if (jobs === 1) {
        const counted = await limiter(request);
        if (!counted.isAllowed && counted.isExceeded)
          throw refuse(counted.ttlInSeconds, 'You have started many generations in a short time.');
        return;
      }
      // Several jobs are checked before any is counted, so a refused batch spends nothing.
      const before = await limiter(request, { increment: false });
      if (before.isAllowed) return;
      const untouched = before.remaining === before.max;
      if (before.remaining === 0 || (jobs > before.remaining && !untouched)) {
        throw refuse(
          before.ttlInSeconds,
          `This starts ${jobs} generations and you have ${before.remaining} of ${before.max} left this minute.`,
        );
      }
      // A batch larger than the whole budget may start from an untouched minute; it then spends all of it.
      await Promise.all(Array.from({ length: jobs }, () => limiter(request)));
    },
  };
}

import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { BrandReviewService, ReviewActor } from '../../services/brand-review-service.ts';
import { brandReviewResponse, brandReviewStatusResponse, lastBrandReviewResponse, presentBrandReview } from '../brand-review-schemas.ts';
import { ApiError } from '../api-error.ts';
import { principalOf, userIdOf } from '../current-user.ts';
import { imageIdParams } from '../library-schemas.ts';
import { errorResponse } from '../schemas.ts';

export interface BrandReviewRoutesOptions {
  reviews: BrandReviewService;
  /** Reviews one person may ask for in a minute: each is a paid call (BRANDGEN_RATE_LIMIT_PER_MINUTE). */
  maxPerMinute: number;
}

const tags = ['library'];

function actorOf(request: FastifyRequest): ReviewActor {
  const principal = principalOf(request);
  return { userId: principal.userId, isAdmin: principal.isAdmin };
}

/** "Review against the brief": a vision language model's opinion of an image against its brand's dos and don'ts. */
export const brandReviewRoutes: FastifyPluginAsyncZod<BrandReviewRoutesOptions> = async (server, { reviews, maxPerMinute }) => {
  // Its own count, apart from generations, so a review never uses up someone's image budget or the reverse.
  const limiter = server.createRateLimit({
    max: maxPerMinute,
    timeWindow: 60_000,
    keyGenerator: (request) => `brand-review:${userIdOf(request)}`,
  });

  server.get(
    '/api/brand-review/status',
    {
      schema: {
        tags,
        summary: 'Whether images can be reviewed against their brand’s dos and don’ts, by which model, or what to configure',
        response: { 200: brandReviewStatusResponse },
      },
    },
    async () => reviews.status(),
  );

  server.post(
    '/api/images/:id/brand-review',
    {
      schema: {
        tags,
        summary:
          'Ask the language model whether the image follows the dos and don’ts of the brand version it was made with (owner or administrator); the answer is its opinion and is kept as the image’s last review',
        params: imageIdParams,
        response: {
          200: brandReviewResponse,
          404: errorResponse,
          409: errorResponse,
          429: errorResponse,
          502: errorResponse,
          503: errorResponse,
        },
      },
    },
    async (request) => {
      const counted = await limiter(request);
      if (!counted.isAllowed && counted.isExceeded) {
        const seconds = Math.max(1, counted.ttlInSeconds);
        throw new ApiError(
          429,
          'rate_limited',
          `You have asked for many reviews in a short time. Please wait ${seconds} s and try again.`,
          {
            headers: { 'retry-after': String(seconds) },
          },
        );
      }
      return presentBrandReview(await reviews.review(actorOf(request), request.params.id));
    },
  );

  server.get(
    '/api/images/:id/brand-review',
    {
      schema: {
        tags,
        summary: 'The image’s last review against its brand’s dos and don’ts, or null (no model is asked)',
        params: imageIdParams,
        response: { 200: lastBrandReviewResponse, 404: errorResponse },
      },
    },
    async (request) => {
      const review = await reviews.last(actorOf(request), request.params.id);
      return { review: review ? presentBrandReview(review) : null };
    },
  );
};

import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { BrandReviewService, ReviewActor } from '../../services/brand-review-service.ts';
import { brandReviewResponse, brandReviewStatusResponse, lastBrandReviewResponse, presentBrandReview } from '../brand-review-schemas.ts';
import { principalOf } from '../current-user.ts';
import { imageIdParams } from '../library-schemas.ts';
import { errorResponse } from '../schemas.ts';

export interface BrandReviewRoutesOptions {
  reviews: BrandReviewService;
}

const tags = ['library'];

function actorOf(request: FastifyRequest): ReviewActor {
  const principal = principalOf(request);
  return { userId: principal.userId, isAdmin: principal.isAdmin };
}

/** "Review against the brief": a vision language model's opinion of an image against its brand's dos and don'ts. */
export const brandReviewRoutes: FastifyPluginAsyncZod<BrandReviewRoutesOptions> = async (server, { reviews }) => {
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
          502: errorResponse,
          503: errorResponse,
        },
      },
    },
    async (request) => presentBrandReview(await reviews.review(actorOf(request), request.params.id)),
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

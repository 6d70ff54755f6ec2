import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { GenerationService } from '../../services/generation-service.ts';
import { isAdmin, userIdOf } from '../current-user.ts';
import type { GenerationLimit } from '../generation-limit.ts';
import { generateBody, jobAccepted, jobIdParams } from './job-schemas.ts';
import { errorResponse } from '../schemas.ts';
import { acceptedJob } from '../accepted-reply.ts';

export interface GenerationRoutesOptions {
  generation: GenerationService;
  /** Every route that starts paid GPU work shares one per-user budget. */
  limit: GenerationLimit;
}

export const generationRoutes: FastifyPluginAsyncZod<GenerationRoutesOptions> = async (server, options) => {
  const { generation, limit } = options;
  // What both routes that start a job share in the OpenAPI document.
  const startsJob = {
    tags: ['generation'],
    response: { 202: jobAccepted, 400: errorResponse, 402: errorResponse, 404: errorResponse, 429: errorResponse, 503: errorResponse },
  };

  server.post(
    '/api/generate',
    {
      schema: { ...startsJob, summary: 'Ask for four on-brand images', body: generateBody },
    },
    async (request, reply) => {
      await limit.take(request);
      const { asset_type: assetType, brand_id: brandId, brand_version: brandVersion, ...rest } = request.body;
      const job = await generation.generate({ userId: userIdOf(request), ...rest, assetType, brandId, brandVersion });
      return acceptedJob(reply, job);
    },
  );

  server.post(
    '/api/jobs/:id/more',
    {
      schema: { ...startsJob, summary: 'Four new variations of the same prompt and settings', params: jobIdParams },
    },
    async (request, reply) => {
      await limit.take(request);
      const job = await generation.generateMore(userIdOf(request), request.params.id, { anyOwner: isAdmin(request) });
      return acceptedJob(reply, job);
    },
  );
};

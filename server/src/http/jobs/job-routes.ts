import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { GenerationService } from '../../services/generation-service.ts';
import type { ImageService } from '../../services/image-service.ts';
import { ApiError } from '../api-error.ts';
import { isAdmin, userIdOf } from '../current-user.ts';
import { presentJob } from './job-presenter.ts';
import { jobIdParams, jobImageParams, jobPageResponse, jobResponse, listJobsQuery } from './job-schemas.ts';
import { errorResponse } from '../schemas.ts';
import { sendCompressibleJson } from '../send-json-text.ts';
import type { FinishedJobCache } from './finished-job-cache.ts';
import type { RouteServer } from '../routes/route-server.ts';

export interface JobRoutesOptions {
  generation: GenerationService;
  images: ImageService;
  jobCache: FinishedJobCache;
  /** With sign-in on, images are cached by the browser only, never by a shared cache. */
  privateImages: boolean;
}

export const jobRoutes: FastifyPluginAsyncZod<JobRoutesOptions> = async (server, { generation, images, jobCache, privateImages }) => {
  server.get(
    '/api/jobs',
    {
      schema: {
        tags: ['jobs'],
        summary: "The user's jobs, newest first (an administrator may ask for everyone's)",
        querystring: listJobsQuery,
        response: { 200: jobPageResponse, 400: errorResponse, 403: errorResponse },
      },
    },
    async (request) => {
      const { limit, cursor, scope } = request.query;
      if (scope === 'all' && !isAdmin(request)) {
        throw new ApiError(403, 'forbidden', "Only an administrator can list everyone's jobs.");
      }
      const page = await generation.listJobs(scope === 'all' ? undefined : userIdOf(request), limit, cursor);
      return { jobs: page.jobs.map(presentJob), next_cursor: page.nextCursor };
    },
  );

  server.get(
    '/api/jobs/:id',
    {
      schema: {
        tags: ['jobs'],
        summary: 'A job with its status, progress and images',
        params: jobIdParams,
        response: { 200: jobResponse, 404: errorResponse },
      },
      // The answer comes in the client's encoding from the finished-job cache, so compression's two hooks would only
      // look at it; this route's error answers are all too small to compress.
      compress: false,
    },
    // Without sign-in, a cached job's plain reads are answered before Fastify (job-read-shortcut.ts) with the answer
    // this handler gives; a change to one must be made to both, and test/job-read-shortcut.test.ts compares them.
    async (request, reply) => {
      const { id } = request.params;
      const userId = userIdOf(request);
      const answer = jobCache.get(id, userId) ?? jobCache.serialize(await generation.getJob(userId, id, { anyOwner: isAdmin(request) }));
      return sendCompressibleJson(request, reply, answer);
    },
  );
  // A slot's image never changes once stored, so caches may keep it for good; with sign-in on, only the user's own.
  registerImageDownload(server, images, `${privateImages ? 'private' : 'public'}, max-age=31536000, immutable`);
};

/** Downloads stream the stored PNG, or redirect to a signed link when images live in Azure Blob storage. */
function registerImageDownload(server: RouteServer, images: ImageService, imageCacheControl: string): void {
  server.get(
    '/api/jobs/:id/images/:n',
    {
      schema: {
        tags: ['jobs'],
        summary: 'Download image n (0 to 3) of a job as PNG',
        params: jobImageParams,
        response: {
          200: z.unknown().describe('The PNG file'),
          302: z.null().describe('With Azure Blob storage: a redirect to a signed link that expires'),
          304: z.null(),
          404: errorResponse,
        },
      },
    },
    async (request, reply) => {
      const { id, n } = request.params;
      const image = await images.locate(userIdOf(request), id, Number(n), { anyOwner: isAdmin(request) });
      if ('signedUrl' in image) {
        // The link expires, so neither the browser nor a proxy may keep this redirect.
        return reply.header('cache-control', 'no-store').redirect(image.signedUrl, 302);
      }
      const etag = `"${image.sha256.slice(0, 32)}"`;
      reply
        .header('content-type', image.contentType)
        .header('content-length', image.byteSize)
        .header('content-disposition', `attachment; filename="${image.fileName}"`)
        .header('cache-control', imageCacheControl)
        .header('etag', etag);
      if (request.headers['if-none-match'] === etag) {
        image.stream.destroy();
        return reply.code(304).send(null);
      }
      return reply.send(image.stream);
    },
  );
}

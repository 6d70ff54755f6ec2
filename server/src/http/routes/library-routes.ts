import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { LibraryService, ThumbnailDownload, ThumbnailSize } from '../../services/library-service.ts';
import { LARGE_THUMBNAIL_SIZE, THUMBNAIL_SIZE } from '../../images/thumbnail.ts';
import { userIdOf } from '../current-user.ts';
import { presentLibraryImage } from '../library-image-presenter.ts';
import { zipStream } from '../../images/zip-stream.ts';
import {
  archiveQuery,
  editBody,
  favoriteBody,
  imageIdParams,
  libraryImageResponse,
  libraryPageResponse,
  listImagesQuery,
  thumbnailQuery,
  variationsBody,
} from '../library-schemas.ts';
import { jobAccepted, jobImageParams } from '../jobs/job-schemas.ts';
import { errorResponse } from '../schemas.ts';
import type { GenerationService } from '../../services/generation-service.ts';
import type { GenerationLimit } from '../generation-limit.ts';
import type { RouteServer } from './route-server.ts';
import { acceptedJob } from '../accepted-reply.ts';

export interface LibraryRoutesOptions {
  library: LibraryService;
  generation: GenerationService;
  limit: GenerationLimit;
}

export const libraryRoutes: FastifyPluginAsyncZod<LibraryRoutesOptions> = async (server, { library, generation, limit }) => {
  server.post(
    '/api/images/:id/variations',
    {
      schema: {
        tags: ['library'],
        summary:
          'Four variations of an image: same prompt and model, new seeds, or redrawn from the image with a strength; they become its children',
        params: imageIdParams,
        body: variationsBody,
        response: { 202: jobAccepted, 400: errorResponse, 404: errorResponse, 429: errorResponse, 503: errorResponse },
      },
    },
    async (request, reply) => {
      await limit.take(request);
      const { id } = request.params;
      const job = await library.startVariations(userIdOf(request), id, request.body?.strength, generation, request.body?.brand_id);
      return acceptedJob(reply, job);
    },
  );

  server.post(
    '/api/images/:id/edit',
    {
      schema: {
        tags: ['library'],
        summary: 'Four edits of an image that follow an instruction, by a model that can edit; they become its children',
        params: imageIdParams,
        body: editBody,
        response: { 202: jobAccepted, 400: errorResponse, 404: errorResponse, 429: errorResponse, 503: errorResponse },
      },
    },
    async (request, reply) => {
      await limit.take(request);
      const { id } = request.params;
      const { instruction, model, preset, seed, brand_id: brandId } = request.body;
      const job = await library.startEdit(userIdOf(request), id, { instruction, model, preset, seed, brandId }, generation);
      return acceptedJob(reply, job);
    },
  );
  registerListingRoutes(server, library);
  registerImageRoutes(server, library);
};

/** Pages of the library and ZIP archives of chosen images. */
function registerListingRoutes(server: RouteServer, library: LibraryService): void {
  server.get(
    '/api/images',
    {
      schema: {
        tags: ['library'],
        summary: "The user's images, newest or best brand fit first, with search and filters",
        querystring: listImagesQuery,
        response: { 200: libraryPageResponse, 400: errorResponse },
      },
    },
    async (request) => {
      const {
        limit,
        cursor,
        sort,
        q,
        asset_type,
        model,
        project_id,
        brand_id,
        parent_id,
        job_id,
        batch_id,
        favorite,
        from,
        to,
        min_brand_fit,
      } = request.query;
      const page = await library.list(
        userIdOf(request),
        {
          ...(q !== undefined && { text: q }),
          ...(asset_type !== undefined && { assetType: asset_type }),
          ...(model !== undefined && { model }),
          ...(project_id !== undefined && { projectId: project_id }),
          ...(brand_id !== undefined && { brandId: brand_id }),
          ...(parent_id !== undefined && { parentId: parent_id }),
          ...(job_id !== undefined && { jobId: job_id }),
          ...(batch_id !== undefined && { batchId: batch_id }),
          ...(favorite !== undefined && { favorite }),
          ...(from !== undefined && { createdFrom: from }),
          ...(to !== undefined && { createdBefore: to }),
          ...(min_brand_fit !== undefined && { minBrandFit: min_brand_fit }),
        },
        limit,
        cursor,
        sort,
      );
      return { images: page.images.map(presentLibraryImage), next_cursor: page.nextCursor };
    },
  );

  server.get(
    '/api/images/archive',
    {
      schema: {
        tags: ['library'],
        summary: 'Several images as one ZIP, streamed as it is written',
        querystring: archiveQuery,
        response: { 200: z.unknown().describe('The ZIP file'), 400: errorResponse, 404: errorResponse },
      },
    },
    async (request, reply) => {
      const entries = await library.archiveEntries(userIdOf(request), request.query.ids);
      const day = new Date().toISOString().slice(0, 10);
      return reply
        .header('content-type', 'application/zip')
        .header('content-disposition', `attachment; filename="brandgen-${entries.length}-images-${day}.zip"`)
        .header('cache-control', 'no-store')
        .send(zipStream(entries));
    },
  );
}

/** One library image: its details, its favourite flag and its thumbnail. */
function registerImageRoutes(server: RouteServer, library: LibraryService): void {
  server.get(
    '/api/images/:id',
    {
      schema: {
        tags: ['library'],
        summary: 'One image with all its parameters',
        params: imageIdParams,
        response: { 200: libraryImageResponse, 404: errorResponse },
      },
    },
    async (request) => {
      const { id } = request.params;
      return presentLibraryImage(await library.get(userIdOf(request), id));
    },
  );

  server.put(
    '/api/images/:id/favorite',
    {
      schema: {
        tags: ['library'],
        summary: 'Star or unstar an image; favorites are never removed by retention',
        params: imageIdParams,
        body: favoriteBody,
        response: { 200: libraryImageResponse, 400: errorResponse, 404: errorResponse },
      },
    },
    async (request) => {
      const { id } = request.params;
      return presentLibraryImage(await library.setFavorite(userIdOf(request), id, request.body.favorite));
    },
  );

  server.delete(
    '/api/images/:id',
    {
      schema: {
        tags: ['library'],
        summary: 'Delete an image for good, starred or not: its file, thumbnail and library entry; its job keeps the slot as expired',
        params: imageIdParams,
        response: { 204: z.null(), 404: errorResponse },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      await library.delete(userIdOf(request), id);
      return reply.code(204).send(null);
    },
  );

  server.get(
    '/api/images/:id/thumbnail',
    {
      schema: {
        tags: ['library'],
        summary: 'The WebP thumbnail of an image: 256 px, or 512 px with size=512',
        params: imageIdParams,
        querystring: thumbnailQuery,
        response: { 200: z.unknown().describe('The WebP file'), 304: z.null(), 400: errorResponse, 404: errorResponse },
      },
    },
    async (request, reply) =>
      sendThumbnail(request, reply, await library.openThumbnail(userIdOf(request), request.params.id, sizeOf(request.query))),
  );

  server.get(
    '/api/jobs/:id/images/:n/thumbnail',
    {
      schema: {
        tags: ['jobs'],
        summary:
          "The WebP thumbnail of a job's image n (256 px, or 512 px with size=512), for compact lists; 404 until it is in the library",
        params: jobImageParams,
        querystring: thumbnailQuery,
        response: { 200: z.unknown().describe('The WebP file'), 304: z.null(), 400: errorResponse, 404: errorResponse },
      },
    },
    async (request, reply) => {
      const { id, n } = request.params;
      return sendThumbnail(request, reply, await library.openJobThumbnail(userIdOf(request), id, Number(n), sizeOf(request.query)));
    },
  );
}

const sizeOf = (query: { size?: number | undefined }): ThumbnailSize =>
  query.size === LARGE_THUMBNAIL_SIZE ? LARGE_THUMBNAIL_SIZE : THUMBNAIL_SIZE;

/** A thumbnail never changes under its address, so caches may keep it for good. */
function sendThumbnail(request: FastifyRequest, reply: FastifyReply, thumbnail: ThumbnailDownload) {
  reply.header('content-type', 'image/webp').header('cache-control', 'private, max-age=31536000, immutable').header('etag', thumbnail.etag);
  if (request.headers['if-none-match'] === thumbnail.etag) return reply.code(304).send(null);
  return reply.send(Buffer.from(thumbnail.bytes.buffer, thumbnail.bytes.byteOffset, thumbnail.bytes.byteLength));
}

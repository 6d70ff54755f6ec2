import type { IncomingMessage } from 'node:http';
import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { BrandBrief, Project, ProjectExpansion } from '../../domain/brand-brief.ts';
import { inspirationTooLarge, type ProjectService } from '../../services/project-service.ts';
import { INSPIRATION_MAX_BYTES } from '../../images/inspiration-image.ts';
import { UnsupportedMediaError } from '../../services/errors.ts';
import { readLimitedBody } from '../read-limited-body.ts';
import { userIdOf } from '../current-user.ts';
import {
  briefSchema,
  expandBody,
  expandedResponse,
  generateAllBody,
  projectBody,
  projectGenerateBody,
  projectIdParams,
  projectListResponse,
  projectResponse,
} from '../project-schemas.ts';
import { jobAccepted } from '../jobs/job-schemas.ts';
import { errorResponse } from '../schemas.ts';
import type { GenerationLimit } from '../generation-limit.ts';
import type { RouteServer } from './route-server.ts';
import { acceptedJob } from '../accepted-reply.ts';
import { batchResponse } from '../batch-schemas.ts';
import { presentBatch } from '../batch-presenter.ts';

function toBrief(brief: z.infer<typeof briefSchema>): BrandBrief {
  return {
    brandName: brief.brand_name,
    industry: brief.industry,
    audience: brief.audience,
    tone: brief.tone,
    styleWords: brief.style_words,
    colours: brief.colours,
    dos: brief.dos,
    donts: brief.donts,
  };
}

function presentProject(project: Project): z.infer<typeof projectResponse> {
  const { brief } = project;
  return {
    id: project.id,
    name: project.name,
    brief: {
      brand_name: brief.brandName,
      industry: brief.industry,
      audience: brief.audience,
      tone: brief.tone,
      style_words: brief.styleWords,
      colours: brief.colours,
      dos: brief.dos,
      donts: brief.donts,
    },
    inspiration: project.inspiration && {
      url: `/api/projects/${project.id}/inspiration?v=${project.inspiration.sha256.slice(0, 16)}`,
      width: project.inspiration.width,
      height: project.inspiration.height,
      media_type: project.inspiration.mediaType,
    },
    brand_id: project.brandId,
    expansion: project.expansion && presentExpansion(project.expansion),
    created_at: project.createdAt,
    updated_at: project.updatedAt,
    images_url: `/api/images?project_id=${project.id}`,
    events_url: `/api/projects/${project.id}/events`,
  };
}

function presentExpansion(expansion: ProjectExpansion): z.infer<typeof expandedResponse> {
  return { source: expansion.source, label: expansion.label, prompts: expansion.prompts, expanded_at: expansion.expandedAt };
}

const withId = { tags: ['projects'], params: projectIdParams };

export const projectRoutes: FastifyPluginAsyncZod<{ projects: ProjectService; limit: GenerationLimit }> = async (
  server,
  { projects, limit },
) => {
  server.get(
    '/api/projects',
    { schema: { tags: ['projects'], summary: "The user's brand projects, newest first", response: { 200: projectListResponse } } },
    async (request) => ({
      projects: (await projects.list(userIdOf(request))).map(({ project, images }) => ({
        ...presentProject(project),
        image_count: images?.count ?? 0,
        cover_url: images ? `/api/images/${images.coverImageId}/thumbnail` : null,
        last_change_at: images && images.lastImageAt > project.updatedAt ? images.lastImageAt : project.updatedAt,
      })),
    }),
  );

  server.post(
    '/api/projects',
    {
      schema: {
        tags: ['projects'],
        summary: 'Create a brand project with its brief',
        body: projectBody,
        response: { 201: projectResponse, 400: errorResponse },
      },
    },
    async (request, reply) => {
      const { name, brief, brand_id: brandId } = request.body;
      const project = await projects.create(userIdOf(request), { name, brief: toBrief(brief), brandId });
      return reply.code(201).header('location', `/api/projects/${project.id}`).send(presentProject(project));
    },
  );

  server.get(
    '/api/projects/:id',
    { schema: { ...withId, summary: 'One project', response: { 200: projectResponse, 404: errorResponse } } },
    async (request) => {
      return presentProject(await projects.get(userIdOf(request), request.params.id));
    },
  );

  server.put(
    '/api/projects/:id',
    {
      schema: {
        ...withId,
        summary: 'Replace the name and brief',
        body: projectBody,
        response: { 200: projectResponse, 400: errorResponse, 404: errorResponse },
      },
    },
    async (request) => {
      return presentProject(
        await projects.update(userIdOf(request), request.params.id, {
          name: request.body.name,
          brief: toBrief(request.body.brief),
          brandId: request.body.brand_id,
        }),
      );
    },
  );

  server.delete(
    '/api/projects/:id',
    {
      schema: {
        ...withId,
        summary: 'Delete a project and its inspiration image (its images stay in the library)',
        response: { 204: z.null(), 404: errorResponse },
      },
    },
    async (request, reply) => {
      await projects.delete(userIdOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
  await registerInspirationRoutes(server, projects);
  registerProjectGeneration(server, { projects, limit });
};

/** The project's inspiration image: upload (any declared type, judged by its bytes), download and removal. */
async function registerInspirationRoutes(server: RouteServer, projects: ProjectService): Promise<void> {
  await server.register(async (scope) => {
    const uploads = scope.withTypeProvider<ZodTypeProvider>();
    // Any Content-Type, JSON and forms included, is taken as raw bytes here: the image is judged by its content, not
    // by what the client called it. The inherited JSON and form parsers would otherwise win over the catch-all.
    uploads.removeAllContentTypeParsers();
    uploads.addContentTypeParser('*', (_request, payload, done) => {
      readLimitedBody(payload as IncomingMessage, INSPIRATION_MAX_BYTES, inspirationTooLarge).then(
        (bytes) => done(null, bytes),
        (error: unknown) => done(error as Error, undefined),
      );
    });
    uploads.put(
      '/api/projects/:id/inspiration',
      {
        schema: {
          ...withId,
          summary: 'Upload the inspiration image: the raw bytes of a PNG, JPEG or WebP (at most 10 MB and 40 megapixels, at least 64×64)',
          consumes: ['image/png', 'image/jpeg', 'image/webp', 'application/octet-stream'],
          response: { 200: projectResponse, 400: errorResponse, 404: errorResponse, 413: errorResponse, 415: errorResponse },
        },
      },
      async (request) => {
        if (!Buffer.isBuffer(request.body)) {
          throw new UnsupportedMediaError(
            'unsupported_image',
            'Send the image file itself as the request body (a PNG, JPEG or WebP), not JSON or a form.',
          );
        }
        return presentProject(await projects.setInspiration(userIdOf(request), request.params.id, request.body));
      },
    );
  });

  server.get(
    '/api/projects/:id/inspiration',
    {
      schema: {
        ...withId,
        summary: 'The inspiration image (WebP)',
        response: {
          200: z.unknown().describe('The WebP file'),
          302: z.null().describe('With Azure Blob storage: a redirect to a signed link that expires'),
          304: z.null(),
          404: errorResponse,
        },
      },
    },
    async (request, reply) => {
      const image = await projects.locateInspiration(userIdOf(request), request.params.id);
      if ('signedUrl' in image) return reply.header('cache-control', 'no-store').redirect(image.signedUrl, 302);
      reply
        .header('content-type', image.contentType)
        // Replacing the image keeps this address, so browsers check back (cheaply, by ETag) before reusing a copy.
        .header('cache-control', 'private, no-cache')
        .header('etag', image.etag);
      if (request.headers['if-none-match'] === image.etag) {
        image.stream.destroy();
        return reply.code(304).send(null);
      }
      return reply.header('content-length', image.byteSize).send(image.stream);
    },
  );

  server.delete(
    '/api/projects/:id/inspiration',
    { schema: { ...withId, summary: 'Remove the inspiration image', response: { 200: projectResponse, 404: errorResponse } } },
    async (request) => {
      return presentProject(await projects.removeInspiration(userIdOf(request), request.params.id));
    },
  );
}

/** Brief expansion and generation from a project, under the generation rate limit. */
function registerProjectGeneration(server: RouteServer, { projects, limit }: { projects: ProjectService; limit: GenerationLimit }): void {
  server.post(
    '/api/projects/:id/expand',
    {
      schema: {
        ...withId,
        summary:
          'Expand the brief into N distinct image prompts (language model, or the labelled template without one); they are kept with the project in place of the last ones',
        body: expandBody,
        response: { 200: expandedResponse, 400: errorResponse, 404: errorResponse, 502: errorResponse },
      },
    },
    async (request) => {
      return presentExpansion(await projects.expand(userIdOf(request), request.params.id, request.body.count));
    },
  );

  server.post(
    '/api/projects/:id/generate-all',
    {
      schema: {
        ...withId,
        summary: "Generate all: every prompt of the project's last expansion as one batch, its images filed under the project",
        body: generateAllBody,
        response: {
          201: batchResponse,
          400: errorResponse,
          404: errorResponse,
          409: errorResponse,
          429: errorResponse,
          503: errorResponse,
        },
      },
    },
    async (request, reply) => {
      const { model, brand_id: brandId } = request.body;
      // Like POST /api/batches: N prompts spend N of the user's generations.
      const batch = await projects.generateAll(userIdOf(request), request.params.id, {
        model,
        brandId,
        admit: (jobs) => limit.take(request, jobs),
      });
      return reply.code(201).header('location', `/api/batches/${batch.record.id}`).send(presentBatch(batch));
    },
  );

  server.post(
    '/api/projects/:id/generate',
    {
      schema: {
        ...withId,
        summary: "Generate four images for one of the project's prompts",
        body: projectGenerateBody,
        response: { 202: jobAccepted, 400: errorResponse, 404: errorResponse, 429: errorResponse, 503: errorResponse },
      },
    },
    async (request, reply) => {
      await limit.take(request);
      const { prompt, model, brand_id: brandId } = request.body;
      const job = await projects.generate(userIdOf(request), request.params.id, prompt, model, brandId);
      return acceptedJob(reply, job);
    },
  );
}

import multipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { flagImages, trainingReadinessProblems, TRAINING_IMAGES, type TrainingSet } from '../../domain/training-set.ts';
import { INSPIRATION_MAX_BYTES } from '../../images/inspiration-image.ts';
import { requireAdmin } from '../../services/brand-service.ts';
import { PayloadTooLargeError, ValidationError } from '../../services/errors.ts';
import type { TrainingImageUpload, TrainingSetService } from '../../services/training-set-service.ts';
import { brandIdParams } from '../brand-schemas.ts';
import { principalOf } from '../current-user.ts';
import { errorResponse } from '../schemas.ts';
import {
  multipartDescription,
  trainingSetImageParams,
  trainingSetListResponse,
  trainingSetParams,
  trainingSetResponse,
  trainingSetUpdateBody,
} from '../training-set-schemas.ts';

const tags = ['training'];

export function presentTrainingSet(set: TrainingSet): z.infer<typeof trainingSetResponse> {
  const flags = flagImages(set.images);
  const problems = trainingReadinessProblems(set);
  return {
    id: set.id,
    brand_id: set.brandId,
    name: set.name,
    trigger_word: set.triggerWord,
    kind: set.kind,
    images: set.images.map((image) => ({
      id: image.id,
      file_name: image.fileName,
      width: image.width,
      height: image.height,
      sha256: image.sha256,
      caption: image.caption,
      url: `/api/brands/${set.brandId}/training-sets/${set.id}/images/${image.id}?v=${image.sha256.slice(0, 16)}`,
      small: flags.get(image.id)?.small ?? false,
      near_duplicate_of: flags.get(image.id)?.nearDuplicateOf ?? null,
    })),
    ready: problems.length === 0,
    problems,
    created_at: set.createdAt,
    updated_at: set.updatedAt,
  };
}

const actorOf = (request: FastifyRequest) => {
  const principal = principalOf(request);
  return { userId: principal.userId, isAdmin: principal.isAdmin };
};

/** A brand's training sets: created and extended by multipart upload, captions and details changed as JSON. */
export const trainingSetRoutes: FastifyPluginAsyncZod<{ sets: TrainingSetService }> = async (server, { sets }) => {
  server.get(
    '/api/brands/:id/training-sets',
    {
      schema: {
        tags,
        summary: "The brand's training sets",
        params: brandIdParams,
        response: { 200: trainingSetListResponse, 404: errorResponse },
      },
    },
    async (request) => ({ training_sets: (await sets.list(request.params.id)).map(presentTrainingSet) }),
  );
  server.get(
    '/api/brands/:id/training-sets/:setId',
    {
      schema: {
        tags,
        summary: 'One training set, with flags per image',
        params: trainingSetParams,
        response: { 200: trainingSetResponse, 404: errorResponse },
      },
    },
    async (request) => presentTrainingSet(await sets.get(request.params.id, request.params.setId)),
  );
  server.put(
    '/api/brands/:id/training-sets/:setId',
    {
      schema: {
        tags,
        summary: "Change a set's name, trigger word, kind or captions (administrators)",
        params: trainingSetParams,
        body: trainingSetUpdateBody,
        response: { 200: trainingSetResponse, 400: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse },
      },
    },
    async (request) => {
      const { body } = request;
      const update = {
        ...(body.name !== undefined && { name: body.name }),
        ...(body.trigger_word !== undefined && { triggerWord: body.trigger_word }),
        ...(body.kind !== undefined && { kind: body.kind }),
        ...(body.captions !== undefined && { captions: body.captions }),
      };
      return presentTrainingSet(await sets.update(actorOf(request), request.params.id, request.params.setId, update));
    },
  );
  server.delete(
    '/api/brands/:id/training-sets/:setId',
    {
      schema: {
        tags,
        summary: 'Delete a training set and its images (administrators)',
        params: trainingSetParams,
        response: { 204: z.null(), 403: errorResponse, 404: errorResponse, 409: errorResponse },
      },
    },
    async (request, reply) => {
      await sets.delete(actorOf(request), request.params.id, request.params.setId);
      return reply.code(204).send(null);
    },
  );
  registerImageRoutes(server, sets);
  await registerUploadRoutes(server, sets);
};

type Server = Parameters<FastifyPluginAsyncZod<{ sets: TrainingSetService }>>[0];

function registerImageRoutes(server: Server, sets: TrainingSetService): void {
  server.delete(
    '/api/brands/:id/training-sets/:setId/images/:imageId',
    {
      schema: {
        tags,
        summary: 'Remove one image from a training set (administrators)',
        params: trainingSetImageParams,
        response: { 200: trainingSetResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse },
      },
    },
    async (request) =>
      presentTrainingSet(await sets.removeImage(actorOf(request), request.params.id, request.params.setId, request.params.imageId)),
  );
  server.get(
    '/api/brands/:id/training-sets/:setId/images/:imageId',
    {
      schema: {
        tags,
        summary: 'One cleaned image of a training set (WebP)',
        params: trainingSetImageParams,
        response: { 200: z.unknown().describe('The WebP image'), 404: errorResponse },
      },
    },
    async (request, reply) => {
      const image = await sets.openImage(request.params.id, request.params.setId, request.params.imageId);
      return reply
        .header('content-type', 'image/webp')
        .header('content-length', image.byteSize)
        .header('cache-control', 'private, max-age=31536000, immutable')
        .send(image.stream);
    },
  );
}

const uploadErrors = { 400: errorResponse, 403: errorResponse, 404: errorResponse, 406: errorResponse, 413: errorResponse };

async function registerUploadRoutes(server: Server, sets: TrainingSetService): Promise<void> {
  await server.register(async (scope) => {
    // Scoped here: no other route takes multipart bodies.
    await scope.register(multipart, {
      limits: {
        fileSize: INSPIRATION_MAX_BYTES,
        files: TRAINING_IMAGES.max,
        fields: 10,
        fieldSize: 64 * 1024,
        parts: TRAINING_IMAGES.max + 10,
      },
    });
    const uploads = scope.withTypeProvider<ZodTypeProvider>();
    uploads.post(
      '/api/brands/:id/training-sets',
      {
        schema: {
          tags,
          summary: 'Create a training set from uploaded images (administrators)',
          description: multipartDescription,
          params: brandIdParams,
          consumes: ['multipart/form-data'],
          response: { 201: trainingSetResponse, ...uploadErrors },
        },
      },
      async (request, reply) => {
        requireAdmin(actorOf(request));
        const form = await readForm(request);
        const set = await sets.create(actorOf(request), request.params.id, {
          ...(form.fields.name !== undefined && { name: form.fields.name }),
          triggerWord: form.fields.trigger_word ?? '',
          kind: form.fields.kind ?? '',
          images: form.images,
        });
        return reply.code(201).header('location', `/api/brands/${set.brandId}/training-sets/${set.id}`).send(presentTrainingSet(set));
      },
    );
    uploads.post(
      '/api/brands/:id/training-sets/:setId/images',
      {
        schema: {
          tags,
          summary: 'Add images to a training set (administrators)',
          description: multipartDescription,
          params: trainingSetParams,
          consumes: ['multipart/form-data'],
          response: { 200: trainingSetResponse, ...uploadErrors, 409: errorResponse },
        },
      },
      async (request) => {
        requireAdmin(actorOf(request));
        const form = await readForm(request);
        return presentTrainingSet(await sets.addImages(actorOf(request), request.params.id, request.params.setId, form.images));
      },
    );
  });
}

/** Reads every part: files into memory one at a time (each at most 10 MB), text fields by name. */
async function readForm(request: FastifyRequest): Promise<{ fields: Record<string, string>; images: TrainingImageUpload[] }> {
  if (!request.isMultipart()) {
    throw new ValidationError([{ field: 'images', message: 'Send the images as multipart/form-data, one "images" part per file.' }]);
  }
  const fields: Record<string, string> = {};
  const images: TrainingImageUpload[] = [];
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') images.push({ fileName: part.filename, bytes: await part.toBuffer() });
      else fields[part.fieldname] = String(part.value);
    }
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    if (code === 'FST_REQ_FILE_TOO_LARGE')
      throw new PayloadTooLargeError(
        'image_too_large',
        `Each image may be at most ${INSPIRATION_MAX_BYTES / 1024 / 1024} MB. Export the large ones smaller.`,
      );
    if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') {
      throw new PayloadTooLargeError('too_many_images', `Send at most ${TRAINING_IMAGES.max} images at once.`);
    }
    if (code.startsWith('FST_'))
      throw new ValidationError([{ field: 'images', message: 'The multipart form could not be read. Send it again.' }]);
    throw error;
  }
  const captions = parseCaptions(fields.captions);
  return {
    fields,
    images: images.map((image, index) => ({ ...image, ...(captions[index] !== undefined && { caption: captions[index] }) })),
  };
}

function parseCaptions(text: string | undefined): (string | undefined)[] {
  if (text === undefined || text.trim() === '') return [];
  try {
    const parsed: unknown = JSON.parse(text);
    if (Array.isArray(parsed) && parsed.every((caption) => typeof caption === 'string' || caption === null)) {
      return parsed.map((caption: string | null) => caption ?? undefined);
    }
  } catch {
    // Answered below, like any other shape.
  }
  throw new ValidationError([{ field: 'captions', message: 'Captions are a JSON array of strings, one per image in the order sent.' }]);
}

import { createHash } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { zipStream } from '../../images/zip-stream.ts';
import type { Batch, BatchService, Idempotency } from '../../services/batch-service.ts';
import { ValidationError } from '../../services/errors.ts';
import { notFound } from '../api-error.ts';
import { isId } from '../path-params.ts';
import {
  batchIdParams,
  batchPageResponse,
  batchResponse,
  createBatchBody,
  createBatchHeaders,
  listBatchesQuery,
} from '../batch-schemas.ts';
import { presentBatch } from '../batch-presenter.ts';
import { parseCsvRows } from '../csv-rows.ts';
import { userIdOf } from '../current-user.ts';
import type { GenerationLimit } from '../generation-limit.ts';
import { errorResponse } from '../schemas.ts';

interface StartBatch {
  userId: string;
  body: z.infer<typeof createBatchBody>;
  idempotency: Idempotency | undefined;
  admit: (jobs: number) => Promise<void>;
}

/** A list of prompts, or a template with CSV rows read here: the CSV's problems are named before anything starts. */
function startBatch(batches: BatchService, { userId, body, idempotency, admit }: StartBatch): Promise<Batch> {
  const { prompts, model, template_id: templateId, csv, brand_id: brandId } = body;
  if (templateId === undefined) return batches.create({ userId, prompts: prompts ?? [], model, idempotency, admit, brandId });
  if (!isId(templateId)) throw notFound('There is no template with this id.');
  const parsed = parseCsvRows(csv ?? '');
  if (!parsed.ok) throw new ValidationError([{ field: 'csv', message: parsed.message }]);
  return batches.create({ userId, templateId, table: parsed, idempotency, admit, brandId });
}

export const batchRoutes: FastifyPluginAsyncZod<{ batches: BatchService; limit: GenerationLimit }> = async (server, { batches, limit }) => {
  const withId = { tags: ['batches'], params: batchIdParams };

  server.post(
    '/api/batches',
    {
      schema: {
        tags: ['batches'],
        summary: 'Start many jobs as one batch: a list of prompts, or a template filled from CSV rows',
        body: createBatchBody,
        headers: createBatchHeaders,
        response: { 201: batchResponse, 400: errorResponse, 404: errorResponse, 429: errorResponse, 503: errorResponse },
      },
    },
    async (request, reply) => {
      const key = request.headers['idempotency-key'];
      const idempotency =
        key === undefined ? undefined : { key, requestSha256: createHash('sha256').update(JSON.stringify(request.body)).digest('hex') };
      // A batch of N prompts spends N of the user's generations.
      const admit = (jobs: number) => limit.take(request, jobs);
      const batch = await startBatch(batches, { userId: userIdOf(request), body: request.body, idempotency, admit });
      if (batch.replayed) reply.header('idempotent-replayed', 'true');
      return reply.code(201).header('location', `/api/batches/${batch.record.id}`).send(presentBatch(batch));
    },
  );

  server.get(
    '/api/batches',
    {
      schema: {
        tags: ['batches'],
        summary: "The user's batches, newest first, each with its jobs' progress and thumbnails",
        querystring: listBatchesQuery,
        response: { 200: batchPageResponse, 400: errorResponse },
      },
    },
    async (request) => {
      const { limit, cursor } = request.query;
      const page = await batches.list(userIdOf(request), { limit, cursor });
      return { batches: page.batches.map(presentBatch), next_cursor: page.nextCursor };
    },
  );

  server.get(
    '/api/batches/:id',
    { schema: { ...withId, summary: 'A batch with overall and per-job progress', response: { 200: batchResponse, 404: errorResponse } } },
    async (request) => {
      return presentBatch(await batches.get(userIdOf(request), request.params.id));
    },
  );

  server.post(
    '/api/batches/:id/cancel',
    { schema: { ...withId, summary: 'Cancel the jobs that have not started', response: { 200: batchResponse, 404: errorResponse } } },
    async (request) => {
      return presentBatch(await batches.cancelRest(userIdOf(request), request.params.id));
    },
  );

  server.get(
    '/api/batches/:id/archive',
    {
      schema: {
        ...withId,
        summary: 'Every ready image of the batch as one ZIP, streamed',
        response: { 200: z.unknown().describe('The ZIP file'), 404: errorResponse },
      },
    },
    async (request, reply) => {
      const entries = await batches.archiveEntries(userIdOf(request), request.params.id);
      return reply
        .header('content-type', 'application/zip')
        .header('content-disposition', `attachment; filename="brandgen-batch-${request.params.id.slice(-8)}.zip"`)
        .header('cache-control', 'no-store')
        .send(zipStream(entries));
    },
  );
};

import type { IncomingMessage } from 'node:http';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { portableLora } from '../../domain/brand-file.ts';
import { planLoraDelivery } from '../../domain/lora-delivery.ts';
import { loraSourceFields, type Lora } from '../../domain/lora.ts';
import type { ListedLora, LoraService } from '../../services/lora-service.ts';
import { UnsupportedMediaError } from '../../services/errors.ts';
import { brandIdParams } from '../brand-schemas.ts';
import { principalOf } from '../current-user.ts';
import {
  loraCreateBody,
  loraFileParams,
  loraFileQuery,
  loraListResponse,
  loraParams,
  loraResponse,
  loraUpdateBody,
  loraUploadQuery,
} from '../lora-schemas.ts';
import { errorResponse } from '../schemas.ts';

const PROVIDERS = ['fal', 'replicate', 'comfyui', 'civitai', 'brandgen-demo'];

export function presentLora({ lora, installedOnComfyui, training = null }: ListedLora): z.infer<typeof loraResponse> {
  // The fields a brand file describes a LoRA by, and what only this server knows about it.
  return {
    ...portableLora(lora),
    brand_id: lora.brandId,
    byte_size: loraSourceFields(lora.source).byteSize,
    usable_with: PROVIDERS.filter((provider) => planLoraDelivery(lora, provider).kind !== 'refused'),
    installed_on_comfyui: installedOnComfyui,
    training: training && {
      trainer: training.trainer,
      steps: training.steps,
      set_id: training.setId,
      estimated_cost_usd: training.estimatedCostUsd,
    },
    created_at: lora.createdAt,
  };
}

const actorOf = (request: Parameters<typeof principalOf>[0]) => {
  const principal = principalOf(request);
  return { userId: principal.userId, isAdmin: principal.isAdmin };
};

const created = (lora: Lora) => presentLora({ lora, installedOnComfyui: null });
const tags = ['loras'];

/** A brand's LoRA library, and the signed file links hosted providers fetch uploaded LoRAs from. */
export const loraRoutes: FastifyPluginAsyncZod<{ loras: LoraService }> = async (server, { loras }) => {
  server.get(
    '/api/brands/:id/loras',
    {
      schema: { tags, summary: "The brand's LoRA library", params: brandIdParams, response: { 200: loraListResponse, 404: errorResponse } },
    },
    async (request) => ({ loras: (await loras.list(request.params.id)).map(presentLora) }),
  );
  server.post(
    '/api/brands/:id/loras',
    {
      schema: {
        tags,
        summary: 'Add a LoRA by https link, civitai AIR or ComfyUI file name (administrators)',
        params: brandIdParams,
        body: loraCreateBody,
        response: { 201: loraResponse, 400: errorResponse, 403: errorResponse, 404: errorResponse },
      },
    },
    async (request, reply) => {
      const { body } = request;
      const details = { name: body.name, family: body.family, triggerWord: body.trigger_word, defaultScale: body.default_scale };
      const source =
        body.source === 'url'
          ? { kind: 'url' as const, url: body.url }
          : body.source === 'civitai'
            ? { kind: 'civitai' as const, air: body.air }
            : { kind: 'comfyui_file' as const, fileName: body.file_name };
      const lora = await loras.create(actorOf(request), request.params.id, details, source);
      return reply.code(201).header('location', `/api/brands/${lora.brandId}/loras/${lora.id}`).send(created(lora));
    },
  );
  server.get(
    '/api/brands/:id/loras/:loraId',
    { schema: { tags, summary: 'One LoRA', params: loraParams, response: { 200: loraResponse, 404: errorResponse } } },
    async (request) => presentLora(await loras.get(request.params.id, request.params.loraId)),
  );
  server.patch(
    '/api/brands/:id/loras/:loraId',
    {
      schema: {
        tags,
        summary: "Change a LoRA's name, family, trigger word or default scale (administrators)",
        params: loraParams,
        body: loraUpdateBody,
        response: { 200: loraResponse, 400: errorResponse, 403: errorResponse, 404: errorResponse },
      },
    },
    async (request) => {
      const { body } = request;
      const changes = {
        ...(body.name !== undefined && { name: body.name }),
        ...(body.family !== undefined && { family: body.family }),
        ...(body.trigger_word !== undefined && { triggerWord: body.trigger_word }),
        ...(body.default_scale !== undefined && { defaultScale: body.default_scale }),
      };
      return created(await loras.update(actorOf(request), request.params.id, request.params.loraId, changes));
    },
  );
  server.delete(
    '/api/brands/:id/loras/:loraId',
    {
      schema: {
        tags,
        summary: "Delete a LoRA the brand's current kit does not use (administrators)",
        params: loraParams,
        response: { 204: z.null(), 403: errorResponse, 404: errorResponse, 409: errorResponse },
      },
    },
    async (request, reply) => {
      await loras.delete(actorOf(request), request.params.id, request.params.loraId);
      return reply.code(204).send(null);
    },
  );
  await registerUploadRoute(server, loras);
  registerFileRoute(server, loras);
};

type Server = Parameters<FastifyPluginAsyncZod<{ loras: LoraService }>>[0];

async function registerUploadRoute(server: Server, loras: LoraService): Promise<void> {
  await server.register(async (scope) => {
    const uploads = scope.withTypeProvider<ZodTypeProvider>();
    // The body is handed on unread: the service streams it to the blob store, checking it on the way.
    uploads.removeAllContentTypeParsers();
    uploads.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
    uploads.post(
      '/api/brands/:id/loras/upload',
      {
        schema: {
          tags,
          summary: 'Upload a .safetensors LoRA as the raw request body (administrators; at most BRANDGEN_MAX_LORA_MB)',
          params: brandIdParams,
          querystring: loraUploadQuery,
          consumes: ['application/octet-stream'],
          response: {
            201: loraResponse,
            400: errorResponse,
            403: errorResponse,
            404: errorResponse,
            413: errorResponse,
            415: errorResponse,
          },
        },
      },
      async (request, reply) => {
        const body = request.body as IncomingMessage | undefined;
        if (!body || typeof (body as AsyncIterable<Uint8Array>)[Symbol.asyncIterator] !== 'function') {
          throw new UnsupportedMediaError('unsupported_lora', 'Send the .safetensors file itself as the request body.');
        }
        const { query } = request;
        const declared = Number(request.headers['content-length']);
        const lora = await loras
          .upload(
            actorOf(request),
            request.params.id,
            {
              fileName: query.file_name,
              name: query.name ?? query.file_name.replace(/\.safetensors$/iu, ''),
              ...(query.family !== undefined && { family: query.family }),
              ...(query.trigger_word !== undefined && { triggerWord: query.trigger_word }),
              ...(query.default_scale !== undefined && { defaultScale: query.default_scale }),
              ...(Number.isFinite(declared) && { declaredBytes: declared }),
            },
            body,
          )
          .catch((error: unknown) => {
            // The rest of a refused upload is read and dropped, so the client gets the answer rather than a reset.
            body.resume();
            throw error;
          });
        return reply.code(201).header('location', `/api/brands/${lora.brandId}/loras/${lora.id}`).send(created(lora));
      },
    );
  });
}

type LoraFile = Awaited<ReturnType<LoraService['openForAdmin']>>;

function sendFile(reply: FastifyReply, file: LoraFile): FastifyReply {
  return reply
    .header('content-type', 'application/octet-stream')
    .header('content-disposition', `attachment; filename="${file.fileName.replace(/"/gu, '')}"`)
    .header('cache-control', 'private, no-store')
    .header('content-length', file.byteSize)
    .send(file.stream);
}

function registerFileRoute(server: Server, loras: LoraService): void {
  server.get(
    '/api/brands/:id/loras/:loraId/download',
    {
      schema: {
        tags,
        summary: "Download an uploaded or trained LoRA's file (administrators), for example to copy it into ComfyUI's models/loras",
        params: loraParams,
        response: { 200: z.unknown().describe('The .safetensors file'), 403: errorResponse, 404: errorResponse },
      },
    },
    async (request, reply) => sendFile(reply, await loras.openForAdmin(actorOf(request), request.params.id, request.params.loraId)),
  );
  server.get(
    '/api/loras/:loraId/file',
    {
      schema: {
        tags,
        summary: 'An uploaded LoRA file, through a signed link that expires (what fal.ai and Replicate fetch)',
        params: loraFileParams,
        querystring: loraFileQuery,
        response: { 200: z.unknown().describe('The .safetensors file'), 400: errorResponse, 404: errorResponse },
      },
    },
    async (request, reply) => {
      return sendFile(reply, await loras.openByLink(request.params.loraId, request.query.expires, request.query.signature));
    },
  );
}

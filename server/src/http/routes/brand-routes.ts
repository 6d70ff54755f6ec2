import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { Brand, BrandVersion } from '../../domain/brand.ts';
import type { BrandFileService } from '../../services/brand-file-service.ts';
import type { BrandActor, BrandService } from '../../services/brand-service.ts';
import { notFound } from '../api-error.ts';
import { isId } from '../path-params.ts';
import {
  brandDeletedResponse,
  brandIdParams,
  brandImportQuery,
  brandKitBody,
  brandFileResponse,
  brandListQuery,
  brandListResponse,
  brandResponse,
  brandVersionListResponse,
  brandVersionParams,
  brandVersionResponse,
} from '../brand-schemas.ts';
import { principalOf } from '../current-user.ts';
import { errorResponse } from '../schemas.ts';
import type { RouteServer } from './route-server.ts';

export function presentBrand(brand: Brand): z.infer<typeof brandResponse> {
  return {
    id: brand.id,
    name: brand.current.kit.name,
    is_default: brand.isDefault,
    version: brand.current.version,
    created_at: brand.createdAt,
    updated_at: brand.current.createdAt,
    archived_at: brand.archivedAt,
    kit: brand.current.kit,
  };
}

function presentVersion(version: BrandVersion): z.infer<typeof brandVersionResponse> {
  return {
    version: version.version,
    source: version.source,
    restored_from: version.restoredFrom,
    created_by: version.createdBy,
    created_at: version.createdAt,
    kit: version.kit,
  };
}

function actorOf(request: FastifyRequest): BrandActor {
  const principal = principalOf(request);
  return { userId: principal.userId, isAdmin: principal.isAdmin };
}

/** Malformed ids answer 404 like unknown ones. */
/** A file name for an exported kit: the brand's name in plain letters. */
function exportName(brand: Brand): string {
  const slug = (brand.current.kit.name.toLowerCase().match(/[a-z0-9]+/g) ?? []).join('-').slice(0, 60) || 'brand';
  return `${slug}.brand.json`;
}

const changed = { 200: brandResponse, 400: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse };

export const brandRoutes: FastifyPluginAsyncZod<{ brands: BrandService; brandFiles: BrandFileService }> = async (
  server,
  { brands, brandFiles },
) => {
  const tags = ['brands'];
  server.get(
    '/api/brands',
    {
      schema: {
        tags,
        summary: 'The brands, the default first',
        querystring: brandListQuery,
        response: { 200: brandListResponse, 400: errorResponse },
      },
    },
    async (request) => ({ brands: (await brands.list(request.query.include_archived ?? false)).map(presentBrand) }),
  );

  server.post(
    '/api/brands',
    {
      schema: {
        tags,
        summary: 'Create a brand from a whole kit (administrators)',
        body: brandKitBody,
        response: { 201: brandResponse, 400: errorResponse, 403: errorResponse },
      },
    },
    async (request, reply) => {
      const brand = await brands.create(actorOf(request), request.body);
      return reply.code(201).header('location', `/api/brands/${brand.id}`).send(presentBrand(brand));
    },
  );

  server.get(
    '/api/brands/:id',
    {
      schema: {
        tags,
        summary: 'One brand with its current kit',
        params: brandIdParams,
        response: { 200: brandResponse, 404: errorResponse },
      },
    },
    async (request) => presentBrand(await brands.get(request.params.id)),
  );

  server.put(
    '/api/brands/:id',
    {
      schema: {
        tags,
        summary: 'Replace the kit: a new version; earlier versions stay as they were (administrators)',
        params: brandIdParams,
        body: brandKitBody,
        response: changed,
      },
    },
    async (request) => presentBrand(await brands.update(actorOf(request), request.params.id, request.body)),
  );

  server.delete(
    '/api/brands/:id',
    {
      schema: {
        tags,
        summary: 'Delete a brand, or archive it when older jobs used it; refused while in use (administrators)',
        params: brandIdParams,
        response: { 200: brandDeletedResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse },
      },
    },
    async (request) => {
      const id = request.params.id;
      return { id, result: await brands.delete(actorOf(request), id) };
    },
  );
  registerVersionRoutes(server, brands, brandFiles);
};

function registerVersionRoutes(server: RouteServer, brands: BrandService, brandFiles: BrandFileService): void {
  const tags = ['brands'];
  server.get(
    '/api/brands/:id/versions',
    {
      schema: {
        tags,
        summary: "A brand's versions, newest first",
        params: brandIdParams,
        response: { 200: brandVersionListResponse, 404: errorResponse },
      },
    },
    async (request) => {
      const id = request.params.id;
      return { brand_id: id, versions: (await brands.versions(id)).map(presentVersion) };
    },
  );

  server.post(
    '/api/brands/:id/versions/:n/restore',
    {
      schema: {
        tags,
        summary: 'Restore version n: a new version copying it (administrators)',
        params: brandVersionParams,
        response: changed,
      },
    },
    async (request) => presentBrand(await brands.restore(actorOf(request), request.params.id, Number(request.params.n))),
  );

  server.get(
    '/api/brands/:id/export',
    {
      schema: {
        tags,
        summary: 'The current kit as a brand file',
        params: brandIdParams,
        response: { 200: brandFileResponse, 404: errorResponse },
      },
    },
    async (request, reply) => {
      const { brand, file } = await brandFiles.export(request.params.id);
      return reply.header('content-disposition', `attachment; filename="${exportName(brand)}"`).send(file);
    },
  );

  server.post(
    '/api/brands/import',
    {
      schema: {
        tags,
        summary: 'Import a brand file: a new brand, or with brand_id a new version of that brand (administrators)',
        querystring: brandImportQuery,
        body: brandKitBody,
        response: { 201: brandResponse, 400: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse },
      },
    },
    async (request, reply) => {
      const into = request.query.brand_id;
      if (into !== undefined && !isId(into)) throw notFound('There is no brand with this id.');
      const brand = await brandFiles.import(actorOf(request), request.body, into);
      return reply.code(201).header('location', `/api/brands/${brand.id}`).send(presentBrand(brand));
    },
  );
}

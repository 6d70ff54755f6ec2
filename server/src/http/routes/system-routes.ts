import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ImageModelCatalog } from '../../providers/image-model-catalog.ts';
import { ApiError } from '../api-error.ts';
import { errorResponse, healthResponse, modelsResponse } from '../schemas.ts';

export interface SystemRoutesOptions {
  catalog: ImageModelCatalog;
  /** True once the database is migrated and the worker runs. */
  isHealthy: () => boolean;
}

export const systemRoutes: FastifyPluginAsyncZod<SystemRoutesOptions> = async (server, { catalog, isHealthy }) => {
  server.get(
    '/api/health',
    { schema: { tags: ['system'], summary: 'Liveness', response: { 200: healthResponse, 503: errorResponse } } },
    async () => {
      if (!isHealthy()) throw new ApiError(503, 'starting', 'Brandgen is starting or stopping.', { headers: { 'retry-after': '1' } });
      return { status: 'ok' };
    },
  );

  server.get(
    '/api/models',
    { schema: { tags: ['models'], summary: 'The image models this installation can use', response: { 200: modelsResponse } } },
    async () => ({
      models: catalog.list().map((entry) => ({
        id: entry.id,
        label: entry.label,
        provider: entry.provider,
        description: entry.description,
        is_demo: entry.isDemo,
        default: entry === catalog.defaultEntry,
      })),
    }),
  );
};

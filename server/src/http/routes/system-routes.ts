import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ImageModelCatalog } from '../../providers/image-model-catalog.ts';
import { withinTime } from '../../timing/within-time.ts';
import { ApiError } from '../api-error.ts';
import { errorResponse, healthResponse, modelsResponse, readyResponse } from '../schemas.ts';

export interface SystemRoutesOptions {
  catalog: ImageModelCatalog;
  /** True once the database is migrated and this process does its work (serves, or runs jobs). */
  isHealthy: () => boolean;
  /** Each dependency this process needs, checked with a round trip. */
  readinessChecks: Record<string, () => Promise<void>>;
  metrics: () => Promise<{ contentType: string; body: string }>;
}

const READINESS_TIMEOUT_MS = 3_000;

export const systemRoutes: FastifyPluginAsyncZod<SystemRoutesOptions> = async (server, options) => {
  const { catalog, isHealthy } = options;
  server.get(
    '/api/health',
    { schema: { tags: ['system'], summary: 'Liveness', response: { 200: healthResponse, 503: errorResponse } } },
    async () => {
      if (!isHealthy()) throw new ApiError(503, 'starting', 'Brandgen is starting or stopping.', { headers: { 'retry-after': '1' } });
      return { status: 'ok' };
    },
  );

  server.get(
    '/api/ready',
    {
      schema: {
        tags: ['system'],
        summary: 'Readiness: the database, the queue and the blob store answer',
        response: { 200: readyResponse, 503: readyResponse },
      },
    },
    async (request, reply) => {
      const checks = await Promise.all(
        Object.entries(options.readinessChecks).map(async ([name, check]) => {
          try {
            await withinTime(check(), READINESS_TIMEOUT_MS, `no answer within ${READINESS_TIMEOUT_MS} ms`);
            return [name, 'ok'] as const;
          } catch (error) {
            request.log.warn({ err: error, dependency: name }, 'readiness check failed');
            return [name, 'unreachable'] as const;
          }
        }),
      );
      const ready = isHealthy() && checks.every(([, state]) => state === 'ok');
      return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready', checks: Object.fromEntries(checks) });
    },
  );

  server.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    const { contentType, body } = await options.metrics();
    return reply.header('content-type', contentType).send(body);
  });

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


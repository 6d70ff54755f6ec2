import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ASSET_TYPES, type BrandKit } from '../../domain/brand-kit.ts';
import { presetLabels, QUALITY_PRESETS } from '../../domain/quality-presets.ts';
import type { CatalogEntry, ImageModelCatalog } from '../../providers/image-model-catalog.ts';
import { withinTime } from '../../timing/within-time.ts';
import { ApiError } from '../api-error.ts';
import { checkMetricsAccess } from '../probe-access.ts';
import { errorResponse, healthResponse, modelsResponse, readyResponse } from '../schemas.ts';

export interface SystemRoutesOptions {
  catalog: ImageModelCatalog;
  brandKit: () => Promise<BrandKit>;
  /** True once the database is migrated and this process does its work (serves, or runs jobs). */
  isHealthy: () => boolean;
  /** Each dependency this process needs, checked with a round trip. */
  readinessChecks: Record<string, () => Promise<void>>;
  metrics: () => Promise<{ contentType: string; body: string }>;
  /** Who may scrape `/metrics`: see checkMetricsAccess. */
  metricsAccess: { mode: 'none' | 'oidc'; token: string | undefined };
}

const READINESS_TIMEOUT_MS = 3_000;

export const systemRoutes: FastifyPluginAsyncZod<SystemRoutesOptions> = async (server, options) => {
  const { catalog, brandKit, isHealthy } = options;
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

  server.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    checkMetricsAccess(request, options.metricsAccess);
    const { contentType, body } = await options.metrics();
    return reply.header('content-type', contentType).send(body);
  });

  server.get(
    '/api/models',
    { schema: { tags: ['models'], summary: 'The image models this installation can use', response: { 200: modelsResponse } } },
    async () => {
      const brand = await brandKit();
      return {
        models: catalog.list().map((entry) => presentModel(entry, entry === catalog.defaultEntry)),
        asset_types: ASSET_TYPES.map((id) => ({
          id,
          label: brand.asset_types[id].label,
          size: brand.asset_types[id].size,
          aspect_ratio: brand.asset_types[id].aspect_ratio,
        })),
        presets: QUALITY_PRESETS.map((id) => ({ id, label: presetLabels[id] })),
        demo_only: !catalog.hasRealModel,
      };
    },
  );
};

function presentModel(entry: CatalogEntry, isDefault: boolean) {
  const standard = entry.presets.standard;
  return {
    id: entry.id,
    label: entry.label,
    provider: entry.provider,
    description: entry.description,
    is_demo: entry.isDemo,
    default: isDefault,
    family: entry.family,
    licence: entry.licence,
    supports_lora: entry.supportsLora,
    supports_image_input: entry.supportsImageInput,
    supports_edit: entry.supportsEdit,
    supports_image_to_image: entry.supportsImageToImage,
    images_per_call: entry.imagesPerCall,
    presets: Object.fromEntries(
      QUALITY_PRESETS.map((preset) => {
        const settings = entry.presets[preset];
        return [
          preset,
          { variant: settings.variant, steps: settings.steps, guidance: settings.guidance, price_per_image_usd: settings.pricePerImageUsd },
        ];
      }),
    ) as Record<
      (typeof QUALITY_PRESETS)[number],
      { variant: string; steps: number | null; guidance: number | null; price_per_image_usd: number }
    >,
    default_steps: standard.steps,
    default_guidance: standard.guidance,
    price_per_image_usd: standard.pricePerImageUsd,
  };
}

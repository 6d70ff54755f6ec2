import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ASSET_TYPES, type BrandKit } from '../../domain/brand-kit.ts';
import { presetLabels, QUALITY_PRESETS } from '../../domain/quality-presets.ts';
import type { CatalogEntry, ImageModelCatalog } from '../../providers/image-model-catalog.ts';
import { ApiError } from '../api-error.ts';
import { errorResponse, healthResponse, modelsResponse } from '../schemas.ts';

export interface SystemRoutesOptions {
  catalog: ImageModelCatalog;
  brandKit: () => BrandKit;
  /** True once the database is migrated and the worker runs. */
  isHealthy: () => boolean;
}

export const systemRoutes: FastifyPluginAsyncZod<SystemRoutesOptions> = async (server, { catalog, brandKit, isHealthy }) => {
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
    async () => {
      const brand = brandKit();
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
    images_per_call: entry.imagesPerCall,
    presets: Object.fromEntries(
      QUALITY_PRESETS.map((preset) => {
        const settings = entry.presets[preset];
        return [
          preset,
          { variant: settings.variant, steps: settings.steps, guidance: settings.guidance, price_per_image_usd: settings.pricePerImageUsd },
        ];
      }),
    ) as Record<(typeof QUALITY_PRESETS)[number], { variant: string; steps: number | null; guidance: number | null; price_per_image_usd: number }>,
    default_steps: standard.steps,
    default_guidance: standard.guidance,
    price_per_image_usd: standard.pricePerImageUsd,
  };
}

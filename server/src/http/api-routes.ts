import type { FastifyInstance } from 'fastify';
import type { FinishedJobCache } from './jobs/finished-job-cache.ts';
import { createGenerationLimit } from './generation-limit.ts';
import type { HttpServices } from './http-services.ts';
import { apiTokenRoutes } from './routes/api-token-routes.ts';
import { authRoutes } from './routes/auth-routes.ts';
import { batchRoutes } from './routes/batch-routes.ts';
import { brandReviewRoutes } from './routes/brand-review-routes.ts';
import { brandRoutes } from './routes/brand-routes.ts';
import { deviceRoutes } from './routes/device-routes.ts';
import { figmaPluginRoutes } from './routes/figma-plugin-routes.ts';
import { generationRoutes } from './jobs/generation-routes.ts';
import { jobEventRoutes } from './jobs/job-event-routes.ts';
import { jobRoutes } from './jobs/job-routes.ts';
import { groupEventRoutes } from './jobs/group-event-routes.ts';
import { libraryRoutes } from './routes/library-routes.ts';
import { loraRoutes } from './routes/lora-routes.ts';
import { loraTrialRoutes } from './routes/lora-trial-routes.ts';
import { projectRoutes } from './routes/project-routes.ts';
import { settingsRoutes } from './routes/settings-routes.ts';
import { trainingSetRoutes } from './routes/training-set-routes.ts';
import { trainingRoutes } from './routes/training-routes.ts';
import { templateRoutes } from './routes/template-routes.ts';
import { usageRoutes } from './routes/usage-routes.ts';
import { webhookRoutes } from './routes/webhook-routes.ts';

/** The API proper: every route but health, readiness and metrics, which workers answer too. */
export async function registerApiRoutes(
  server: FastifyInstance,
  services: HttpServices,
  settings: { rateLimitPerMinute: number; jobCache: FinishedJobCache },
): Promise<void> {
  const { identity } = services;
  await server.register(authRoutes, { mode: identity.mode, signIn: identity.signIn, publicUrl: identity.publicUrl });
  await server.register(apiTokenRoutes, { tokens: identity.tokens });
  await server.register(deviceRoutes, { devices: identity.devices, tokens: identity.tokens, publicUrl: identity.publicUrl });
  await server.register(usageRoutes, { usage: services.usage });
  await server.register(figmaPluginRoutes, { plugin: services.figmaPlugin, publicUrl: identity.publicUrl });
  await server.register(settingsRoutes, { settings: services.providerSettings });
  const limit = createGenerationLimit(server, settings.rateLimitPerMinute);
  await server.register(generationRoutes, { generation: services.generation, limit });
  const { jobCache } = settings;
  services.library.onJobChanged((jobId) => jobCache.evict(jobId));
  // Behind sign-in an image belongs to one person: shared caches must not keep it.
  await server.register(jobRoutes, {
    generation: services.generation,
    images: services.images,
    jobCache,
    privateImages: identity.mode === 'oidc',
  });
  await server.register(libraryRoutes, {
    library: services.library,
    generation: services.generation,
    limit,
  });
  await server.register(templateRoutes, { templates: services.templates });
  await server.register(brandRoutes, { brands: services.brands, brandFiles: services.brandFiles });
  await server.register(brandReviewRoutes, { reviews: services.brandReviews, maxPerMinute: settings.rateLimitPerMinute });
  await server.register(loraRoutes, { loras: services.loras });
  await server.register(loraTrialRoutes, { trials: services.loraTrials, limit });
  await server.register(trainingSetRoutes, { sets: services.trainingSets });
  await server.register(trainingRoutes, { trainings: services.trainings, streams: services.streams });
  await server.register(batchRoutes, { batches: services.batches, limit });
  await server.register(projectRoutes, { projects: services.projects, limit });
  await server.register(jobEventRoutes, { generation: services.generation, events: services.events, streams: services.streams });
  await server.register(groupEventRoutes, {
    projects: services.projects,
    batches: services.batches,
    generation: services.generation,
    projectEvents: services.projectEvents,
    batchEvents: services.batchEvents,
    streams: services.streams,
  });
  await server.register(webhookRoutes, { webhooks: services.webhooks });
}

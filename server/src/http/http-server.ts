import fastifyRateLimit from '@fastify/rate-limit';
import fastifySseModule, { type SSEPluginOptions } from '@fastify/sse';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ImageModelCatalog } from '../providers/image-model-catalog.ts';
import type { GenerationService } from '../services/generation-service.ts';
import type { ImageService } from '../services/image-service.ts';
import type { JobEvents } from '../services/job-events.ts';
import type { LibraryService } from '../services/library-service.ts';
import type { TemplateService } from '../services/template-service.ts';
import type { BatchService } from '../services/batch-service.ts';
import type { ProjectService } from '../services/project-service.ts';
import { installCurrentUser } from './current-user.ts';
import { installErrorHandling } from './error-handler.ts';
import { FinishedJobCache } from './finished-job-cache.ts';
import { generationRoutes } from './routes/generation-routes.ts';
import { jobEventRoutes } from './routes/job-event-routes.ts';
import { jobRoutes } from './routes/job-routes.ts';
import { libraryRoutes } from './routes/library-routes.ts';
import { templateRoutes } from './routes/template-routes.ts';
import { batchRoutes } from './routes/batch-routes.ts';
import { projectRoutes } from './routes/project-routes.ts';
import { systemRoutes } from './routes/system-routes.ts';

export interface HttpServerOptions {
  generation: GenerationService;
  images: ImageService;
  events: JobEvents;
  library: LibraryService;
  templates: TemplateService;
  batches: BatchService;
  projects: ProjectService;
  catalog: ImageModelCatalog;
  isHealthy: () => boolean;
  rateLimitPerMinute: number;
  webDirectory: string | undefined;
  logLevel: string;
  /** How often an idle SSE stream sends a comment line. */
  heartbeatMs?: number;
}

const BODY_LIMIT_BYTES = 64 * 1024;
// The package's CommonJS export is the wrapped plugin, while its type declarations describe the module.
const fastifySse = fastifySseModule as unknown as FastifyPluginAsync<SSEPluginOptions>;

export async function buildHttpServer(options: HttpServerOptions): Promise<FastifyInstance> {
  const server = Fastify({
    logger: { level: options.logLevel, redact: ['req.headers.authorization', 'req.headers.cookie'] },
    bodyLimit: BODY_LIMIT_BYTES,
    // Request ids appear in 500 messages so a user can quote one and an operator can find the log line.
    genReqId: () => crypto.randomUUID(),
    return503OnClosing: true,
  }).withTypeProvider<ZodTypeProvider>();
  // The API speaks JSON only; a text body is refused with 415 rather than half-understood.
  server.removeContentTypeParser('text/plain');
  server.setValidatorCompiler(validatorCompiler);
  server.setSerializerCompiler(serializerCompiler);

  await server.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'Brandgen API',
        description: 'Four on-brand 1024×1024 images from a description. Errors always have the shape {"error": {"code", "message", "fields"?}}.',
        version: '1.0.0',
      },
    },
    transform: jsonSchemaTransform,
  });
  await server.register(fastifySwaggerUi, { routePrefix: '/api/docs' });
  await server.register(fastifyRateLimit, { global: false });
  await server.register(fastifySse, { heartbeatInterval: options.heartbeatMs ?? 15_000 });

  installCurrentUser(server);
  if (options.webDirectory) {
    await server.register(fastifyStatic, {
      root: options.webDirectory,
      wildcard: false,
      setHeaders: (response, file) => {
        // Vite names built assets by content hash, so they never change under the same name.
        const immutable = file.includes(`${'/'}assets${'/'}`);
        response.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }
  installErrorHandling(server, options.webDirectory ? 'index.html' : undefined);

  await server.register(systemRoutes, { catalog: options.catalog, isHealthy: options.isHealthy });
  await server.register(generationRoutes, { generation: options.generation, rateLimitPerMinute: options.rateLimitPerMinute });
  const jobCache = new FinishedJobCache();
  options.library.onJobChanged((jobId) => jobCache.evict(jobId));
  await server.register(jobRoutes, { generation: options.generation, images: options.images, jobCache });
  await server.register(libraryRoutes, {
    library: options.library,
    generation: options.generation,
    rateLimitPerMinute: options.rateLimitPerMinute,
  });
  await server.register(templateRoutes, { templates: options.templates });
  await server.register(batchRoutes, { batches: options.batches });
  await server.register(projectRoutes, { projects: options.projects, rateLimitPerMinute: options.rateLimitPerMinute });
  await server.register(jobEventRoutes, { generation: options.generation, events: options.events });
  return server;
}

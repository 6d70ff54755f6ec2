import fastifyCompress from '@fastify/compress';
import fastifyCookie from '@fastify/cookie';
import fastifyCors from '@fastify/cors';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySseModule, { type SSEPluginOptions } from '@fastify/sse';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { Redis } from 'ioredis';
import Fastify, { LogController, type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { BrandKit } from '../domain/brand-kit.ts';
import type { ImageModelCatalog } from '../providers/image-model-catalog.ts';
import type { GenerationService } from '../services/generation-service.ts';
import type { ImageService } from '../services/image-service.ts';
import type { JobEvents } from '../services/job-events.ts';
import type { ProviderSettingsService } from '../services/provider-settings-service.ts';
import type { UsageService } from '../services/usage-service.ts';
import type { StreamAdmission } from '../services/stream-admission.ts';
import type { ApiTokenService } from '../services/api-token-service.ts';
import type { Authenticator } from '../services/authenticator.ts';
import type { DeviceAuthorizationService } from '../services/device-authorization-service.ts';
import type { SignInService } from '../services/sign-in-service.ts';
import { corsOptionsFor } from './cors-policy.ts';
import { hostPolicy, installHostCheck } from './host-check.ts';
import { HEALTH_PATHS, METRICS_PATH, metricsCredentialOf } from './probe-access.ts';
import { installSecurityHeaders } from './security-headers.ts';
import type { LibraryService } from '../services/library-service.ts';
import type { TemplateService } from '../services/template-service.ts';
import type { BatchService } from '../services/batch-service.ts';
import type { ProjectService } from '../services/project-service.ts';
import { installCurrentUser } from './current-user.ts';
import { frameworkErrorOptions, installErrorHandling } from './error-handler.ts';
import { FinishedJobCache } from './finished-job-cache.ts';
import { installTextCheck } from './text-check.ts';
import { describeRoute, shareErrorSchemas } from './openapi-errors.ts';
import { createGenerationLimit } from './generation-limit.ts';
import { apiTokenRoutes } from './routes/api-token-routes.ts';
import { authRoutes } from './routes/auth-routes.ts';
import { deviceRoutes } from './routes/device-routes.ts';
import { generationRoutes } from './routes/generation-routes.ts';
import { jobEventRoutes } from './routes/job-event-routes.ts';
import { jobRoutes } from './routes/job-routes.ts';
import { libraryRoutes } from './routes/library-routes.ts';
import { templateRoutes } from './routes/template-routes.ts';
import { brandRoutes } from './routes/brand-routes.ts';
import type { BrandService } from '../services/brand-service.ts';
import { batchRoutes } from './routes/batch-routes.ts';
import { projectRoutes } from './routes/project-routes.ts';
import { systemRoutes } from './routes/system-routes.ts';
import { settingsRoutes } from './routes/settings-routes.ts';
import { usageRoutes } from './routes/usage-routes.ts';
import { webhookRoutes } from './routes/webhook-routes.ts';
import type { WebhookService } from '../services/webhook-service.ts';
import { figmaPluginRoutes } from './routes/figma-plugin-routes.ts';
import type { FigmaPluginPackage } from '../services/figma-plugin-package.ts';

export interface HttpServerOptions {
  generation: GenerationService;
  images: ImageService;
  events: JobEvents;
  /** The per-user limit of open event streams. */
  streams: StreamAdmission;
  library: LibraryService;
  templates: TemplateService;
  batches: BatchService;
  projects: ProjectService;
  webhooks: WebhookService;
  catalog: ImageModelCatalog;
  /** The default brand's current kit: what GET /api/models says about asset types. */
  brandKit: () => Promise<BrandKit>;
  brands: BrandService;
  usage: UsageService;
  providerSettings: ProviderSettingsService;
  isHealthy: () => boolean;
  readinessChecks: Record<string, () => Promise<void>>;
  metrics: () => Promise<{ contentType: string; body: string }>;
  /** False for a worker process: it answers health, readiness and metrics only. */
  serveApi: boolean;
  rateLimitPerMinute: number;
  /** A shared store makes the per-user limits hold across API replicas. */
  rateLimitRedis?: { client: Redis; keyPrefix: string } | undefined;
  webDirectory: string | undefined;
  /** The origin of signed image links (Azure Blob), which the content security policy lets pages load. */
  imageOrigin: string | undefined;
  figmaPlugin?: FigmaPluginPackage | undefined;
  logLevel: string;
  /** Where log lines go; standard output unless a test reads them. */
  logStream?: NodeJS.WritableStream;
  /** How often an idle SSE stream sends a comment line. */
  heartbeatMs?: number;
  identity: IdentityOptions;
}

export interface IdentityOptions {
  mode: 'none' | 'oidc';
  authenticator: Authenticator;
  tokens: ApiTokenService;
  devices: DeviceAuthorizationService;
  signIn: SignInService | undefined;
  publicUrl: string | undefined;
  corsOrigins: string[];
  /** Host names answered besides loopback (`none`) or the public URL's host (`oidc`). */
  allowedHosts: string[];
  /** The bearer token that opens `/metrics`. */
  metricsToken: string | undefined;
}

const BODY_LIMIT_BYTES = 64 * 1024;
// The package's CommonJS export is the wrapped plugin, while its type declarations describe the module.
const fastifySse = fastifySseModule as unknown as FastifyPluginAsync<SSEPluginOptions>;

export async function buildHttpServer(options: HttpServerOptions): Promise<FastifyInstance> {
  const server = Fastify({
    logger: {
      level: options.logLevel,
      redact: ['req.headers.authorization', 'req.headers.cookie', 'req.body.api_key', 'res.headers["set-cookie"]'],
      ...(options.logStream && { stream: options.logStream }),
      serializers: {
        // The sign-in callback's query holds the authorization code, and device lookups hold user codes.
        req: (request) => ({ method: request.method, url: request.url.split('?')[0], host: request.host, remoteAddress: request.ip }),
      },
    },
    // A line per request buries what matters on a laptop, so requests are logged at debug level and below only;
    // failures are always logged by the error handler.
    logController: new LogController({ disableRequestLogging: !['debug', 'trace'].includes(options.logLevel) }),
    bodyLimit: BODY_LIMIT_BYTES,
    // Request ids appear in 500 messages so a user can quote one and an operator can find the log line.
    genReqId: () => crypto.randomUUID(),
    return503OnClosing: true,
    ...frameworkErrorOptions,
  }).withTypeProvider<ZodTypeProvider>();
  // The API speaks JSON only; a text body is refused with 415 rather than half-understood.
  server.removeContentTypeParser('text/plain');
  server.setValidatorCompiler(validatorCompiler);
  server.setSerializerCompiler(serializerCompiler);
  // Before any plugin adds routes: a plugin's routes keep the error handler of the moment they were added, and the
  // Host check refuses requests for every route, the CORS preflight and the API docs included.
  installErrorHandling(server, options.webDirectory && options.serveApi ? 'index.html' : undefined);
  await installEdgeProtection(server, options);

  await server.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'Brandgen API',
        description:
          'Four on-brand 1024×1024 images from a description. Errors always have the shape {"error": {"code", "message", "fields"?}}.',
        version: '1.0.0',
      },
    },
    transform: describeRoute,
    transformObject: shareErrorSchemas,
  });
  await server.register(fastifySwaggerUi, {
    routePrefix: '/api/docs',
    // Swagger UI injects a style element of its own; on its pages only, inline styles (never scripts) are let in.
    // (A hash in the list would make browsers ignore 'unsafe-inline', so the plain pages' hash is left out here.)
    transformStaticCSP: (header) => header.replace(/style-src [^;]*/, "style-src 'self' 'unsafe-inline'"),
  });
  await server.register(fastifyRateLimit, {
    global: false,
    // A Redis outage must not turn requests into 500s: while the shared counters are unreachable, requests are let through.
    skipOnError: true,
    ...(options.rateLimitRedis && { redis: options.rateLimitRedis.client, nameSpace: options.rateLimitRedis.keyPrefix }),
  });
  await server.register(fastifySse, { heartbeatInterval: options.heartbeatMs ?? 15_000 });

  // Each of these adds hooks that run on every request and every answer, so they are registered only where
  // something needs them: cookies carry sessions, which exist only with sign-in, and CORS answers only allowlisted
  // sites (without any, a cross-site request gets no CORS headers either way).
  if (options.identity.mode === 'oidc') await server.register(fastifyCookie);
  if (options.identity.corsOrigins.length > 0) {
    await server.register(fastifyCors, {
      hook: 'onRequest',
      delegator: (request, callback) => callback(null, corsOptionsFor(request, options.identity.corsOrigins)),
    });
  }
  installCurrentUser(server, { mode: options.identity.mode, authenticator: options.identity.authenticator });
  if (options.webDirectory && options.serveApi) {
    await server.register(fastifyStatic, {
      root: options.webDirectory,
      wildcard: false,
      // The web build writes .br and .gz beside each asset; the one the browser accepts is sent as it is.
      preCompressed: true,
      setHeaders: (response, file) => {
        // Vite names built assets by content hash, so they never change under the same name.
        const immutable = file.includes(`${'/'}assets${'/'}`);
        response.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }
  installTextCheck(server);

  await server.register(systemRoutes, {
    catalog: options.catalog,
    brandKit: options.brandKit,
    isHealthy: options.isHealthy,
    readinessChecks: options.readinessChecks,
    metrics: options.metrics,
    metricsAccess: { mode: options.identity.mode, token: options.identity.metricsToken },
  });
  if (!options.serveApi) return server;
  const { identity } = options;
  await server.register(authRoutes, { mode: identity.mode, signIn: identity.signIn, publicUrl: identity.publicUrl });
  await server.register(apiTokenRoutes, { tokens: identity.tokens });
  await server.register(deviceRoutes, { devices: identity.devices, tokens: identity.tokens, publicUrl: identity.publicUrl });
  await server.register(usageRoutes, { usage: options.usage });
  await server.register(figmaPluginRoutes, { plugin: options.figmaPlugin, publicUrl: identity.publicUrl });
  await server.register(settingsRoutes, { settings: options.providerSettings });
  const limit = createGenerationLimit(server, options.rateLimitPerMinute);
  await server.register(generationRoutes, { generation: options.generation, limit });
  const jobCache = new FinishedJobCache();
  options.library.onJobChanged((jobId) => jobCache.evict(jobId));
  // Behind sign-in an image belongs to one person: shared caches must not keep it.
  await server.register(jobRoutes, {
    generation: options.generation,
    images: options.images,
    jobCache,
    privateImages: identity.mode === 'oidc',
  });
  await server.register(libraryRoutes, {
    library: options.library,
    generation: options.generation,
    limit,
  });
  await server.register(templateRoutes, { templates: options.templates });
  await server.register(brandRoutes, { brands: options.brands });
  await server.register(batchRoutes, { batches: options.batches, limit });
  await server.register(projectRoutes, { projects: options.projects, limit });
  await server.register(jobEventRoutes, { generation: options.generation, events: options.events, streams: options.streams });
  await server.register(webhookRoutes, { webhooks: options.webhooks });
  return server;
}

/**
 * What every answer gets before routing: security headers, the Host check against DNS rebinding, and compression of
 * JSON and HTML. Compression must come before the static files so it sees their replies; SSE streams write to the
 * socket themselves and images are not compressible types, so neither is touched. Request bodies are not decompressed.
 */
async function installEdgeProtection(server: FastifyInstance, options: HttpServerOptions): Promise<void> {
  const { identity } = options;
  installSecurityHeaders(server, { publicUrl: identity.publicUrl, imageOrigin: options.imageOrigin });
  installHostCheck(server, {
    allows: hostPolicy({ mode: identity.mode, publicUrl: identity.publicUrl, allowedHosts: identity.allowedHosts }),
    // Orchestrators probe by the container's address, and a scrape with the metrics token proves itself.
    exempt: (request, path) =>
      HEALTH_PATHS.has(path) || (path === METRICS_PATH && metricsCredentialOf(request, identity.metricsToken) === 'valid'),
    publicUrl: identity.publicUrl,
  });
  await server.register(fastifyCompress, { globalDecompression: false, encodings: ['br', 'gzip'] });
}

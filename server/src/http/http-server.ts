import fastifyCompress from '@fastify/compress';
import fastifyCookie from '@fastify/cookie';
import fastifyCors from '@fastify/cors';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySseModule, { type SSEPluginOptions } from '@fastify/sse';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { Redis } from 'ioredis';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { ANSWER_ENCODINGS, COMPRESSION_THRESHOLD_BYTES } from './answer-encoding.ts';
import { registerApiRoutes } from './api-routes.ts';
import { corsOptionsFor } from './cors-policy.ts';
import { hostGate, hostPolicy, installHostCheck } from './host-check.ts';
import type { HttpServices } from './http-services.ts';
import { HEALTH_PATHS, METRICS_PATH, metricsCredentialOf } from './probe-access.ts';
import { installSecurityHeaders, securityHeaderSets, type SecurityHeaderSets } from './security-headers.ts';
import { FinishedJobCache } from './jobs/finished-job-cache.ts';
import { JobReadShortcut } from './jobs/job-read-shortcut.ts';
import { putShortcutFirst } from './shortcut-first.ts';
import { LOCAL_PRINCIPAL } from '../domain/principal.ts';
import { installCurrentUser } from './current-user.ts';
import { frameworkErrorOptions, installErrorHandling } from './error-handler.ts';
import { installTextCheck } from './text-check.ts';
import { describeRoute, shareErrorSchemas } from './openapi-errors.ts';
import { systemRoutes } from './routes/system-routes.ts';

/** How this process's HTTP server behaves; what it serves comes from the services record. */
export interface HttpServerSettings {
  /** The process's logger, which exists before the server; requests log through a child of it. */
  logger: FastifyBaseLogger;
  /** False for a worker process: it answers health, readiness and metrics only. */
  serveApi: boolean;
  rateLimitPerMinute: number;
  /** A shared store makes the per-user limits hold across API replicas. */
  rateLimitRedis?: { client: Redis; keyPrefix: string } | undefined;
  webDirectory: string | undefined;
  /** The origin of signed image links (Azure Blob), which the content security policy lets pages load. */
  imageOrigin: string | undefined;
  /** How often an idle SSE stream sends a comment line. */
  heartbeatMs?: number;
}

const BODY_LIMIT_BYTES = 64 * 1024;
// The package's CommonJS export is the wrapped plugin, while its type declarations describe the module.
const fastifySse = fastifySseModule as unknown as FastifyPluginAsync<SSEPluginOptions>;

export async function buildHttpServer(services: HttpServices, settings: HttpServerSettings): Promise<FastifyInstance> {
  const edge = edgeFor(services, settings);
  const server = createFastify(settings, edge.shortcut);
  // Before any plugin adds routes: a plugin's routes keep the error handler of the moment they were added, and the
  // Host check refuses requests for every route, the CORS preflight and the API docs included.
  installErrorHandling(server, settings.webDirectory && settings.serveApi ? 'index.html' : undefined);
  await installEdgeProtection(server, services, edge);
  await installDocumentation(server);
  await server.register(fastifyRateLimit, {
    global: false,
    // A Redis outage must not turn requests into 500s: while the shared counters are unreachable, requests are let through.
    skipOnError: true,
    ...(settings.rateLimitRedis && { redis: settings.rateLimitRedis.client, nameSpace: settings.rateLimitRedis.keyPrefix }),
  });
  await server.register(fastifySse, { heartbeatInterval: settings.heartbeatMs ?? 15_000 });
  await installSessionsAndWebApp(server, services, settings);
  installTextCheck(server);

  const { identity } = services;
  await server.register(systemRoutes, {
    catalog: services.catalog,
    brandKit: () => services.brands.defaultKit(),
    ...services.probes,
    metricsAccess: { mode: identity.mode, token: identity.metricsToken },
  });
  if (settings.serveApi) await registerApiRoutes(server, services, { ...settings, jobCache: edge.jobCache });
  return server;
}

/** What Fastify's hooks and the job-read shortcut in front of Fastify share, made once so both apply the same rules. */
interface Edge {
  acceptsHost: (host: string | undefined) => boolean;
  headers: SecurityHeaderSets;
  jobCache: FinishedJobCache;
  shortcut: JobReadShortcut | undefined;
}

function edgeFor(services: HttpServices, settings: HttpServerSettings): Edge {
  const { identity } = services;
  const acceptsHost = hostGate(hostPolicy({ mode: identity.mode, publicUrl: identity.publicUrl, allowedHosts: identity.allowedHosts }));
  const headers = securityHeaderSets({ publicUrl: identity.publicUrl, imageOrigin: settings.imageOrigin });
  const jobCache = new FinishedJobCache();
  // Only where a read needs no more than the cache: without sign-in (so no credentials to check) and without a log
  // line per request, which the shortcut would not write.
  const shortcut =
    settings.serveApi && identity.mode === 'none' && !logsRequests(settings.logger)
      ? new JobReadShortcut({
          jobCache,
          userId: LOCAL_PRINCIPAL.userId,
          acceptsHost,
          securityHeaders: headers.api,
          // The CORS plugin, when installed, adds Origin to Vary on every answer.
          vary: identity.corsOrigins.length > 0 ? 'Origin' : undefined,
        })
      : undefined;
  return { acceptsHost, headers, jobCache, shortcut };
}

function logsRequests(logger: FastifyBaseLogger): boolean {
  return ['debug', 'trace'].includes(logger.level);
}

function createFastify(settings: HttpServerSettings, shortcut: JobReadShortcut | undefined): FastifyInstance {
  const server = Fastify({
    loggerInstance: settings.logger,
    // A line per request buries what matters on a laptop, so requests are logged at debug level and below only;
    // failures are always logged by the error handler.
    logController: new LogController({ disableRequestLogging: !logsRequests(settings.logger) }),
    bodyLimit: BODY_LIMIT_BYTES,
    // Request ids appear in 500 messages so a user can quote one and an operator can find the log line.
    genReqId: () => crypto.randomUUID(),
    return503OnClosing: true,
    ...frameworkErrorOptions,
  }).withTypeProvider<ZodTypeProvider>();
  if (shortcut) {
    putShortcutFirst(server.server, shortcut);
    // Fastify marks itself closing before this hook and answers 503 from then on; the shortcut must not answer instead.
    server.addHook('preClose', (done) => {
      shortcut.close();
      done();
    });
  }
  // The API speaks JSON only; a text body is refused with 415 rather than half-understood.
  server.removeContentTypeParser('text/plain');
  server.setValidatorCompiler(validatorCompiler);
  server.setSerializerCompiler(serializerCompiler);
  return server;
}

/** The OpenAPI document (every route's zod schemas, the one error shape) and Swagger UI at /api/docs. */
async function installDocumentation(server: FastifyInstance): Promise<void> {
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
}

/**
 * Each of these adds hooks that run on every request and every answer, so they are registered only where something
 * needs them: cookies carry sessions, which exist only with sign-in, and CORS answers only allowlisted sites (without
 * any, a cross-site request gets no CORS headers either way). Then the current user, and the web app's files.
 */
async function installSessionsAndWebApp(server: FastifyInstance, services: HttpServices, settings: HttpServerSettings): Promise<void> {
  const { identity } = services;
  if (identity.mode === 'oidc') await server.register(fastifyCookie);
  if (identity.corsOrigins.length > 0) {
    await server.register(fastifyCors, {
      hook: 'onRequest',
      delegator: (request, callback) => callback(null, corsOptionsFor(request, identity.corsOrigins)),
    });
  }
  installCurrentUser(server, { mode: identity.mode, authenticator: identity.authenticator });
  if (settings.webDirectory && settings.serveApi) {
    await server.register(fastifyStatic, {
      root: settings.webDirectory,
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
}

/**
 * What every answer gets before routing: security headers, the Host check against DNS rebinding, and compression of
 * JSON and HTML. Compression must come before the static files so it sees their replies; SSE streams write to the
 * socket themselves and images are not compressible types, so neither is touched. Request bodies are not decompressed.
 */
async function installEdgeProtection(server: FastifyInstance, services: HttpServices, edge: Edge): Promise<void> {
  const { identity } = services;
  installSecurityHeaders(server, edge.headers);
  installHostCheck(server, {
    accepts: edge.acceptsHost,
    // Orchestrators probe by the container's address, and a scrape with the metrics token proves itself.
    exempt: (request, path) =>
      HEALTH_PATHS.has(path) || (path === METRICS_PATH && metricsCredentialOf(request, identity.metricsToken) === 'valid'),
    publicUrl: identity.publicUrl,
  });
  await server.register(fastifyCompress, {
    globalDecompression: false,
    encodings: [...ANSWER_ENCODINGS],
    threshold: COMPRESSION_THRESHOLD_BYTES,
  });
}

import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';
import { PLAIN_PAGE_STYLE } from './plain-page.ts';

export interface SecurityHeaderOptions {
  /** BRANDGEN_PUBLIC_URL: when it is https, browsers are told to use https only (HSTS) and to upgrade insecure links. */
  publicUrl: string | undefined;
  /** Where signed image links point (the Azure Blob account), which pages load images from. */
  imageOrigin: string | undefined;
}

const plainPageStyleHash = `'sha256-${createHash('sha256').update(PLAIN_PAGE_STYLE).digest('base64')}'`;

/**
 * The web app is built by Vite into same-origin files without inline scripts or style elements (React sets style
 * attributes through the DOM, which a policy does not block), so everything but images comes from this origin only.
 */
export function contentSecurityPolicyDirectives(options: SecurityHeaderOptions): Record<string, string[]> {
  const https = options.publicUrl?.startsWith('https:') === true;
  return {
    'default-src': ["'self'"],
    'base-uri': ["'self'"],
    'connect-src': ["'self'"],
    'font-src': ["'self'"],
    'form-action': ["'self'"],
    // Nothing of Brandgen may be framed, least of all the device approval page (clickjacking).
    'frame-ancestors': ["'none'"],
    // Thumbnail placeholders are data: URLs and upload previews blob: URLs.
    'img-src': ["'self'", 'data:', 'blob:', ...(options.imageOrigin ? [options.imageOrigin] : [])],
    'object-src': ["'none'"],
    'script-src': ["'self'"],
    'script-src-attr': ["'none'"],
    'style-src': ["'self'", plainPageStyleHash],
    // On plain http (a laptop, a LAN address) upgrading would point every asset at an https port nobody serves.
    ...(https && { 'upgrade-insecure-requests': [] }),
  };
}

/**
 * What an API answer needs. JSON, images and event streams are never pages: they load nothing and may be framed
 * nowhere, so their policy says exactly that, and the headers that only steer documents (opener policy, origin-keyed
 * agent clusters, DNS prefetching, the old download, cross-domain and XSS switches) are left off. Every header costs the
 * API's busiest answers time (the page set is twice as many headers and five times the bytes), and a job read by a
 * polling client is such an answer.
 */
function apiHeaderOptions(https: boolean): HelmetOptions {
  return {
    contentSecurityPolicy: { useDefaults: false, directives: { 'default-src': ["'none'"], 'frame-ancestors': ["'none'"] } },
    crossOriginOpenerPolicy: false,
    originAgentCluster: false,
    xDnsPrefetchControl: false,
    xDownloadOptions: false,
    xPermittedCrossDomainPolicies: false,
    xXssProtection: false,
    ...sharedHeaderOptions(https),
  };
}

function sharedHeaderOptions(https: boolean) {
  return {
    referrerPolicy: { policy: 'no-referrer' as const },
    // Only a deployment that is https by configuration may promise browsers https for a year.
    strictTransportSecurity: https ? { maxAge: 31_536_000, includeSubDomains: false } : false,
    xFrameOptions: { action: 'deny' as const },
  };
}

/** The API's paths, apart from its documentation pages, which are pages. */
function isApiPath(url: string): boolean {
  return url.startsWith('/api/') && !url.startsWith('/api/docs');
}

/**
 * The security headers as helmet decides them: the page set for the web app's pages and files, the API set (above) for
 * API answers. Helmet's headers depend on its options alone, never on the request, so its middleware runs once per set
 * here against a recording response and every request gets a recorded set: @fastify/helmet runs the whole middleware
 * chain per request (about 22 µs of CPU each; the chain built once still took about 8 µs against 4 µs for the
 * recorded headers).
 */
export function securityHeaderSets(options: SecurityHeaderOptions): SecurityHeaderSets {
  const https = options.publicUrl?.startsWith('https:') === true;
  return {
    page: recordedHeaders(
      helmet({
        contentSecurityPolicy: { useDefaults: false, directives: contentSecurityPolicyDirectives(options) },
        ...sharedHeaderOptions(https),
      }),
    ),
    api: recordedHeaders(helmet(apiHeaderOptions(https))),
  };
}

/** The two recorded sets: one for the web app's pages and files, one for API answers. */
export interface SecurityHeaderSets {
  page: Record<string, string>;
  api: Record<string, string>;
}

/** The recorded sets on every answer, errors and streams included; the job-read shortcut sends the API set itself. */
export function installSecurityHeaders(server: FastifyInstance, sets: SecurityHeaderSets): void {
  // On the reply rather than the raw response: Fastify writes them with its own headers in one go, and streams
  // (@fastify/sse) and static files copy the reply's headers to what they send.
  server.addHook('onRequest', (request, reply, done) => {
    reply.headers(isApiPath(request.url) ? sets.api : sets.page);
    done();
  });
}

type Middleware = ReturnType<typeof helmet>;

/** The headers a middleware sets on a response, read by handing it a response that only records them. */
function recordedHeaders(middleware: Middleware): Record<string, string> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader: (name: string, value: string | number | readonly string[]) => {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader: (name: string) => {
      delete headers[name.toLowerCase()];
    },
    getHeader: (name: string) => headers[name.toLowerCase()],
  };
  let outcome: { error: unknown } | undefined;
  middleware({} as Parameters<Middleware>[0], recorder as unknown as Parameters<Middleware>[1], (error?: unknown) => {
    outcome = { error };
  });
  // Helmet sets its headers synchronously; a version that stopped doing so must not leave answers unprotected.
  if (!outcome) throw new Error('helmet did not set its headers synchronously');
  if (outcome.error) throw outcome.error instanceof Error ? outcome.error : new Error(String(outcome.error));
  return headers;
}

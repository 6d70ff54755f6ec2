import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';
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
 * Security headers on every answer, including errors and streams, through helmet. The middleware is built once:
 * @fastify/helmet calls helmet(options) again inside its hook for every request, which measured about 22 µs of CPU
 * per request against under 4 µs for the middleware built once.
 */
export function installSecurityHeaders(server: FastifyInstance, options: SecurityHeaderOptions): void {
  const https = options.publicUrl?.startsWith('https:') === true;
  const headers = helmet({
    contentSecurityPolicy: { useDefaults: false, directives: contentSecurityPolicyDirectives(options) },
    referrerPolicy: { policy: 'no-referrer' },
    // Only a deployment that is https by configuration may promise browsers https for a year.
    strictTransportSecurity: https ? { maxAge: 31_536_000, includeSubDomains: false } : false,
    xFrameOptions: { action: 'deny' },
  });
  server.addHook('onRequest', (request, reply, done) => headers(request.raw, reply.raw, (error) => done(error as Error | undefined)));
}

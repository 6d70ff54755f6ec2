import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { LOCAL_PRINCIPAL, type Principal } from '../domain/principal.ts';
import type { Authenticator } from '../services/authenticator.ts';
import { ForbiddenError, UnauthenticatedError } from '../services/errors.ts';
import { sameSecret } from '../services/secrets.ts';
import { HEALTH_PATHS, METRICS_PATH } from './probe-access.ts';

export const SESSION_COOKIE = 'brandgen_session';
/** Readable by the web app, which echoes it in the X-CSRF-Token header; the server compares it with the session's own. */
export const CSRF_COOKIE = 'brandgen_csrf';
export const CSRF_HEADER = 'x-csrf-token';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | undefined;
    /** The session's CSRF token when the request proved itself with the session cookie. */
    csrfToken: string | undefined;
  }
}

export interface AuthenticationOptions {
  mode: 'none' | 'oidc';
  authenticator: Authenticator;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Reachable without signing in: the device grant's two client endpoints, token revocation (the token is the proof), signed LoRA file links, the sign-in pages, docs and static assets. */
export function isPublic(path: string): boolean {
  return (
    path === '/api/auth/device/code' ||
    path === '/api/auth/device/token' ||
    path === '/api/auth/revoke' ||
    // The link's signature is the proof: hosted providers fetch LoRA files without signing in.
    /^\/api\/loras\/[^/]+\/file$/.test(path) ||
    path.startsWith('/auth/') ||
    path.startsWith('/api/docs') ||
    path.startsWith('/assets/') ||
    /^\/[\w.-]+\.(?:svg|ico|png|webmanifest)$/.test(path)
  );
}

export function installCurrentUser(server: FastifyInstance, options: AuthenticationOptions): void {
  server.decorateRequest('principal', undefined);
  server.decorateRequest('csrfToken', undefined);
  if (options.mode === 'none') {
    // Every request acts for the one local user: a callback hook, as a promise per request is measurable.
    server.addHook('onRequest', (request, _reply, done) => {
      request.principal = LOCAL_PRINCIPAL;
      done();
    });
    return;
  }
  server.addHook('onRequest', async (request, reply) => {
    // Preflights carry no credentials; CORS answers them.
    if (request.method === 'OPTIONS') return;
    const path = request.url.split('?')[0]!;
    // Probes and scrapes act for no user: health and readiness are open, metrics checks its own token.
    if (HEALTH_PATHS.has(path) || path === METRICS_PATH) return;
    const authorization = request.headers.authorization;
    if (authorization !== undefined) {
      const match = /^Bearer ([\w.~+/=-]{1,8192})$/i.exec(authorization.trim());
      if (!match) throw new UnauthenticatedError('Send the token as "Authorization: Bearer <token>".', 'invalid_token');
      request.principal = await options.authenticator.bearer(match[1]!);
      return;
    }
    // The Figma plugin's sandbox sends Origin: null; such requests may use bearer tokens only, never the cookie.
    const cookie = request.headers.origin === 'null' ? undefined : request.cookies[SESSION_COOKIE];
    const session = cookie ? await options.authenticator.session(cookie) : undefined;
    if (session) {
      request.principal = session.principal;
      request.csrfToken = session.csrfToken;
      if (!SAFE_METHODS.has(request.method)) {
        const sent = request.headers[CSRF_HEADER];
        if (typeof sent !== 'string' || !sameSecret(sent, session.csrfToken)) {
          throw new ForbiddenError('This request did not come from a Brandgen page. Reload the page and try again.', 'csrf_failed');
        }
      }
      return;
    }
    if (isPublic(path)) return;
    if (path.startsWith('/api/') || !SAFE_METHODS.has(request.method)) throw new UnauthenticatedError();
    return redirectToSignIn(reply, request.url);
  });
}

function redirectToSignIn(reply: FastifyReply, returnTo: string) {
  return reply.redirect(`/auth/sign-in?return_to=${encodeURIComponent(returnTo)}`, 302);
}

/** The user a request acts for; routes behind authentication always have one. */
export function userIdOf(request: FastifyRequest): string {
  if (!request.principal) throw new UnauthenticatedError();
  return request.principal.userId;
}

export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new UnauthenticatedError();
  return request.principal;
}

/** The seam for admin-only features (provider keys, settings): true for the configured admin group or app role, and in `none` mode. */
export function isAdmin(request: FastifyRequest): boolean {
  return request.principal?.isAdmin === true;
}

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SignInError } from '../../identity/identity-provider.ts';
import type { SignInService } from '../../services/sign-in-service.ts';
import { principalOf, SESSION_COOKIE } from '../current-user.ts';
import { currentUserResponse } from '../identity-schemas.ts';
import { sendPlainPage } from '../plain-page.ts';
import { errorResponse } from '../schemas.ts';
import { clearSessionCookies, setSessionCookies, SIGN_IN_COOKIE } from '../session-cookies.ts';
import type { RouteServer } from './route-server.ts';

export interface AuthRoutesOptions {
  mode: 'none' | 'oidc';
  /** Only in `oidc` mode. */
  signIn: SignInService | undefined;
  publicUrl: string | undefined;
}

export const authRoutes: FastifyPluginAsyncZod<AuthRoutesOptions> = async (server, { mode, signIn, publicUrl }) => {
  server.get(
    '/api/auth/me',
    { schema: { tags: ['identity'], summary: 'Who the request acts for', response: { 200: currentUserResponse, 401: errorResponse } } },
    async (request) => {
      const principal = principalOf(request);
      return {
        auth_mode: mode,
        user: { id: principal.userId, name: principal.name, is_admin: principal.isAdmin, via: principal.via },
        csrf_token: request.csrfToken ?? null,
      };
    },
  );

  if (!signIn || !publicUrl) return;
  const secure = publicUrl.startsWith('https:');

  server.get(
    '/auth/sign-in',
    {
      // Each start stores a short-lived row, so one address may not start sign-ins without end.
      config: { rateLimit: { max: 60, timeWindow: '1 minute' } },
      schema: {
        tags: ['identity'],
        summary: 'Start signing in with the identity provider',
        querystring: z.object({ return_to: z.string().optional() }),
      },
    },
    async (request, reply) => {
      let started;
      try {
        started = await signIn.begin(request.query.return_to ?? '/');
      } catch (error) {
        request.log.error({ err: error }, 'could not start a sign-in with the identity provider');
        return sendPlainPage(reply.header('retry-after', '30'), 503, {
          title: 'Sign-in is unavailable',
          message: 'Brandgen cannot reach the sign-in service right now. Please try again in a minute.',
          link: { href: `/auth/sign-in?return_to=${encodeURIComponent(request.query.return_to ?? '/')}`, label: 'Try again' },
        });
      }
      const { state, url } = started;
      reply.setCookie(SIGN_IN_COOKIE, state, { path: '/auth/', httpOnly: true, sameSite: 'lax', secure, maxAge: 600 });
      return reply.header('cache-control', 'no-store').redirect(url.href, 302);
    },
  );
  registerSessionRoutes(server, { signIn, publicUrl, secure });
};

/** The identity provider's way back, and the end of a browser session: only with sign-in on. */
function registerSessionRoutes(
  server: RouteServer,
  { signIn, publicUrl, secure }: { signIn: SignInService; publicUrl: string; secure: boolean },
): void {
  server.get(
    '/auth/callback',
    { schema: { tags: ['identity'], summary: 'Where the identity provider sends the browser back' } },
    async (request, reply) => {
      const browserState = request.cookies[SIGN_IN_COOKIE];
      reply.clearCookie(SIGN_IN_COOKIE, { path: '/auth/' });
      const callbackUrl = new URL(request.url, publicUrl);
      const tryAgain = { href: '/auth/sign-in', label: 'Sign in again' };
      if (callbackUrl.searchParams.has('error')) {
        request.log.warn(
          { event: 'sign_in_failed', error: callbackUrl.searchParams.get('error') },
          'the identity provider refused a sign-in',
        );
        return sendPlainPage(reply, 400, {
          title: 'Sign-in did not complete',
          message: 'The identity provider did not sign you in.',
          link: tryAgain,
        });
      }
      try {
        const result = await signIn.complete(callbackUrl, browserState);
        if (result.kind === 'denied') {
          request.log.warn({ event: 'access_denied', userId: result.userId }, 'sign-in refused: not in the required group or app role');
          return sendPlainPage(reply, 403, {
            title: 'Access denied',
            message: 'Your account is not allowed to use Brandgen. Ask your administrator to add you to its group.',
          });
        }
        const session = await signIn.session(result.sessionToken);
        setSessionCookies(reply, {
          sessionToken: result.sessionToken,
          csrfToken: session!.csrfToken,
          maxAgeSeconds: signIn.sessionSeconds,
          secure,
        });
        request.log.info({ event: 'sign_in', userId: result.principal.userId, admin: result.principal.isAdmin }, 'signed in');
        return reply.redirect(result.returnTo, 302);
      } catch (error) {
        if (!(error instanceof SignInError)) throw error;
        request.log.warn({ event: 'sign_in_failed', reason: error.message }, 'sign-in failed');
        return sendPlainPage(reply, 400, { title: 'Sign-in did not complete', message: error.message, link: tryAgain });
      }
    },
  );

  server.get('/auth/signed-out', { schema: { hide: true } }, async (_request, reply) =>
    sendPlainPage(reply, 200, {
      title: 'Signed out',
      message: 'You have signed out of Brandgen.',
      link: { href: '/', label: 'Sign in again' },
    }),
  );

  server.post(
    '/api/auth/sign-out',
    {
      schema: {
        tags: ['identity'],
        summary: 'End this browser session',
        response: { 204: z.null(), 401: errorResponse, 403: errorResponse },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const cookie = request.cookies[SESSION_COOKIE];
      if (cookie) await signIn.signOut(cookie);
      clearSessionCookies(reply, secure);
      request.log.info({ event: 'sign_out', userId: principal.userId }, 'signed out');
      return reply.code(204).send(null);
    },
  );
}

import type { FastifyReply } from 'fastify';
import { CSRF_COOKIE, SESSION_COOKIE } from './current-user.ts';

export const SIGN_IN_COOKIE = 'brandgen_sign_in';

/** Secure whenever Brandgen is reached over TLS (its public URL is https), so a cookie never travels in clear text. */
export function setSessionCookies(
  reply: FastifyReply,
  options: { sessionToken: string; csrfToken: string; maxAgeSeconds: number; secure: boolean },
) {
  const common = { path: '/', sameSite: 'lax' as const, secure: options.secure, maxAge: options.maxAgeSeconds };
  reply.setCookie(SESSION_COOKIE, options.sessionToken, { ...common, httpOnly: true });
  reply.setCookie(CSRF_COOKIE, options.csrfToken, { ...common, httpOnly: false });
}

export function clearSessionCookies(reply: FastifyReply, secure: boolean) {
  reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure });
  reply.clearCookie(CSRF_COOKIE, { path: '/', sameSite: 'lax', secure });
}

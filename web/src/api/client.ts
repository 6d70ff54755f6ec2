import { createBrandgenClient } from '@brandgen/client';

/**
 * The web app's Brandgen client: same origin (paths relative to the page), signed in by the session cookie the
 * browser sends by itself, so it carries no token.
 */
export const brandgen = createBrandgenClient({ baseUrl: '' });
export const { api } = brandgen;

/** The session's CSRF token, which the server sets in a readable cookie; state-changing requests echo it in a header. */
function csrfToken(): string | undefined {
  const match = /(?:^|;\s*)brandgen_csrf=([^;]+)/.exec(typeof document === 'undefined' ? '' : document.cookie);
  return match ? decodeURIComponent(match[1]!) : undefined;
}

api.use({
  onRequest({ request }) {
    if (request.method === 'GET' || request.method === 'HEAD') return undefined;
    const token = csrfToken();
    if (token !== undefined) request.headers.set('X-CSRF-Token', token);
    return request;
  },
});

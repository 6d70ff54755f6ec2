import type { FastifyRequest } from 'fastify';
import { sameSecret } from '../services/secrets.ts';
import { ApiError } from './api-error.ts';

/**
 * Liveness and readiness answer anyone: they reveal only up or down per dependency, and orchestrators call them by
 * the container's address, without credentials.
 */
export const HEALTH_PATHS: ReadonlySet<string> = new Set(['/api/health', '/api/ready']);
export const METRICS_PATH = '/metrics';

export type MetricsCredential = 'valid' | 'wrong' | 'absent';

/** Whether a scrape carries the configured metrics token; without one configured, no request carries it. */
export function metricsCredentialOf(request: FastifyRequest, token: string | undefined): MetricsCredential {
  const authorization = request.headers.authorization;
  if (token === undefined || authorization === undefined) return 'absent';
  const match = /^Bearer (\S+)$/i.exec(authorization.trim());
  return match && sameSecret(match[1]!, token) ? 'valid' : 'wrong';
}

/**
 * `/metrics` checks its own bearer token rather than a user's: Prometheus has no session. In `none` mode an anonymous
 * scrape is served like every other request of the one local user; in `oidc` mode only the token opens it.
 */
export function checkMetricsAccess(request: FastifyRequest, options: { mode: 'none' | 'oidc'; token: string | undefined }): void {
  const credential = metricsCredentialOf(request, options.token);
  if (credential === 'valid' || (credential === 'absent' && options.mode === 'none')) return;
  const challenge = { headers: { 'www-authenticate': 'Bearer realm="brandgen-metrics"' } };
  if (credential === 'wrong')
    throw new ApiError(401, 'invalid_metrics_token', 'This is not the metrics token (BRANDGEN_METRICS_TOKEN).', challenge);
  throw new ApiError(
    401,
    'metrics_token_required',
    options.token === undefined
      ? 'With sign-in on, /metrics needs a token: set BRANDGEN_METRICS_TOKEN and scrape with "Authorization: Bearer <token>".'
      : 'Scrape /metrics with "Authorization: Bearer <BRANDGEN_METRICS_TOKEN>".',
    challenge,
  );
}

import { ApiTokenRepository } from '../db/api-token-repository.ts';
import { DeviceAuthorizationRepository } from '../db/device-authorization-repository.ts';
import type { IdentityOptions } from '../http/http-services.ts';
import { ApiTokenService } from '../services/api-token-service.ts';
import { Authenticator } from '../services/authenticator.ts';
import { DeviceAuthorizationService } from '../services/device-authorization-service.ts';
import type { Adapters } from './build-adapters.ts';
import type { CompositionContext } from './context.ts';

/**
 * API tokens and the device grant always; with `BRANDGEN_AUTH=oidc`, sign-in, sessions and group membership too,
 * loaded only then: the OpenID Connect and JOSE libraries are not held by an installation without sign-in.
 */
export async function buildIdentity(adapters: Adapters, context: CompositionContext): Promise<IdentityOptions> {
  const { config, clock } = context;
  const { database } = adapters;
  const tokens = new ApiTokenService({ repository: new ApiTokenRepository({ database }), clock });
  const devices = new DeviceAuthorizationService({
    repository: new DeviceAuthorizationRepository({ database }),
    tokens,
    clock,
    lifetimeSeconds: config.deviceCodeSeconds,
    intervalSeconds: config.devicePollSeconds,
  });
  const common = { tokens, devices, corsOrigins: config.corsOrigins, allowedHosts: config.allowedHosts, metricsToken: config.metricsToken };
  const { auth } = config;
  if (auth.mode === 'none') {
    return { ...common, mode: 'none', authenticator: new Authenticator({ tokens }), signIn: undefined, publicUrl: undefined };
  }
  const { buildSignIn } = await import('./build-sign-in.ts');
  return { ...common, ...buildSignIn({ adapters, context, auth, tokens }) };
}

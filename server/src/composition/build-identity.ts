import { ApiTokenRepository } from '../db/api-token-repository.ts';
import { DeviceAuthorizationRepository } from '../db/device-authorization-repository.ts';
import { SessionRepository } from '../db/session-repository.ts';
import type { IdentityOptions } from '../http/http-services.ts';
import { GraphGroupDirectory } from '../identity/graph-group-directory.ts';
import { OidcIdentityProvider } from '../identity/oidc-identity-provider.ts';
import { ApiTokenService } from '../services/api-token-service.ts';
import { Authenticator } from '../services/authenticator.ts';
import { DeviceAuthorizationService } from '../services/device-authorization-service.ts';
import { MembershipService } from '../services/membership-service.ts';
import { SignInService } from '../services/sign-in-service.ts';
import type { Adapters } from './build-adapters.ts';
import type { CompositionContext } from './context.ts';

/** API tokens and the device grant always; with `BRANDGEN_AUTH=oidc`, sign-in, sessions and group membership too. */
export function buildIdentity(adapters: Adapters, context: CompositionContext): IdentityOptions {
  const { config, clock, logger } = context;
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
  const provider = new OidcIdentityProvider(auth);
  const directory = new GraphGroupDirectory({
    baseUrl: auth.graphUrl,
    scope: auth.graphScope,
    applicationToken: (scope) => provider.applicationToken(scope),
  });
  const membership = new MembershipService({ policy: auth, directory });
  const signIn = new SignInService({
    provider,
    membership,
    sessions: new SessionRepository({ database }),
    clock,
    redirectUri: `${auth.publicUrl}/auth/callback`,
    sessionHours: auth.sessionHours,
  });
  const onDenied = (userId: string | undefined, reason: string) =>
    logger.warn({ event: 'access_denied', userId, reason }, 'bearer access refused');
  return {
    ...common,
    mode: 'oidc',
    authenticator: new Authenticator({ tokens, provider, membership, signIn, onDenied }),
    signIn,
    publicUrl: auth.publicUrl,
  };
}

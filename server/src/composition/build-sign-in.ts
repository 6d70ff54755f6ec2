import { SessionRepository } from '../db/session-repository.ts';
import type { OidcConfig } from '../config/config.ts';
import type { IdentityOptions } from '../http/http-services.ts';
import { GraphGroupDirectory } from '../identity/graph-group-directory.ts';
import { OidcIdentityProvider } from '../identity/oidc-identity-provider.ts';
import type { ApiTokenService } from '../services/api-token-service.ts';
import { Authenticator } from '../services/authenticator.ts';
import { MembershipService } from '../services/membership-service.ts';
import { SignInService } from '../services/sign-in-service.ts';
import type { Adapters } from './build-adapters.ts';
import type { CompositionContext } from './context.ts';

export interface SignInParts {
  adapters: Adapters;
  context: CompositionContext;
  auth: OidcConfig;
  tokens: ApiTokenService;
}

/** Sign-in with the identity provider, sessions and group membership, for `BRANDGEN_AUTH=oidc`. */
export function buildSignIn({
  adapters,
  context,
  auth,
  tokens,
}: SignInParts): Pick<IdentityOptions, 'mode' | 'authenticator' | 'signIn' | 'publicUrl'> {
  const { clock, logger } = context;
  const { database } = adapters;
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
    mode: 'oidc',
    authenticator: new Authenticator({ tokens, provider, membership, signIn, onDenied }),
    signIn,
    publicUrl: auth.publicUrl,
  };
}

import type { Principal } from '../domain/principal.ts';
import { InvalidTokenError, type IdentityProvider } from '../identity/identity-provider.ts';
import { API_TOKEN_PREFIX, type ApiTokenService } from './api-token-service.ts';
import { ForbiddenError, ServiceError, UnauthenticatedError } from './errors.ts';
import type { MembershipService } from './membership-service.ts';
import type { SessionPrincipal, SignInService } from './sign-in-service.ts';

/** The directory (Microsoft Graph) could not be asked; the caller may retry. */
export class DirectoryUnavailableError extends ServiceError {
  constructor() {
    super(
      'directory_unavailable',
      'Brandgen could not check your group membership with the directory right now. Please try again shortly.',
    );
  }
}

/** The identity provider (discovery or its keys) cannot be reached; nothing is wrong with the caller. */
export class IdentityProviderUnavailableError extends ServiceError {
  constructor() {
    super('identity_provider_unavailable', 'Brandgen cannot reach the sign-in service right now. Please try again shortly.');
  }
}

export interface AuthenticatorOptions {
  tokens: ApiTokenService;
  /** Absent in `none` mode, where only Brandgen's own tokens exist. */
  provider?: IdentityProvider;
  membership?: MembershipService;
  signIn?: SignInService;
  onDenied?: (userId: string | undefined, reason: string) => void;
}

/** Finds out who sends a request from a bearer token or a session cookie. */
export class Authenticator {
  private readonly options: AuthenticatorOptions;

  constructor(options: AuthenticatorOptions) {
    this.options = options;
  }

  async bearer(token: string): Promise<Principal> {
    if (token.startsWith(API_TOKEN_PREFIX)) {
      const principal = await this.options.tokens.authenticate(token);
      if (!principal) throw invalidToken('This API token is not valid: it may have been revoked or have expired.');
      return principal;
    }
    const { provider, membership } = this.options;
    if (!provider || !membership) throw invalidToken('This API token is not valid.');
    let claims;
    try {
      claims = await provider.verifyAccessToken(token);
    } catch (error) {
      if (error instanceof InvalidTokenError) {
        this.options.onDenied?.(undefined, `invalid access token (${error.message})`);
        throw invalidToken('The access token is not valid for Brandgen.');
      }
      throw new IdentityProviderUnavailableError();
    }
    let result;
    try {
      result = await membership.resolve(claims, 'access_token');
    } catch {
      throw new DirectoryUnavailableError();
    }
    if (result.kind === 'denied') {
      this.options.onDenied?.(result.userId, 'not in the required group or app role');
      throw new ForbiddenError('Your account is not allowed to use Brandgen. Ask your administrator to add you to its group.');
    }
    return result.principal;
  }

  async session(sessionToken: string): Promise<SessionPrincipal | undefined> {
    return this.options.signIn?.session(sessionToken);
  }
}

function invalidToken(message: string): UnauthenticatedError {
  return new UnauthenticatedError(message, 'invalid_token');
}

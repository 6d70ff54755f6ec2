import type { IdentityClaims } from '../domain/access-policy.ts';

/** The OpenID Connect provider as the services need it: browser sign-in and bearer token checks. */
export interface IdentityProvider {
  authorizationUrl(input: { redirectUri: string; state: string; nonce: string; codeChallenge: string }): Promise<URL>;
  /** Redeems the code of a callback and returns the verified ID token's claims. */
  redeemCode(callbackUrl: URL, checks: { codeVerifier: string; state: string; nonce: string }): Promise<IdentityClaims>;
  /** Verifies an access token (signature, issuer, audience, lifetime, tenant); throws `InvalidTokenError` otherwise. */
  verifyAccessToken(token: string): Promise<IdentityClaims>;
}

/** Answers which of some groups a user belongs to, for tokens that could not list them all. */
export interface GroupDirectory {
  memberGroups(userId: string, groupIds: string[]): Promise<string[]>;
}

/** A bearer token that does not prove anything; the reason is for logs only, never sent to the caller. */
export class InvalidTokenError extends Error {
  override name = 'InvalidTokenError';
}

/** The provider refused or failed a sign-in step; the message is safe to show. */
export class SignInError extends Error {
  override name = 'SignInError';
}

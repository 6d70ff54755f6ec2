import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import * as oidc from 'openid-client';
import type { IdentityClaims } from '../domain/access-policy.ts';
import { InvalidTokenError, SignInError, type IdentityProvider } from './identity-provider.ts';

export interface OidcIdentityProviderOptions {
  issuer: string;
  clientId: string;
  clientSecret: string;
  audiences: string[];
  tenantId: string | undefined;
  /** Seconds of clock difference tolerated on exp and nbf. */
  clockToleranceSeconds?: number;
  /** How long after one JWKS download an unknown key id may trigger the next (guards the provider against floods). */
  keyRefetchCooldownMs?: number;
}

/**
 * Microsoft Entra ID or any OpenID Connect provider, through openid-client (code flow, PKCE, client credentials)
 * and jose (access tokens against the provider's JWKS, which jose caches and refetches when an unknown key id appears).
 */
export class OidcIdentityProvider implements IdentityProvider {
  private readonly options: OidcIdentityProviderOptions;
  private configuration: Promise<oidc.Configuration> | undefined;
  private keys: JWTVerifyGetKey | undefined;

  constructor(options: OidcIdentityProviderOptions) {
    this.options = options;
  }

  /** Discovery runs on first use and again after a failure, so a provider outage at startup heals by itself. */
  configurationOf(): Promise<oidc.Configuration> {
    this.configuration ??= oidc
      .discovery(new URL(this.options.issuer), this.options.clientId, this.options.clientSecret, undefined, {
        // Plain http is allowed only for a provider on this machine (tests, local development).
        ...(isLoopbackHttp(this.options.issuer) && { execute: [oidc.allowInsecureRequests] }),
        timeout: 10,
      })
      .catch((error: unknown) => {
        this.configuration = undefined;
        throw error;
      });
    return this.configuration;
  }

  async authorizationUrl(input: { redirectUri: string; state: string; nonce: string; codeChallenge: string }): Promise<URL> {
    const configuration = await this.configurationOf();
    return oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: input.redirectUri,
      scope: 'openid profile email',
      response_type: 'code',
      state: input.state,
      nonce: input.nonce,
      code_challenge: input.codeChallenge,
      code_challenge_method: 'S256',
    });
  }

  async redeemCode(callbackUrl: URL, checks: { codeVerifier: string; state: string; nonce: string }): Promise<IdentityClaims> {
    const configuration = await this.configurationOf();
    try {
      const tokens = await oidc.authorizationCodeGrant(configuration, callbackUrl, {
        pkceCodeVerifier: checks.codeVerifier,
        expectedState: checks.state,
        expectedNonce: checks.nonce,
        idTokenExpected: true,
      });
      const claims = tokens.claims();
      if (!claims) throw new SignInError('The identity provider sent no ID token.');
      this.checkTenant(claims);
      return claims as IdentityClaims;
    } catch (error) {
      if (error instanceof SignInError) throw error;
      if (error instanceof oidc.AuthorizationResponseError) {
        throw new SignInError(`The identity provider did not sign you in (${error.error}).`);
      }
      throw new SignInError(`Signing in failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  async verifyAccessToken(token: string): Promise<IdentityClaims> {
    const configuration = await this.configurationOf();
    const metadata = configuration.serverMetadata();
    if (!metadata.jwks_uri) throw new InvalidTokenError('the provider publishes no jwks_uri');
    this.keys ??= createRemoteJWKSet(new URL(metadata.jwks_uri), {
      cacheMaxAge: 60 * 60_000,
      cooldownDuration: this.options.keyRefetchCooldownMs ?? 30_000,
      timeoutDuration: 10_000,
    });
    try {
      const { payload } = await jwtVerify(token, this.keys, {
        algorithms: ['RS256'],
        issuer: this.acceptedIssuers(metadata.issuer),
        audience: this.options.audiences,
        clockTolerance: this.options.clockToleranceSeconds ?? 120,
        requiredClaims: ['exp'],
      });
      this.checkTenant(payload);
      return payload as IdentityClaims;
    } catch (error) {
      if (error instanceof InvalidTokenError) throw error;
      if (error instanceof joseErrors.JOSEError) throw new InvalidTokenError(`${error.code}: ${error.message}`);
      throw error;
    }
  }

  /** Client-credentials token of Brandgen itself, for Microsoft Graph. */
  async applicationToken(scope: string): Promise<{ accessToken: string; expiresInSeconds: number }> {
    const configuration = await this.configurationOf();
    const tokens = await oidc.clientCredentialsGrant(configuration, { scope });
    return { accessToken: tokens.access_token, expiresInSeconds: tokens.expiresIn() ?? 300 };
  }

  /** Entra issues v1 tokens (sts.windows.net) and v2 tokens (login.microsoftonline.com) for the same app. */
  private acceptedIssuers(discovered: string): string[] {
    const { tenantId } = this.options;
    const issuers = [discovered];
    if (tenantId) issuers.push(`https://login.microsoftonline.com/${tenantId}/v2.0`, `https://sts.windows.net/${tenantId}/`);
    return [...new Set(issuers)];
  }

  private checkTenant(claims: Record<string, unknown>): void {
    const { tenantId } = this.options;
    if (tenantId && claims.tid !== tenantId) throw new InvalidTokenError('the token belongs to another tenant');
  }
}

function isLoopbackHttp(url: string): boolean {
  const parsed = new URL(url);
  return parsed.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(parsed.hostname);
}

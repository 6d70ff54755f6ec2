import { createServer, type Server } from 'node:http';
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import Provider from 'oidc-provider';
import { freePort } from './server-process.ts';

export const TEST_CLIENT_ID = 'brandgen-test';
export const TEST_CLIENT_SECRET = 'brandgen-test-secret-that-is-long-enough';
export const TEST_TENANT_ID = '0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9';
export const TEST_GRAPH_SCOPE = 'graph.read';

export interface TestIdentityProvider {
  issuer: string;
  /** The claims each test user's tokens carry, by login name; tests add users as they need. */
  users: Map<string, Record<string, unknown>>;
  /** Signs an access token with the provider's own key, as Entra would issue one for Brandgen's API. */
  signAccessToken(
    claims: JWTPayload,
    options?: { expiresIn?: string | number; notBefore?: string | number; kid?: string },
  ): Promise<string>;
  publicKeyPem: string;
  kid: string;
  close(): Promise<void>;
}

/** A real OpenID Connect provider (oidc-provider) on a free loopback port: discovery, JWKS, code flow, client credentials. */
export async function startTestIdentityProvider(redirectUris: string[]): Promise<TestIdentityProvider> {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = 'test-key-1';
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' };
  const users = new Map<string, Record<string, unknown>>();
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: TEST_CLIENT_ID,
        client_secret: TEST_CLIENT_SECRET,
        redirect_uris: redirectUris,
        grant_types: ['authorization_code', 'client_credentials'],
        response_types: ['code'],
        scope: `openid profile email ${TEST_GRAPH_SCOPE}`,
      },
    ],
    jwks: { keys: [privateJwk as never] },
    scopes: ['openid', 'offline_access', TEST_GRAPH_SCOPE],
    claims: { openid: ['sub'], profile: ['name', 'oid', 'tid', 'groups', 'roles', 'hasgroups'], email: ['email'] },
    // Entra puts groups and roles into the ID token itself; this does the same for the code flow.
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: true }, clientCredentials: { enabled: true } },
    pkce: { required: () => true },
    findAccount: async (_context, id) => {
      return { accountId: id, claims: async () => ({ sub: id, ...(users.get(id) ?? { oid: id, tid: TEST_TENANT_ID, name: id }) }) };
    },
    // Brandgen is a first-party app: no consent screen, as in an Entra tenant where an admin consented.
    loadExistingGrant: async (context) => {
      const grantId = context.oidc.result?.consent?.grantId ?? context.oidc.session!.grantIdFor(context.oidc.client!.clientId);
      if (grantId) return context.oidc.provider.Grant.find(grantId);
      const grant = new context.oidc.provider.Grant({
        clientId: context.oidc.client!.clientId,
        accountId: context.oidc.session!.accountId!,
      });
      grant.addOIDCScope('openid profile email');
      grant.addOIDCClaims(['name', 'oid', 'tid', 'groups', 'roles', 'hasgroups', 'email']);
      await grant.save();
      return grant;
    },
  });
  provider.on('server_error', (_context: unknown, error: Error) => console.error('test identity provider error:', error));
  const server: Server = createServer(provider.callback());
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const { createPublicKey } = await import('node:crypto');
  const publicKeyPem = createPublicKey(await exportJWK(publicKey).then((jwk) => ({ key: jwk as never, format: 'jwk' as const })))
    .export({ type: 'spki', format: 'pem' })
    .toString();
  return {
    issuer,
    users,
    kid,
    publicKeyPem,
    async signAccessToken(claims, options = {}) {
      const jwt = new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: options.kid ?? kid, typ: 'JWT' }).setIssuedAt();
      if (claims.iss === undefined) jwt.setIssuer(issuer);
      if (claims.exp === undefined) jwt.setExpirationTime(options.expiresIn ?? '1h');
      if (options.notBefore !== undefined) jwt.setNotBefore(options.notBefore);
      return jwt.sign(privateKey);
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

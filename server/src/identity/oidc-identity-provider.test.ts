import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, test } from 'node:test';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { InvalidTokenError } from './identity-provider.ts';
import { OidcIdentityProvider } from './oidc-identity-provider.ts';

/**
 * Key rotation needs a provider whose published keys change while Brandgen runs, which oidc-provider's static
 * configuration cannot do; this small server publishes discovery and a JWKS the test rotates.
 */
let server: Server;
let issuer: string;
let published: JWK[] = [];
let jwksDownloads = 0;

before(async () => {
  server = createServer((request, response) => {
    response.setHeader('content-type', 'application/json');
    if (request.url === '/.well-known/openid-configuration') {
      response.end(
        JSON.stringify({
          issuer,
          jwks_uri: `${issuer}/jwks`,
          authorization_endpoint: `${issuer}/auth`,
          token_endpoint: `${issuer}/token`,
          response_types_supported: ['code'],
          subject_types_supported: ['public'],
          id_token_signing_alg_values_supported: ['RS256'],
        }),
      );
    } else if (request.url === '/jwks') {
      jwksDownloads += 1;
      response.end(JSON.stringify({ keys: published }));
    } else {
      response.statusCode = 404;
      response.end('{}');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  issuer = `http://127.0.0.1:${address.port}`;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function newKey(kid: string): Promise<{ privateKey: CryptoKey; jwk: JWK }> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  return { privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } };
}

const sign = (key: CryptoKey, kid: string) =>
  new SignJWT({ oid: 'u-1', tid: 't-1' })
    .setProtectedHeader({ alg: 'RS256', kid })
    .setIssuer(issuer)
    .setAudience('api://app')
    .setExpirationTime('5m')
    .sign(key);

test('keys are cached, and a rotated key is fetched when a token names it', async () => {
  const first = await newKey('k1');
  const second = await newKey('k2');
  published = [first.jwk];
  const provider = new OidcIdentityProvider({
    issuer,
    clientId: 'app',
    clientSecret: 'secret',
    audiences: ['api://app'],
    tenantId: 't-1',
    keyRefetchCooldownMs: 0,
  });
  assert.equal((await provider.verifyAccessToken(await sign(first.privateKey, 'k1'))).oid, 'u-1');
  assert.equal((await provider.verifyAccessToken(await sign(first.privateKey, 'k1'))).oid, 'u-1');
  assert.equal(jwksDownloads, 1, 'the JWKS is downloaded once and cached');

  published = [first.jwk, second.jwk];
  assert.equal((await provider.verifyAccessToken(await sign(second.privateKey, 'k2'))).oid, 'u-1');
  assert.equal(jwksDownloads, 2, 'an unknown key id refetches the JWKS');

  published = [second.jwk];
  const stranger = await newKey('k3');
  await assert.rejects(provider.verifyAccessToken(await sign(stranger.privateKey, 'k3')), InvalidTokenError);
  await assert.rejects(
    provider.verifyAccessToken(await sign(stranger.privateKey, 'k2')),
    InvalidTokenError,
    'a known kid with the wrong key fails the signature',
  );
});
